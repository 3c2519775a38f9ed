import type { ExpectedProcess } from "../analyze/memoryView.js";
import type { AnalyzeReport } from "../analyze/report.js";
import { skewed } from "../analyze/stageSkew.js";
import type { StageSummary } from "../analyze/types.js";
import { bytesToString } from "../conf/bytesToString.js";

const BAR = 30;

/** `used` of `allocated` as a bar of ▇ (used) and ░ (allocated, unused). */
function bar(used: number | null, allocated: number): string {
  if (used === null || allocated <= 0) return `${"░".repeat(BAR)} (no peak in the log)`;
  const filled = Math.max(0, Math.min(BAR, Math.round((used / allocated) * BAR))); // a log may hold -1e308
  const pct = Math.round((used / allocated) * 100);
  return `${"▇".repeat(filled)}${"░".repeat(BAR - filled)} ${bytesToString(used)} of ${bytesToString(allocated)} (${pct}%)`;
}

function expectedText(p: ExpectedProcess): string {
  const parts = [`heap ${bytesToString(p.heapBytes)} (unified ${bytesToString(p.unifiedBytes)})`];
  if (p.offHeapBytes > 0) parts.push(`off-heap ${bytesToString(p.offHeapBytes)}`);
  if (p.overheadBytes > 0) parts.push(`overhead ${bytesToString(p.overheadBytes)}`);
  if (p.pysparkBytes > 0) parts.push(`PySpark ${bytesToString(p.pysparkBytes)}`);
  if (p.containerAllocatedBytes !== null) parts.push(`container ${bytesToString(p.containerAllocatedBytes)}`);
  return parts.join(", ");
}

const ms = (v: number) => (v >= 60_000 ? `${(v / 60_000).toFixed(1)} min` : `${(v / 1000).toFixed(1)} s`);

function topStages(stages: StageSummary[], by: (s: StageSummary) => number, n = 3): StageSummary[] {
  return [...stages]
    .filter((s) => by(s) > 0)
    .sort((a, b) => by(b) - by(a))
    .slice(0, n);
}

/**
 * Failures of one kind whose first lines differ only in numbers (container, executor, task and attempt ids,
 * hosts' addresses) as one line with their count, the first as the example.
 */
function groupFailures(failures: AnalyzeReport["failures"]): { kind: string; count: number; text: string }[] {
  const groups = new Map<string, { kind: string; count: number; text: string }>();
  for (const f of failures) {
    const text = f.text.split("\n")[0] ?? "";
    const key = `${f.kind}\u0000${text.replace(/\d+/g, "N")}`;
    const g = groups.get(key);
    if (g) g.count += f.count;
    else groups.set(key, { kind: f.kind, count: f.count, text });
  }
  return [...groups.values()];
}

/** The terminal report; plain text (the HTML-free escape of app names is the page's business). */
export function renderAnalyzeText(r: AnalyzeReport, markdown = false): string {
  const h = (t: string) => (markdown ? `\n## ${t}\n` : `\n${t}\n${"─".repeat(t.length)}`);
  const a = r.application;
  const out: string[] = [];
  out.push(markdown ? `# ${a.name ?? a.id ?? "application"}` : `${a.name ?? "(no name)"}  ${a.id ?? ""}`);
  out.push(
    `Spark ${a.sparkVersion ?? "?"} · master ${a.master ?? "?"}${a.deployMode ? ` (${a.deployMode})` : ""} · Java ${a.javaVersion ?? "?"}` +
      (a.startTimeMs !== null && a.endTimeMs !== null ? ` · ran ${ms(a.endTimeMs - a.startTimeMs)}` : "") +
      (a.completed ? "" : " · INCOMPLETE"),
  );
  for (const f of r.input.files)
    if (f.error)
      out.push(`PARTIAL: ${f.name} is corrupt (${f.error}); only the events before it are counted`);
  out.push(h("Memory: allocated against peak"));
  if ("unavailable" in r.memory) out.push(`Expected layout unavailable: ${r.memory.unavailable}`);
  else {
    const { expected } = r.memory;
    out.push(
      `Expected (sparkmem explain on the log's settings, ${expected.clusterManager}): ` +
        [
          expected.executor && `executor ${expectedText(expected.executor)}`,
          `driver ${expectedText(expected.driver)}`,
        ]
          .filter(Boolean)
          .join(" · "),
    );
    for (const p of expected.profiles)
      if (p.executor)
        out.push(
          `  resource profile ${p.id} (${Object.entries(p.settings)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ")}): executor ${expectedText(p.executor)}`,
        );
    for (const n of expected.notes) out.push(`  note: ${n}`);
    for (const e of r.memory.executors) {
      out.push(`${e.id === "driver" ? "driver" : `executor ${e.id}`}`);
      out.push(`  heap       ${bar(e.heapPeakBytes, e.heapAllocatedBytes)}`);
      if (e.containerBytes !== null)
        out.push(`  container  ${bar(e.rssPeakBytes, e.containerBytes)} (process-tree RSS)`);
      if (e.pysparkAllocatedBytes > 0 || (e.pythonRssPeakBytes ?? 0) > 0)
        out.push(`  python     ${bar(e.pythonRssPeakBytes, e.pysparkAllocatedBytes)}`);
    }
    const fromHeap = r.memory.executors.filter((e) => e.wasteFrom === "heap" && e.containerBytes !== null);
    const unknown = r.memory.executors.filter((e) => e.wasteFrom === null).length;
    out.push(
      `Unused memory over the executors' lifetimes: ${r.memory.wasteGibHours.toFixed(2)} GiB-hours` +
        (fromHeap.length > 0
          ? ` (${fromHeap.length} of ${r.memory.executors.length} without process-tree RSS: measured from their heap peak, an upper bound)`
          : "") +
        (unknown > 0 ? ` (${unknown} with no peak in the log, not counted)` : ""),
    );
  }
  out.push(h("Stages"));
  const spill = topStages(r.stages, (s) => s.memoryBytesSpilled + s.diskBytesSpilled);
  const gc = topStages(r.stages, (s) => s.gcTimeShare ?? 0);
  const skew = topStages(r.stages, (s) => (skewed(s) ? (s.skew ?? 0) : 0));
  for (const s of spill)
    out.push(
      `spill  stage ${s.stageId}.${s.attemptId}: ${bytesToString(s.memoryBytesSpilled)} memory, ${bytesToString(s.diskBytesSpilled)} disk`,
    );
  for (const s of gc)
    out.push(
      `GC     stage ${s.stageId}.${s.attemptId}: ${Math.round((s.gcTimeShare ?? 0) * 100)}% of task time`,
    );
  for (const s of skew)
    out.push(
      `skew   stage ${s.stageId}.${s.attemptId}: longest task ${(s.skew ?? 0).toFixed(1)}× the median`,
    );
  if (spill.length + gc.length + skew.length === 0) out.push("no spill, GC time or skew recorded");
  out.push(h("Failures"));
  if (r.failures.length === 0) out.push("none");
  const groups = groupFailures(r.failures);
  for (const g of groups.slice(0, 10))
    out.push(`${g.kind.padEnd(18)} ${g.count > 1 ? `${g.count}× ` : ""}${g.text.slice(0, 160)}`);
  if (groups.length > 10)
    out.push(`… and ${groups.length - 10} more kinds of failure (--json lists them all)`);
  if (r.warnings.length > 0) {
    out.push(h("Notes"));
    for (const w of r.warnings) out.push(w);
  }
  return `${out.join("\n")}\n`;
}
