import { orderRollingFiles, parseEventLogName } from "../../src/eventlog/index.js";

/** One application to read: its files in reading order, and what the grouping has to say about them. */
export interface AppGroup<F> {
  files: F[];
  notes: string[];
}

/**
 * Files given together → applications: the `events_N_<base>` files of one rolling log (same base) are one
 * application, in Spark's order (orderRollingFiles: by index, a compact file replacing the ones before it);
 * every other file is an application of its own. `appstatus_` files carry no events and are left out.
 */
export function groupFiles<F extends { name: string }>(files: readonly F[]): AppGroup<F>[] {
  const groups: AppGroup<F>[] = [];
  const rolling = new Map<string, F[]>();
  for (const f of files) {
    const n = parseEventLogName(f.name);
    if (n.kind === "appstatus") continue;
    if (n.kind === "rolling-events") {
      const same = rolling.get(n.base);
      if (same) same.push(f);
      else {
        const list = [f];
        rolling.set(n.base, list);
        // the rolling log takes the place of its first file
        groups.push({ files: list, notes: [] });
      }
    } else groups.push({ files: [f], notes: [] });
  }
  for (const g of groups) {
    if (g.files.length < 2) continue;
    const order = orderRollingFiles(g.files.map((f) => f.name));
    const byName = new Map(g.files.map((f) => [f.name, f]));
    g.files = order.files.map((p) => byName.get(p.name) as F);
    for (const d of order.dropped)
      g.notes.push(`${d.name}: before the last compact file, which already holds its events; not read`);
    if (order.missing.length > 0)
      g.notes.push(
        `rolling log: events file${order.missing.length > 1 ? "s" : ""} ${order.missing.join(", ")} missing`,
      );
  }
  return groups;
}
