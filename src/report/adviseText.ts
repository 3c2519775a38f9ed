import type { AdviseReport } from "../advise/index.js";
import { bytesToString } from "../conf/bytesToString.js";
import type { ProcessLayout } from "../model/types.js";

const BAR = 24;

/** A bar of `bytes` on a scale where `scale` fills BAR characters: both layouts side by side, to scale. */
function bar(bytes: number, scale: number): string {
  const n = scale > 0 ? Math.max(bytes > 0 ? 1 : 0, Math.round((bytes / scale) * BAR)) : 0;
  return `${"▇".repeat(n)}${" ".repeat(BAR - n)}`;
}

const size = (b: number | null) => (b === null ? "-" : bytesToString(b));

function layoutRows(label: string, a: ProcessLayout, b: ProcessLayout): string[] {
  const held = (p: ProcessLayout) => p.containerAllocatedBytes ?? p.heapBytes;
  const scale = Math.max(held(a), held(b));
  const row = (name: string, x: number | null, y: number | null) =>
    `  ${name.padEnd(20)}${size(x).padStart(11)}  → ${size(y).padStart(11)}`;
  return [
    `${label}`,
    row("heap", a.heapBytes, b.heapBytes),
    row("unified memory", a.unifiedBytes, b.unifiedBytes),
    row("overhead", a.overheadBytes, b.overheadBytes),
    ...(a.offHeapBytes > 0 || b.offHeapBytes > 0 ? [row("off-heap", a.offHeapBytes, b.offHeapBytes)] : []),
    ...(a.pysparkBytes > 0 || b.pysparkBytes > 0
      ? [row("PySpark memory", a.pysparkBytes, b.pysparkBytes)]
      : []),
    row("container (granted)", a.containerAllocatedBytes, b.containerAllocatedBytes),
    `  current ${bar(held(a), scale)} ${size(held(a))}`,
    `  advised ${bar(held(b), scale)} ${size(held(b))}`,
  ];
}

/** `sparkmem advise` as text: the changes with their reasons, both layouts side by side, the effect, the notes. */
export function renderAdviseText(r: AdviseReport): string {
  const app = r.application;
  const out = [
    `advise: ${app.name ?? "(no name)"} (${app.id ?? "no id"}), Spark ${app.sparkVersion ?? "?"}, ${app.logs} log${app.logs === 1 ? "" : "s"}, goal ${r.goal}, confidence ${r.confidence}`,
    "",
  ];
  if (r.changes.length === 0)
    out.push("No change: every setting with evidence is where its peaks put it.", "");
  else {
    out.push("Changes");
    for (const c of r.changes) {
      out.push(
        `  ${c.process.padEnd(9)}${c.key}  ${c.from ?? "(not set)"} → ${c.to ?? "(remove: Spark's default)"}`,
      );
      out.push(`           ${c.why}`);
    }
    out.push("");
  }
  for (const role of ["executor", "driver"] as const) {
    const [a, b] = [r.current[role], r.advised[role]];
    if (a && b) out.push(...layoutRows(role === "executor" ? "Executor (each)" : "Driver", a, b), "");
  }
  const hours = r.effect.executorGibHours;
  if (hours)
    out.push(
      `Executor memory held over the run: ${hours.from.toFixed(2)} → ${hours.to.toFixed(2)} GiB-hours (${(hours.to - hours.from).toFixed(2)})`,
      "",
    );
  if (r.notes.length > 0) out.push("Notes", ...r.notes.map((n) => `  - ${n}`), "");
  return `${out.join("\n")}\n`;
}
