"use client";

import * as React from "react";

import { BulkActions, type BulkTarget } from "./bulk-actions";
import { useLocalizedTimes } from "./localize-times";

const ROW_BOXES = "input[data-key-token]";
const ALL_BOX = "input[data-select-all-keys]";

/** The checked, manageable rows, in page order, read from the server-rendered checkboxes (the DOM holds the selection). */
function readSelection(): BulkTarget[] {
  const boxes = [...document.querySelectorAll<HTMLInputElement>(ROW_BOXES)].filter((box) => !box.disabled);
  const all = document.querySelector<HTMLInputElement>(ALL_BOX);
  if (all) all.checked = boxes.length > 0 && boxes.every((box) => box.checked);
  return boxes.filter((box) => box.checked).map((box) => ({ token: box.dataset.keyToken ?? "", alias: box.dataset.keyAlias ?? null }));
}

function clearSelection() {
  for (const box of document.querySelectorAll<HTMLInputElement>(`${ROW_BOXES}, ${ALL_BOX}`)) box.checked = false;
}

/** Wires the list's checkboxes to the bulk bar and shows times in the operator's zone; loaded after hydration. */
export default function KeysListEnhanced({ bulk, stamp }: { bulk: boolean; stamp: string }) {
  useLocalizedTimes(stamp);
  // Once shown, the bar stays: after a bulk delete empties the page, its per-key results must still be readable.
  const [shown, setShown] = React.useState(bulk);
  if (bulk && !shown) setShown(true);
  return shown ? <Selection stamp={stamp} /> : null;
}

function Selection({ stamp }: { stamp: string }) {
  const [selected, setSelected] = React.useState<BulkTarget[]>([]);
  const firstRun = React.useRef(true);

  React.useEffect(() => {
    // Rows may have changed (refresh, another page): re-read what is checked now.
    const sync = () => setSelected(readSelection());
    const onChange = (event: Event) => {
      const target = event.target;
      if (!(target instanceof HTMLInputElement)) return;
      if (target.matches(ALL_BOX)) {
        for (const box of document.querySelectorAll<HTMLInputElement>(ROW_BOXES)) if (!box.disabled) box.checked = target.checked;
      } else if (!target.matches(ROW_BOXES)) return;
      sync();
    };
    const frame = requestAnimationFrame(() => {
      // On first load, "select every key" may have been ticked before this code arrived: honour it.
      const all = document.querySelector<HTMLInputElement>(ALL_BOX);
      if (firstRun.current && all?.checked) {
        for (const box of document.querySelectorAll<HTMLInputElement>(ROW_BOXES)) if (!box.disabled) box.checked = true;
      }
      firstRun.current = false;
      sync();
    });
    document.addEventListener("change", onChange);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener("change", onChange);
    };
  }, [stamp]);

  return (
    <BulkActions
      selected={selected}
      onFinished={() => {
        clearSelection();
        setSelected([]);
      }}
    />
  );
}
