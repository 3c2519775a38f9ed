import { changesFor } from "../conf/change.js";
import { type ConfEntry, type SparkConf, sourceOf } from "../conf/sparkConf.js";
import { checkedFix } from "./checkFix.js";
import { applies } from "./read.js";
import { RULES } from "./registry.js";
import type { Finding, LintContext, LintRule, Severity } from "./types.js";

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** audits → findings: every rule that applies to this version and cluster manager, errors first. */
export function runRules(ctx: LintContext, rules: readonly LintRule[] = RULES): Finding[] {
  const findings: Finding[] = [];
  const settings = changeBase(ctx);
  for (const rule of rules) {
    if (!applies(rule, ctx)) continue;
    for (const f of rule.check(ctx)) {
      findings.push({
        ruleId: rule.id,
        severity: f.severity ?? rule.severity,
        key: f.key,
        ...sourceOf(f.entry?.origin),
        // a notebook line is counted within its cell (1-based cells, as Jupyter numbers them)
        message:
          f.entry?.origin.cell !== undefined ? `${f.message} (cell ${f.entry.origin.cell + 1})` : f.message,
        why: rule.why,
        fix: changesFor(settings, checkedFix(ctx, f.fix), rule.why),
      });
    }
  }
  return findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || (a.line ?? 0) - (b.line ?? 0));
}

/** What a fix changes from: the merged settings, over the cluster settings a source states (yarn-site…). */
function changeBase(ctx: LintContext): SparkConf {
  const entries = new Map<string, ConfEntry>();
  for (const [key, c] of Object.entries(ctx.facts.cluster ?? {})) entries.set(key, { key, ...c });
  for (const [key, e] of ctx.merged) entries.set(key, e);
  return { entries };
}

/** Exit status for CI pipelines: 1 when an error-level finding exists. */
export function exitCodeOf(findings: readonly Finding[]): number {
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}
