import type { Change } from "../../src/conf/index.js";
import { confLines } from "./apply.js";
import { h } from "./view.js";

/**
 * A `--conf` block and, when there is something to apply, an "Apply" button calling `apply`; under it, for
 * each change, the value it replaces and where that is set, and its why unless it is the card's (`said`).
 */
export function fixBlock(
  changes: readonly Change[],
  label: string,
  apply: ((changes: readonly Change[]) => void) | null,
  said?: string,
): HTMLElement {
  const box = h("div", undefined, "fix");
  if (changes.length) box.append(h("pre", confLines(changes).join("\n")));
  if (apply && changes.length) {
    const b = h("button", "Apply");
    b.type = "button";
    b.setAttribute("aria-label", `Apply: ${label}`);
    b.addEventListener("click", () => apply(changes));
    box.append(b);
  }
  const notes = h("ul", undefined, "change-notes");
  for (const c of changes) {
    const now =
      c.from === null ? "not set now" : `now ${c.from}${c.source === null ? "" : ` in ${c.source}`}`;
    const li = h("li", `${c.key}: ${now}${c.why === said ? "" : ` — ${c.why}`}`);
    li.dataset.key = c.key;
    notes.append(li);
  }
  if (changes.length) box.append(notes);
  return box;
}

/** A term/description list; every value as text. */
export function facts(pairs: [string, string][]): HTMLDListElement {
  const dl = h("dl", undefined, "facts");
  for (const [k, v] of pairs) dl.append(h("dt", k), h("dd", v));
  return dl;
}

/** "Spark 3.5.9 · yarn · client mode" from the Explain form, with a note on where it comes from. */
export function contextLine(s: { sparkVersion: string; master: string; deployMode: string }): string {
  return `Spark ${s.sparkVersion} · master ${s.master || "local[*]"} · ${s.deployMode} mode — from the Explain form`;
}
