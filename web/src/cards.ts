import { confLines, type Step } from "./apply.js";
import { h } from "./view.js";

/** A `--conf` block and, when there is something to apply, an "Apply" button calling `apply`. */
export function fixBlock(
  steps: readonly Step[],
  label: string,
  apply: ((steps: readonly Step[]) => void) | null,
): HTMLElement {
  const box = h("div", undefined, "fix");
  if (steps.length) box.append(h("pre", confLines(steps).join("\n")));
  if (apply && steps.length) {
    const b = h("button", "Apply");
    b.type = "button";
    b.setAttribute("aria-label", `Apply: ${label}`);
    b.addEventListener("click", () => apply(steps));
    box.append(b);
  }
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
