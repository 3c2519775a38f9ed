import type { Finding } from "../lint/index.js";
import { changeText } from "./changeText.js";

const LABEL = { error: "error", warning: "warning", info: "info" } as const;

/** `--conf key=value` lines a user can paste (a removal says so), each with the value it replaces and its own why. */
export function fixText(f: Finding): string[] {
  return f.fix.map((c) => `${changeText(c)}${c.why !== f.why ? `: ${c.why}` : ""}`);
}

const where = (f: Finding) => (f.line !== null ? `${f.source}:${f.line}` : f.source);

export function summaryLine(findings: readonly Finding[]): string {
  const n = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  return `${plural(n("error"), "error")}, ${plural(n("warning"), "warning")}, ${plural(n("info"), "note")}`;
}

/** The terminal report: one block per finding, errors first, then a summary line. */
export function renderLintText(findings: readonly Finding[]): string {
  if (findings.length === 0) return "No findings.\n";
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${LABEL[f.severity].padEnd(7)}  ${f.key}  (${where(f)})  [${f.ruleId}]`);
    out.push(`  ${f.message}`);
    out.push(`  why: ${f.why}`);
    for (const line of fixText(f)) out.push(`  fix: ${line}`);
    out.push("");
  }
  out.push(summaryLine(findings));
  return `${out.join("\n")}\n`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderLintMarkdown(findings: readonly Finding[]): string {
  const out = ["# sparkmem lint", "", summaryLine(findings), ""];
  if (findings.length > 0) {
    out.push("| severity | key | where | rule | finding | fix |", "|---|---|---|---|---|---|");
    for (const f of findings)
      out.push(
        `| ${f.severity} | \`${cell(f.key)}\` | ${cell(where(f))} | ${f.ruleId} | ${cell(f.message)} | ${cell(fixText(f).join("; "))} |`,
      );
  }
  return `${out.join("\n")}\n`;
}
