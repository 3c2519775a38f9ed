import { keyStatus } from "../keyStatus.js";
import type { LintRule } from "../types.js";

export const keyNotYet: LintRule = {
  id: "key-not-in-version",
  title: "A key from a later Spark version",
  severity: "warning",
  why: "The key exists only from a later version; this one ignores it (e.g. spark.executor.memoryOverheadFactor before 3.3), so the default applies.",
  fix: "Use the setting this version reads, or check the Spark version.",
  docs: "Keys extracted from each version's jars: src/conf/knownKeys.generated.ts",
  check: (ctx) =>
    [...ctx.merged.values()].flatMap((entry) => {
      const s = keyStatus(ctx, entry.key);
      if (s.kind !== "not-yet") return [];
      return [
        {
          key: entry.key,
          message: `${entry.key} exists from Spark ${s.from}; ${ctx.version.text} ignores it`,
          fix: [{ key: entry.key, to: null }],
          entry,
        },
      ];
    }),
};
