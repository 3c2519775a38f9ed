import { keyStatus } from "../keyStatus.js";
import type { LintRule } from "../types.js";

export const removedKey: LintRule = {
  id: "removed-key",
  title: "A key this Spark version no longer reads",
  severity: "warning",
  why: "The key was removed from Spark; setting it has no effect (SQL keys removed with a fixed value make Spark fail when set to another).",
  fix: "Remove it and use what replaced it, if anything.",
  docs: "Keys extracted from each version's jars; sql SQLConf.removedSQLConfigs",
  check: (ctx) =>
    [...ctx.merged.values()].flatMap((entry) => {
      const s = keyStatus(ctx, entry.key);
      if (s.kind !== "removed") return [];
      return [
        {
          key: entry.key,
          message: `${entry.key} is not read by Spark ${ctx.line}${s.lastLine ? ` (last in ${s.lastLine})` : s.since ? ` (removed in ${s.since})` : ""}${s.message ? `: ${s.message}` : ""}`,
          fix: [{ key: entry.key, to: null }],
          entry,
        },
      ];
    }),
};
