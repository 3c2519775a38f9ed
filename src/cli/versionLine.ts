import { keyAsOf, type ModelledVersion, modelledVersion, specForAlternative } from "../conf/index.js";
import type { Finding, LintInput } from "../lint/index.js";
import { type ExplainInput, toConf, withSettings } from "../model/index.js";
import type { SizeInput } from "../size/index.js";

/**
 * A version outside the modelled lines (1.6, 2.2, a 2.5.0-SNAPSHOT, 4.5) as the nearest line it is laid out
 * as (modelledVersion): explain, lint and size read it so instead of refusing it, with the note that says
 * which; a Databricks Runtime or Glue version as the Spark it ships. null when the text is a modelled line
 * (a vendor suffix is the parser's to drop), or names no version (the parser's error says so).
 */
export function versionLine(
  text: string | undefined,
): (ModelledVersion & { version: string; note: string }) | null {
  if (text === undefined) return null;
  const mapped = modelledVersion(text);
  return mapped.version !== null && mapped.note !== null
    ? { ...mapped, version: mapped.version, note: mapped.note }
    : null;
}

/** The older line's memory rules (1.6's fraction 0.75, the static manager) where the settings do not state them. */
export function lineDefaults(mapped: ModelledVersion, has: (key: string) => boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(mapped.defaults).filter(([k]) => !has(k)));
}

/**
 * lint's input with its version read as its modelled line (and that line's memory rules as the lowest
 * settings), and the note; unchanged when the version is modelled.
 */
export function lintOnLine(input: LintInput): LintOnLine {
  const mapped = versionLine(input.sparkVersion);
  if (!mapped) return { input, mapped: null, added: [] };
  const has = new Set(input.entries.map((e) => e.key));
  const defaults = Object.entries(lineDefaults(mapped, (k) => has.has(k))).map(([key, value]) => ({
    key,
    value,
    origin: { kind: "derived" as const },
  }));
  return {
    input: { ...input, sparkVersion: mapped.version, entries: [...defaults, ...input.entries] },
    mapped,
    added: defaults.map((d) => d.key),
  };
}

export interface LintOnLine {
  input: LintInput;
  mapped: ModelledVersion | null;
  /** The line's own rules added as settings: not the user's, so no finding is about them. */
  added: string[];
}

/**
 * Findings as the user's own line reads them: no "deprecated" for the only name an older line has
 * (spark.yarn.executor.memoryOverhead before 2.3), none about the line's rules sparkmem added.
 */
export function ownLineFindings(findings: Finding[], line: Pick<LintOnLine, "mapped" | "added">): Finding[] {
  const given = line.mapped?.given ?? null;
  return findings.filter(
    (f) =>
      !line.added.includes(f.key) &&
      !(
        given !== null &&
        f.ruleId === "deprecated-key" &&
        keyAsOf(specForAlternative(f.key)?.key ?? f.key, given) === f.key
      ),
  );
}

/** explain's input with its version read as its modelled line, that line's rules below the settings, and the note. */
export function explainOnLine(input: ExplainInput): { input: ExplainInput; note: string | null } {
  const mapped = versionLine(input.sparkVersion);
  if (!mapped) return { input, note: null };
  const conf = toConf(input.conf);
  const defaults = lineDefaults(mapped, (k) => conf.entries.has(k));
  return { input: withSettings({ ...input, sparkVersion: mapped.version }, defaults), note: mapped.note };
}

/** size's input with its version read as its modelled line and that line's rules below the settings, and the note. */
export function sizeOnLine(input: SizeInput): { input: SizeInput; note: string | null } {
  const on = explainOnLine({ sparkVersion: input.sparkVersion, conf: input.conf ?? {} });
  if (!on.note) return { input, note: null };
  return {
    input: { ...input, sparkVersion: on.input.sparkVersion, conf: toConf(on.input.conf) },
    note: on.note,
  };
}
