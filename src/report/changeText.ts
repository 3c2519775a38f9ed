import type { Change } from "../conf/change.js";

/** A change as a line to paste into spark-submit, with the value it replaces and where that is set. */
export function changeText(c: Change): string {
  const now = c.from !== null ? `now ${c.from}${c.source !== null ? ` in ${c.source}` : ""}` : null;
  if (c.to === null) return `remove ${c.key}${now ? ` (${now})` : ""}`;
  return `--conf ${c.key}=${c.to}${now ? `   (${now})` : ""}`;
}
