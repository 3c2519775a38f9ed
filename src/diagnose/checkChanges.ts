import type { SparkConf } from "../conf/sparkConf.js";
import { type Finding, lint } from "../lint/index.js";
import { changeProblems } from "../model/changeCheck.js";
import { applyChanges, type DiagnoseContext, explainInputOf } from "./context.js";
import type { Cause, Change } from "./types.js";

const relative = (changes: readonly Change[]) => changes.some((c) => c.to !== null && /%$/.test(c.to));

/**
 * Every change diagnose proposes is re-checked through the model on the configuration it was given: a
 * change that would stop the application from starting, put a container beyond a node, or bring a new
 * error lint finds is not shown — an alternative is dropped, the recommended change is withheld with the
 * reason. Without a configuration
 * (relative changes such as "+50%") there is nothing to check.
 */
export function checkChanges(ctx: DiagnoseContext, cause: Cause): Cause {
  const input = explainInputOf(ctx);
  if (!input || !ctx.conf) return cause;
  const conf = ctx.conf;
  const errorsOf = (c: SparkConf) => lintErrors(ctx, c);
  const idOf = (e: string) => e.slice(0, e.indexOf(":"));
  const had = new Set(errorsOf(conf).map(idOf));
  const problems = (changes: readonly Change[]) => {
    if (changes.length === 0 || relative(changes)) return [];
    const model = changeProblems(input, Object.fromEntries(changes.map((c) => [c.key, c.to])));
    // a finding that was there before (the same rule on the same key) is not new, whatever its numbers now
    const audits = errorsOf(applyChanges(conf, changes)).filter((e) => !had.has(idOf(e)));
    return [...model, ...audits];
  };
  const out: Cause = { ...cause };
  if (cause.alternatives)
    out.alternatives = cause.alternatives.filter((a) => problems(a.changes).length === 0);
  const main = problems(cause.changes);
  if (main.length > 0) {
    out.changes = [];
    out.nextChecks = [
      ...cause.nextChecks,
      `The change the model sized (${cause.changes.map((c) => `${c.key}=${c.to ?? "(unset)"}`).join(", ")}) is withheld: with it, ${main.join("; ")}.`,
    ];
  }
  return out;
}

/** lint's error findings for a configuration (as "rule-id: message"), which a change must not add to. */
function lintErrors(ctx: DiagnoseContext, conf: SparkConf): string[] {
  let found: Finding[];
  try {
    found = lint({
      entries: [...conf.entries.values()],
      ...(ctx.sparkVersion ? { sparkVersion: ctx.sparkVersion } : {}),
      ...(ctx.master ? { master: ctx.master } : {}),
      ...(ctx.deployMode ? { deployMode: ctx.deployMode } : {}),
    });
  } catch {
    return [];
  }
  return found.filter((f) => f.severity === "error").map((f) => `${f.ruleId} (${f.key}): ${f.message}`);
}
