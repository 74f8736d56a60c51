/** A labelled filter field with its error (server-rendered; a plain <label>, no client code). */
export function Field({ id, label, error, children }: { id: string; label: string; error?: string[]; children: React.ReactNode }) {
  return (
    <div className="grid gap-1">
      <label htmlFor={id} className="text-sm leading-none font-medium">
        {label}
      </label>
      {children}
      {error?.length ? (
        <p id={`${id}-error`} className="text-xs text-destructive">
          {error.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
