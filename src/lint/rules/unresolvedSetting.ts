import type { LintRule } from "../types.js";

export const unresolvedSetting: LintRule = {
  id: "unresolved-setting",
  title: "A setting whose value is not written out",
  severity: "info",
  why: "The value comes from a variable, a function call or an f-string, so sparkmem cannot know it: the layout and the other rules assume Spark's default for that key, which may not be what runs.",
  fix: "Pass the value with --conf key=value (or write it as a literal) to have it checked.",
  docs: "src/conf/sources/python.ts (only literal values are read)",
  check: (ctx) =>
    ctx.unresolved.map((u) => ({
      key: /["']((?:spark|yarn)\.[\w.-]+)["']/.exec(u.text)?.[1] ?? "",
      message: `${u.text}: the value is not a literal, so it is not checked`,
      fix: [],
      entry: { key: "", value: "", origin: u.origin },
    })),
};
