import { type LintInput, lintContext } from "./context.js";
import { runRules } from "./run.js";
import type { Finding } from "./types.js";

export { type LintInput, lintInputFrom } from "./context.js";
export { RULES } from "./registry.js";
export { exitCodeOf } from "./run.js";
export type { Finding, LintRule, Severity } from "./types.js";

/** gather → model → audits: the findings for one configuration, errors first. */
export function lint(input: LintInput): Finding[] {
  return runRules(lintContext(input));
}
