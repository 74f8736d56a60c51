import { afterEach, describe, expect, it } from "vitest";

import { loadSonner, registerToasterHost, resetToastForTests, toast } from "@/components/ui/toast";

/** What sonner itself holds (what its <Toaster> would render), by id. */
async function shown() {
  const sonner = await import("sonner");
  return sonner.toast
    .getToasts()
    .map((t) => ({ id: t.id, title: "title" in t ? t.title : undefined, type: "type" in t ? t.type : undefined }));
}

afterEach(async () => {
  (await import("sonner")).toast.dismiss();
  resetToastForTests();
});

describe("lazy toast", () => {
  it("queues calls made before sonner is loaded and replays them in order, with the ids it returned", async () => {
    const first = toast.success("Model saved", { description: "gpt-4o" });
    const second = toast.error("Key revoked");
    const third = toast("Plain");
    expect(typeof first).toBe("string");
    expect(new Set([first, second, third]).size).toBe(3);
    await loadSonner();
    expect(await shown()).toEqual([
      { id: first, title: "Model saved", type: "success" },
      { id: second, title: "Key revoked", type: "error" },
      { id: third, title: "Plain", type: undefined },
    ]);
  });

  it("keeps a caller-given id so a queued loading toast can be updated in place", async () => {
    const id = toast.loading("Testing connection…");
    toast.success("Connected", { id });
    await loadSonner();
    const toasts = await shown();
    expect(toasts.filter((t) => t.id === id)).toEqual([{ id, title: "Connected", type: "success" }]);
  });

  it("never shows a toast dismissed while still queued", async () => {
    const gone = toast.info("Never seen");
    toast.dismiss(gone);
    toast.warning("Still here");
    await loadSonner();
    const titles = (await shown()).map((t) => t.title);
    expect(titles).toContain("Still here");
    expect(titles).not.toContain("Never seen");
  });

  it("waits for a mounted Toaster host before replaying, so the live region exists first", async () => {
    const host = registerToasterHost();
    toast.message("After the region");
    await loadSonner();
    expect((await shown()).map((t) => t.title)).not.toContain("After the region");
    host.ready();
    expect((await shown()).map((t) => t.title)).toContain("After the region");
    // Once ready, calls go straight to sonner and return sonner's own id.
    const direct = toast.success("Direct");
    expect((await shown()).find((t) => t.title === "Direct")?.id).toBe(direct);
    host.unregister();
  });

  it("starts a promise toast's work at once and resolves unwrap() with its result", async () => {
    let started = false;
    const result = toast.promise(
      async () => {
        started = true;
        return 42;
      },
      { loading: "Verifying…", success: (n) => `Verified ${n}`, error: "Failed" },
    );
    expect(started).toBe(true);
    await expect(result.unwrap()).resolves.toBe(42);
    await loadSonner();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await shown()).map((t) => [t.title, t.type])).toContainEqual(["Verified 42", "success"]);
  });
});
