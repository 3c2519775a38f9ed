import { bytesToString } from "../conf/bytesToString.js";
import type { DiagnoseResult } from "../diagnose/index.js";
import type { Finding } from "../lint/index.js";
import { changeText } from "./changeText.js";
import { renderLintText } from "./lintText.js";

function figureText(name: string, v: number | string): string {
  return typeof v === "number" && /Bytes$/.test(name) ? `${name} ${bytesToString(v)} (${v})` : `${name} ${v}`;
}

/** The terminal report: causes best first, each with its evidence, figures, changes and next checks. */
export function renderDiagnoseText(
  r: DiagnoseResult,
  findings: readonly Finding[] | null,
  markdown = false,
): string {
  const out: string[] = [];
  const h = (t: string) => (markdown ? `## ${t}` : t);
  for (const n of r.notes ?? []) out.push(`note: ${n}`);
  if ((r.notes ?? []).length > 0) out.push("");
  if (r.causes.length === 0) out.push("No known failure found in the input.");
  r.causes.forEach((c, i) => {
    out.push(h(`${i + 1}. ${c.title}  [${c.id}] · ${c.process} · confidence ${c.confidence.toFixed(2)}`));
    out.push(`   ${c.explanation}`);
    for (const e of c.evidence) out.push(`   > ${e}`);
    const figures = Object.entries(c.figures);
    if (figures.length > 0) out.push(`   figures: ${figures.map(([k, v]) => figureText(k, v)).join(", ")}`);
    for (const ch of c.changes) out.push(`   change: ${changeText(ch)}: ${ch.why}`);
    for (const a of c.alternatives ?? []) {
      const size = [
        a.heapBytes !== null ? `heap ${bytesToString(a.heapBytes)}` : null,
        a.containerBytes !== null ? `container ${bytesToString(a.containerBytes)}` : null,
      ]
        .filter(Boolean)
        .join(", ");
      out.push(`   or: ${a.title}${size ? ` (${size})` : ""}: ${a.changes.map(changeText).join("; ")}`);
    }
    for (const t of c.codeChanges) out.push(`   code: ${t}`);
    for (const t of c.nextChecks) out.push(`   next: ${t}`);
    out.push("");
  });
  if (findings && findings.length > 0) {
    out.push(h("Configuration findings (sparkmem lint)"), "");
    out.push(renderLintText(findings).trimEnd());
  }
  return `${out.join("\n")}\n`;
}
