import type { ReactNode } from "react";

/** The server look-alike of an interactive button, shown until the interactive layer loads (aria-disabled meanwhile). */
export function InertButton({ className, label, children }: { className: string; label?: string; children: ReactNode }) {
  return (
    <button type="button" className={className} aria-label={label} aria-disabled data-slot="button">
      {children}
    </button>
  );
}
