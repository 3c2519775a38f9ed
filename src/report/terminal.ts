import { bytesToString } from "../conf/bytesToString.js";
import type { AmLayout, Layout, ProcessLayout } from "../model/types.js";
import { amRegions, columns, processRegions, type Region } from "./regions.js";
import { rows } from "./rows.js";

/** ANSI colour and a fill glyph per region, so the bar reads without colour too. */
const STYLE: Record<string, { color: number; glyph: string }> = {
  reserved: { color: 90, glyph: "░" },
  user: { color: 34, glyph: "▒" },
  storage: { color: 32, glyph: "▓" },
  execution: { color: 33, glyph: "█" },
  jvm: { color: 37, glyph: "·" },
  offheap: { color: 35, glyph: "▚" },
  pyspark: { color: 36, glyph: "▞" },
  overhead: { color: 31, glyph: "▤" },
  rounding: { color: 37, glyph: "╌" },
  heap: { color: 34, glyph: "▒" },
};

export interface TerminalOptions {
  color: boolean;
  width: number;
  why: boolean;
}

function paint(s: string, id: string, o: TerminalOptions): string {
  const st = STYLE[id];
  return o.color && st ? `\x1b[${st.color}m${s}\x1b[0m` : s;
}

function bar(regions: Region[], o: TerminalOptions): string[] {
  const cols = columns(regions, o.width);
  const line = regions
    .map((r, i) => paint((STYLE[r.id]?.glyph ?? "#").repeat(cols[i] ?? 0), r.id, o))
    .join("");
  const legend = regions.map(
    (r) => `${paint(STYLE[r.id]?.glyph ?? "#", r.id, o)} ${r.label} ${bytesToString(r.bytes)}`,
  );
  const lines = [`  ${line}`];
  let cur = " ";
  for (const item of legend) {
    if (cur.length + item.length > o.width + 20 && cur.trim()) {
      lines.push(cur);
      cur = " ";
    }
    cur += ` ${item} `;
  }
  if (cur.trim()) lines.push(cur);
  return lines;
}

function table(p: ProcessLayout, o: TerminalOptions): string[] {
  const rs = rows(p);
  const w = Math.max(...rs.map((r) => r.label.length));
  const out: string[] = [];
  for (const r of rs) {
    const bytes = r.bytes === null ? "" : String(r.bytes);
    out.push(
      `  ${r.label.padEnd(w)}  ${bytes.padStart(14)}  ${r.human.padStart(11)}${r.note ? `  ${r.note}` : ""}`,
    );
    const d = r.field ? p.derivation[r.field] : undefined;
    if (o.why && d) out.push(`  ${" ".repeat(w)}    = ${d.formula}${d.source ? `  [${d.source}]` : ""}`);
  }
  return out;
}

function processTitle(p: ProcessLayout, count: number | null | undefined): string {
  if (p.role === "driver") {
    const where = p.runsTasks
      ? "driver = the only executor (local mode)"
      : p.containerBytes === null
        ? "driver (client mode, no container)"
        : "driver (cluster mode)";
    return `${where} — ${p.jvm.xmx}, Java ${p.jvm.javaVersion}, ${p.jvm.gc} GC: ${p.jvm.gcReason}`;
  }
  const n = count === null ? "? executors" : `${count} executor${count === 1 ? "" : "s"}`;
  return `${n} × ${p.cores} core${p.cores === 1 ? "" : "s"} — ${p.jvm.xmx}, Java ${p.jvm.javaVersion}, ${p.jvm.gc} GC: ${p.jvm.gcReason}`;
}

function processSection(p: ProcessLayout, count: number | null | undefined, o: TerminalOptions): string[] {
  const out = ["", processTitle(p, count)];
  out.push(...bar(processRegions(p), o), "", ...table(p, o));
  if (p.pod)
    out.push(
      `  Pod: memory request = limit = ${p.pod.memoryRequest}, cpu request ${p.pod.cpuRequest}${p.pod.cpuLimit ? `, cpu limit ${p.pod.cpuLimit}` : ", no cpu limit"}`,
    );
  for (const n of p.notes) out.push(`  Note: ${n}`);
  return out;
}

function amSection(am: AmLayout, o: TerminalOptions): string[] {
  return [
    "",
    `YARN Application Master (client mode) — ${am.cores} vcore${am.cores === 1 ? "" : "s"}`,
    ...bar(amRegions(am), o),
    `  container ${bytesToString(am.containerBytes)} requested, ${bytesToString(am.containerAllocatedBytes)} granted`,
  ];
}

/** The whole explain report for a terminal. */
export function renderTerminal(layout: Layout, o: TerminalOptions): string {
  const out: string[] = [
    `Spark ${layout.sparkVersion} · ${layout.clusterManager} (${layout.master}) · ${layout.deployMode} mode · ${layout.appType} app`,
  ];
  out.push(...processSection(layout.driver, undefined, o));
  if (layout.executor) out.push(...processSection(layout.executor, layout.executor.count, o));
  if (layout.am) out.push(...amSection(layout.am, o));
  if (layout.errors.length) {
    out.push("", paint(`Spark would refuse to start (${layout.errors.length}):`, "overhead", o));
    for (const e of layout.errors) {
      out.push(
        `  ✗ [${e.process}${e.key ? ` · ${e.key}` : ""}] ${e.message.replace(/\n/g, "\n    ")}`,
        `    → ${e.hint}`,
      );
    }
  }
  if (layout.warnings.length) {
    out.push("", "Warnings:");
    for (const w of layout.warnings) out.push(`  ! ${w.key ? `${w.key}: ` : ""}${w.message}`);
  }
  if (!o.why) out.push("", "(--why shows the formula and Spark source behind every number)");
  return `${out.join("\n")}\n`;
}
