import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionError } from "@/lib/safe-action";

/** Puts a failed action's field errors back on the form fields; returns the message for the toast. */
export function applyActionError<T extends FieldValues>(
  error: ActionError,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): string {
  let placed = false;
  for (const [key, messages] of Object.entries(error.fieldErrors ?? {})) {
    const field = (fields as readonly string[]).find((f) => key === f || key.startsWith(`${f}.`));
    if (field && messages[0]) {
      setError(field as Path<T>, { type: "server", message: messages[0] });
      placed = true;
    }
  }
  return placed && error.code === "validation" ? "Some fields need attention." : error.message;
}
