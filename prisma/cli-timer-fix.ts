// Prisma 6.19's wasm schema engine arms a long setTimeout it never clears, so the CLI idles
// 10-60 s after finishing. Unref long timers so the process can exit when its work is done.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((handler: (...args: unknown[]) => void, timeout?: number, ...args: unknown[]) => {
  const timer = originalSetTimeout(handler, timeout, ...args);
  if ((timeout ?? 0) >= 10_000 && typeof timer === "object" && timer && "unref" in timer) timer.unref();
  return timer;
}) as typeof setTimeout;
export {};
