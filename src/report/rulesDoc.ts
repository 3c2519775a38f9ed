import type { CAUSES } from "../diagnose/index.js";
import type { LintRule } from "../lint/index.js";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function appliesText(r: LintRule): string {
  const a = r.appliesTo;
  if (!a) return "all";
  const parts: string[] = [];
  if (a.since || a.until) parts.push(`Spark ${a.since ?? "2.4"}${a.until ? `–<${a.until}` : "+"}`);
  if (a.clusterManagers) parts.push(a.clusterManagers.join(", "));
  return parts.join("; ");
}

/** README's lint rule table, generated from the rules' metadata (`npm run docs`). */
export function renderRulesTable(rules: readonly LintRule[]): string {
  const out = [
    "| rule | severity | what | applies to | why | fix | reference |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of rules)
    out.push(
      `| \`${r.id}\` | ${r.severity} | ${cell(r.title)} | ${appliesText(r)} | ${cell(r.why)} | ${cell(r.fix)} | ${cell(r.docs)} |`,
    );
  return `${out.join("\n")}\n`;
}

/** README's diagnose vocabulary, generated from the causes' metadata (`npm run docs`). */
export function renderCausesTable(causes: typeof CAUSES): string {
  const out = ["| cause id | what | explanation | reference |", "|---|---|---|---|"];
  for (const c of causes)
    out.push(`| \`${c.id}\` | ${cell(c.title)} | ${cell(c.explanation)} | ${cell(c.docs)} |`);
  return `${out.join("\n")}\n`;
}
