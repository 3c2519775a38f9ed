import {
  looksLikeEmrConfigurations,
  looksLikeSparkSubmit,
  parseConfText,
} from "../../src/conf/sources/byKind.js";
import { looksLikeJson } from "../../src/conf/sources/jsonMap.js";
import type { SourcedConf } from "../../src/conf/sources/sourced.js";
import { parseSparkSubmitArgs, splitShellWords } from "../../src/conf/sources/sparkSubmit.js";
import type { LintInput } from "../../src/lint/index.js";
import type { PageState } from "./state.js";

export type LintTextKind =
  | "none"
  | "spark-submit"
  | "spark-defaults"
  | "json"
  | "emr"
  | "spark-application"
  | "python"
  | "notebook";

/** What the pasted text is, by its content (the CLI's fileKind also has the file name to go by). */
export function lintTextKind(text: string): LintTextKind {
  const t = text.trim();
  if (!t) return "none";
  if (/^\{/.test(t) && /"cells"\s*:/.test(t)) return "notebook";
  if (looksLikeEmrConfigurations(t)) return "emr";
  if (looksLikeJson(t)) return "json";
  if (/^\s*(?:apiVersion|kind)\s*:/m.test(t)) return "spark-application";
  if (/\bSparkSession\b|\bSparkConf\s*\(|^\s*(?:from|import)\s+[A-Za-z_]/m.test(t)) return "python";
  if (looksLikeSparkSubmit(t)) return "spark-submit";
  return "spark-defaults";
}

/** The name findings give the pasted text as their source. */
export const PASTED_NAME = "pasted";

function sourced(kind: LintTextKind, text: string): SourcedConf & { appType?: "jvm" | "python" | "r" } {
  switch (kind) {
    case "none":
      return { entries: [], facts: {} };
    case "notebook":
    case "python":
    case "spark-application":
    case "emr":
      return parseConfText(kind, text, PASTED_NAME);
    case "spark-submit": {
      const a = parseSparkSubmitArgs(splitShellWords(text));
      const s = { entries: [...a.confEntries, ...a.flagEntries], facts: {} };
      return a.appType ? { ...s, appType: a.appType } : s;
    }
    default:
      return parseConfText("conf", text, PASTED_NAME);
  }
}

/**
 * The pasted text as lint's input, read by the CLI's parsers. Spark version, master, deploy mode and
 * application type come from the Explain form unless the pasted text says them (as the CLI's flags would).
 */
export function lintInputOf(text: string, s: PageState): { input: LintInput; kind: LintTextKind } {
  const kind = lintTextKind(text);
  const src = sourced(kind, text);
  const sets = (key: string) => src.entries.some((e) => e.key === key);
  const input: LintInput = { entries: src.entries, facts: src.facts, unresolved: src.unresolved ?? [] };
  input.sparkVersion = src.facts.sparkVersion ?? s.sparkVersion;
  const master = src.facts.master ?? (sets("spark.master") ? undefined : s.master.trim() || undefined);
  if (master) input.master = master;
  const deploy =
    src.facts.deployMode ?? (sets("spark.submit.deployMode") ? undefined : s.deployMode || undefined);
  if (deploy) input.deployMode = deploy;
  const app = src.facts.appType ?? src.appType ?? s.appType;
  if (app === "jvm" || app === "python" || app === "r") input.appType = app;
  return { input, kind };
}
