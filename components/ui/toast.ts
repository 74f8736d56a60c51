/**
 * Drop-in for `import { toast } from "sonner"` that keeps sonner (~10 KB gzip) out of first-load JS:
 * the library is imported on the first call (or when the idle <Toaster> asks for it) and calls made
 * before then are queued and replayed in order once a <Toaster> is mounted.
 */
import type { ExternalToast, toast as sonnerToast } from "sonner";

type SonnerModule = typeof import("sonner");
type SonnerToast = typeof sonnerToast;
type ToastId = string | number;
type Title = Parameters<SonnerToast>[0];
type PromiseInput<T> = Parameters<typeof sonnerToast.promise<T>>[0];
type PromiseOptions<T> = NonNullable<Parameters<typeof sonnerToast.promise<T>>[1]>;
type PromiseResult<T> = ReturnType<typeof sonnerToast.promise<T>>;
type Variant = "success" | "error" | "warning" | "info" | "message" | "loading";
type Call = { id?: ToastId; run: (toast: SonnerToast) => void };

let sonner: SonnerModule | null = null;
let loading: Promise<SonnerModule> | null = null;
let queue: Call[] = [];
let nextId = 0;
// Toaster hosts: registered ones, and those whose sonner <Toaster> (and its live region) is on screen.
let hostsRegistered = 0;
let hostsReady = 0;
let requested = false;
const stateListeners = new Set<() => void>();

/** Imports sonner once; a failed import (offline) is retried on the next call. */
export function loadSonner(): Promise<SonnerModule> {
  loading ??= import("sonner").then(
    (module) => {
      sonner = module;
      stateListeners.forEach((listener) => listener());
      flush();
      return module;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** Asks the mounted <Toaster> host to load and render sonner's Toaster. */
export function requestToaster(): void {
  if (!requested) {
    requested = true;
    stateListeners.forEach((listener) => listener());
  }
  loadSonner().catch(() => {});
}

export type ToasterState = "idle" | "requested" | "loaded";

/** For the <Toaster> host (useSyncExternalStore). */
export function subscribeToasterState(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}
export const getToasterState = (): ToasterState => (sonner ? "loaded" : requested ? "requested" : "idle");
/** sonner itself once loaded, else null. */
export const loadedSonner = (): SonnerModule | null => sonner;

/**
 * Called by a <Toaster> host on mount; `ready()` once sonner's Toaster is rendered. Queued toasts wait for
 * a ready host so they reach an aria-live region that already exists (screen readers skip content that
 * arrives together with its live region); with no host at all they are replayed as soon as sonner loads.
 */
export function registerToasterHost(): { ready: () => void; unregister: () => void } {
  hostsRegistered++;
  let isReady = false;
  return {
    ready() {
      if (isReady) return;
      isReady = true;
      hostsReady++;
      flush();
    },
    unregister() {
      hostsRegistered--;
      if (isReady) hostsReady--;
      isReady = false;
    },
  };
}

/** sonner's toast, once it is loaded and a host (if any) is ready to show it. */
function liveToast(): SonnerToast | null {
  return sonner && (hostsRegistered === 0 || hostsReady > 0) ? sonner.toast : null;
}

function flush() {
  const live = liveToast();
  if (!live) return;
  const calls = queue;
  queue = [];
  for (const call of calls) call.run(live);
}

/** Direct call when nothing is waiting ahead of it, so order is kept. */
function direct(): SonnerToast | null {
  return queue.length === 0 ? liveToast() : null;
}

function enqueue(call: Call) {
  queue.push(call);
  requestToaster();
}

function withId<T extends { id?: ToastId }>(data: T | undefined): T & { id: ToastId } {
  return { ...(data as T), id: data?.id ?? `toast-${++nextId}` };
}

function show(variant: Variant | null, message: Title, data?: ExternalToast): ToastId {
  const live = direct();
  if (live) {
    return variant ? live[variant](message, data) : live(message, data);
  }
  // The id is fixed now so the caller can update or dismiss a toast that is still queued.
  const options = withId(data);
  enqueue({
    id: options.id,
    run: (live) => {
      if (variant) live[variant](message, options);
      else live(message, options);
    },
  });
  return options.id;
}

function promise<T>(input: PromiseInput<T>, data?: PromiseOptions<T>): PromiseResult<T> {
  const live = direct();
  if (live) return live.promise(input, data);
  // Start the work now: only its toast waits for sonner.
  const started = typeof input === "function" ? input() : input;
  started.catch(() => {});
  const options = data ? withId(data) : undefined;
  enqueue({ id: options?.id, run: (live) => void live.promise(started, options) });
  return { unwrap: () => started };
}

function dismiss(id?: ToastId): ToastId {
  const live = direct();
  if (live) return live.dismiss(id);
  // Still queued: never show it. A toast sonner already holds is dismissed there too.
  queue = id === undefined ? [] : queue.filter((call) => call.id !== id);
  sonner?.toast.dismiss(id);
  return id as ToastId;
}

/** Same call surface as sonner's `toast`. */
export const toast = Object.assign((message: Title, data?: ExternalToast) => show(null, message, data), {
  success: (message: Title, data?: ExternalToast) => show("success", message, data),
  error: (message: Title, data?: ExternalToast) => show("error", message, data),
  warning: (message: Title, data?: ExternalToast) => show("warning", message, data),
  info: (message: Title, data?: ExternalToast) => show("info", message, data),
  message: (message: Title, data?: ExternalToast) => show("message", message, data),
  loading: (message: Title, data?: ExternalToast) => show("loading", message, data),
  promise,
  dismiss,
  getHistory: () => sonner?.toast.getHistory() ?? [],
  getToasts: () => sonner?.toast.getToasts() ?? [],
});

/** Test hook: forget everything, as on a fresh page. */
export function resetToastForTests(): void {
  sonner = null;
  loading = null;
  queue = [];
  hostsRegistered = 0;
  hostsReady = 0;
  requested = false;
  stateListeners.clear();
}
