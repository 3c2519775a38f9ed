import type { ConfEntry, Origin } from "../../src/conf/sparkConf.js";
import { type Finding, type LintInput, lint } from "../../src/lint/index.js";

/** Settings as --conf flags (in order), linted for one version and master. */
export function lintConf(
  conf: Record<string, string>,
  opts: Omit<LintInput, "entries"> & { origin?: Partial<Origin> } = {},
): Finding[] {
  const entries: ConfEntry[] = Object.entries(conf).map(([key, value]) => ({
    key,
    value,
    origin: { kind: "conf-flag", ...opts.origin } as Origin,
  }));
  return lint({ ...opts, entries });
}

export const ids = (f: Finding[]): string[] => [...new Set(f.map((x) => x.ruleId))];

/** Findings of one rule as a user reads them: key, severity, message and each change (key, from, to). */
export const whole = (f: Finding[], id: string) =>
  f
    .filter((x) => x.ruleId === id)
    .map(({ key, severity, message, fix }) => ({
      key,
      severity,
      message,
      fix: fix.map(({ key, from, to }) => ({ key, from, to })),
    }));
