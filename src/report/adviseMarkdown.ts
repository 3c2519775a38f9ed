import type { AdviseReport, CountEvidence, Evidence } from "../advise/index.js";
import { bytesToString } from "../conf/bytesToString.js";
import type { ProcessLayout } from "../model/types.js";
import { evidenceWhere } from "./adviseEvidence.js";

/** A table cell: pipes and line breaks would end it. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string | null, none: string) => (s === null ? none : `\`${s}\``);

function evidenceText(e: Evidence | CountEvidence, logs: number): string {
  return `${e.metric} ${"bytes" in e ? bytesToString(e.bytes) : e.count} (${evidenceWhere(e, logs)})`;
}

function layoutTable(label: string, a: ProcessLayout, b: ProcessLayout): string[] {
  const rows: [string, number | null, number | null][] = [
    ["heap", a.heapBytes, b.heapBytes],
    ["unified memory", a.unifiedBytes, b.unifiedBytes],
    ["overhead", a.overheadBytes, b.overheadBytes],
    ["off-heap", a.offHeapBytes, b.offHeapBytes],
    ["PySpark memory", a.pysparkBytes, b.pysparkBytes],
    ["container (granted)", a.containerAllocatedBytes, b.containerAllocatedBytes],
  ];
  const size = (x: number | null) => (x === null ? "-" : `${bytesToString(x)} (${x})`);
  return [
    `### ${label}`,
    "",
    "| | current | advised |",
    "|---|---:|---:|",
    ...rows.filter(([, x, y]) => x !== 0 || y !== 0).map(([n, x, y]) => `| ${n} | ${size(x)} | ${size(y)} |`),
    "",
  ];
}

/** `sparkmem advise --format markdown`: for a ticket or a pull request that changes the job's settings. */
export function renderAdviseMarkdown(r: AdviseReport): string {
  const app = r.application;
  const out = [
    `## sparkmem advise: ${cell(app.name ?? "(no name)")} (\`${app.id ?? "no id"}\`)`,
    "",
    `Spark ${app.sparkVersion ?? "?"}, ${app.logs} log${app.logs === 1 ? "" : "s"}, goal **${r.goal}**, confidence **${r.confidence}**.`,
    "",
  ];
  if (r.changes.length === 0)
    out.push("No change: every setting with evidence is where its peaks put it.", "");
  else {
    out.push("| process | setting | from | to | why | evidence |", "|---|---|---|---|---|---|");
    for (const c of r.changes)
      out.push(
        `| ${c.process} | \`${c.key}\` | ${code(c.from, "(not set)")} | ${code(c.to, "(remove)")} | ${cell(c.why)} | ${cell(c.evidence.map((e) => evidenceText(e, app.logs)).join("; "))} |`,
      );
    out.push("");
  }
  for (const role of ["executor", "driver"] as const) {
    const [a, b] = [r.current[role], r.advised[role]];
    if (a && b) out.push(...layoutTable(role === "executor" ? "Executor (each)" : "Driver", a, b));
  }
  const hours = r.effect.executorGibHours;
  if (hours)
    out.push(
      `Executor memory held over the run: ${hours.from.toFixed(2)} → ${hours.to.toFixed(2)} GiB-hours.`,
      "",
    );
  if (r.notes.length > 0) out.push("### Notes", "", ...r.notes.map((n) => `- ${n}`), "");
  return `${out.join("\n")}\n`;
}
