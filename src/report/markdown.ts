import type { Layout, ProcessLayout } from "../model/types.js";
import { rows } from "./rows.js";

function processTable(title: string, p: ProcessLayout): string[] {
  const out = [
    `### ${title}`,
    "",
    `\`${p.jvm.xmx}\`, Java ${p.jvm.javaVersion}, ${p.jvm.gc} GC (${p.jvm.gcReason})`,
    "",
    "| Region | Bytes | Size | Note |",
    "|---|---:|---:|---|",
  ];
  for (const r of rows(p))
    out.push(`| ${r.label.trim()} | ${r.bytes ?? ""} | ${r.human} | ${r.note ?? ""} |`);
  if (p.pod)
    out.push(
      "",
      `Pod: memory request = limit = \`${p.pod.memoryRequest}\`, cpu request \`${p.pod.cpuRequest}\`${p.pod.cpuLimit ? `, cpu limit \`${p.pod.cpuLimit}\`` : ""}`,
    );
  for (const n of p.notes) out.push("", `> ${n}`);
  return out;
}

/** Explain as Markdown, for tickets and pull requests. */
export function renderMarkdown(layout: Layout): string {
  const out = [
    `## Spark ${layout.sparkVersion} memory layout — ${layout.clusterManager} (\`${layout.master}\`), ${layout.deployMode} mode, ${layout.appType} app`,
    "",
  ];
  out.push(...processTable("Driver", layout.driver));
  if (layout.executor) {
    out.push(
      "",
      ...processTable(
        `Executors (${layout.executor.count ?? "?"} × ${layout.executor.cores} cores)`,
        layout.executor,
      ),
    );
  }
  if (layout.am) {
    out.push(
      "",
      "### YARN Application Master (client mode)",
      "",
      `Heap ${layout.am.heapBytes} + overhead ${layout.am.overheadBytes} = ${layout.am.containerBytes} bytes requested, ${layout.am.containerAllocatedBytes} granted.`,
    );
  }
  if (layout.errors.length) {
    out.push("", "### Spark would refuse to start", "");
    for (const e of layout.errors)
      out.push(
        `- **${e.process}**${e.key ? ` \`${e.key}\`` : ""}: \`${e.message.replace(/\n/g, " ")}\` — ${e.hint}`,
      );
  }
  if (layout.warnings.length) {
    out.push("", "### Warnings", "");
    for (const w of layout.warnings) out.push(`- ${w.key ? `\`${w.key}\`: ` : ""}${w.message}`);
  }
  return `${out.join("\n")}\n`;
}
