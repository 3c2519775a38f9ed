import type { ChangeTo } from "../conf/change.js";
import { changeProblems } from "../model/changeCheck.js";
import type { LintContext } from "./types.js";

/**
 * Every fix lint proposes is re-checked through the model before it is shown: with the fix applied, the
 * application must still start (no start-up error it did not have) and fit the cluster (no container newly
 * beyond a node). A fix that fails is withheld; the finding stands without one.
 */
export function checkedFix(ctx: LintContext, fix: ChangeTo[]): ChangeTo[] {
  if (fix.length === 0 || !ctx.layout) return fix;
  const settings = Object.fromEntries(fix.map((s) => [s.key, s.to]));
  return changeProblems(ctx.explainInput, settings).length === 0 ? fix : [];
}
