import { specForAlternative } from "../../conf/catalog.js";
import { changeOf } from "../../conf/change.js";
import { keyAsOf } from "../../conf/keyAsOf.js";
import type { DiagnoseContext } from "../context.js";
import type { Cause, Change } from "../types.js";

/**
 * Changes by the names the user's own Spark line reads: before 2.3 the overhead is
 * spark.yarn.executor.memoryOverhead (the model computes on 2.4, which reads both names). A removal of that
 * old name, which changesOf adds for newer lines, is dropped: on the old line it is the key being set.
 */
function asOfLine(ctx: DiagnoseContext, changes: readonly Change[]): Change[] {
  const line = ctx.givenLine;
  if (!line) return [...changes];
  const out: Change[] = [];
  for (const c of changes) {
    const main = specForAlternative(c.key);
    if (c.to === null && main && keyAsOf(main.key, line) === c.key) continue;
    const key = keyAsOf(c.key, line);
    out.push(key === c.key ? c : { ...changeOf(ctx.conf, key, c.to, c.why) });
  }
  return out;
}

export function namesOfLine(ctx: DiagnoseContext, cause: Cause): Cause {
  if (!ctx.givenLine) return cause;
  return {
    ...cause,
    changes: asOfLine(ctx, cause.changes),
    ...(cause.alternatives
      ? { alternatives: cause.alternatives.map((a) => ({ ...a, changes: asOfLine(ctx, a.changes) })) }
      : {}),
  };
}
