/**
 * What a configuration text is, by its name when there is one and by its content: the one classifier the
 * CLI (files) and the page (pasted text) use. It imports no parser, so the page's first load recognises a
 * pasted text with it and loads the parser it needs only then (byKind.ts has them all).
 */
export type ConfTextKind =
  /** Empty, or only blanks. */
  | "none"
  /** spark-defaults.conf or --properties-file lines (Java properties). */
  | "spark-defaults"
  /** A JSON object of settings: {"spark.executor.memory": "4g"}. */
  | "json"
  /** A spark-submit (pyspark, spark-shell…) command line, or bare flags. */
  | "spark-submit"
  /** AWS EMR configuration JSON (a classification list). */
  | "emr"
  /** A spark-operator SparkApplication manifest (YAML). */
  | "spark-application"
  /** Python source with SparkSession.builder / SparkConf settings. */
  | "python"
  /** A Jupyter notebook (.ipynb JSON). */
  | "notebook"
  /** A Spark event log (JSON lines, or a file named as Spark names its logs). */
  | "event-log";

/** Each kind in words, as messages say what a text was read as ("Read as a spark-submit command."). */
export const KIND_WORDS: Record<ConfTextKind, string> = {
  none: "empty",
  "spark-defaults": "spark-defaults.conf lines",
  json: "a JSON map of settings",
  "spark-submit": "a spark-submit command",
  emr: "EMR configuration JSON",
  "spark-application": "a SparkApplication (Kubernetes operator) YAML",
  python: "Python (SparkSession.builder / SparkConf settings)",
  notebook: "a Jupyter notebook",
  "event-log": "a Spark event log",
};

/** "Read as a spark-submit command.", or nothing for an empty text. */
export function readAs(kind: ConfTextKind): string {
  return kind === "none" ? "" : `Read as ${KIND_WORDS[kind]}.`;
}

/**
 * The kind of `text`; `name` (a file name or path) decides first when its extension or Spark's naming of
 * event logs says what it is. Only the text's start is needed (the CLI passes a file's first 4 KiB).
 */
export function confTextKind(text: string, name?: string): ConfTextKind {
  return (name !== undefined ? kindByName(name, text) : null) ?? kindByContent(text);
}

/**
 * Spark's event log names: the application id (application_…, app-…, local-…, spark-<32 hex> on
 * Kubernetes), a rolling log's eventlog_v2_… directory or events_N_… file, with any codec or .inprogress
 * suffix.
 */
const EVENT_LOG_NAME =
  /^(?:application_\d+_\d+|app-\d{14}-\d{4}|local-\d{13}|spark-[0-9a-f]{32}|eventlog_v2_|events_\d+_)/;

function kindByName(name: string, text: string): ConfTextKind | null {
  const base = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);
  if (/\.ipynb$/i.test(base)) return "notebook";
  if (/\.py$/i.test(base)) return "python";
  if (/\.ya?ml$/i.test(base)) return "spark-application";
  // a log's name says so only for bytes that are not text (a compressed log); text speaks for itself, so
  // local-1700000000000.conf holding spark-defaults lines is read as those
  if (EVENT_LOG_NAME.test(base) && isBinary(text)) return "event-log";
  return null;
}

/**
 * Bytes no text holds, in its first 4 KiB: a NUL or an invalid UTF-8 sequence (U+FFFD, as a file's bytes read
 * as UTF-8 show it). Every codec's magic and header has one; a configuration with a stray control character
 * in a value is still text.
 */
export function isBinary(text: string): boolean {
  return /[\0\ufffd]/.test(text.slice(0, 4096));
}

function kindByContent(text: string): ConfTextKind {
  const t = text.trim();
  if (!t) return "none";
  if (/^\{\s*"Event"\s*:/.test(t)) return "event-log";
  if (t.startsWith("{") && /"cells"\s*:/.test(t)) return "notebook";
  if (looksLikeEmrConfigurations(t)) return "emr";
  if (t.startsWith("{")) return "json";
  // comment lines (# in properties files and Python alike) say nothing about the kind
  const code = t.replace(/^[ \t]*[#!].*$/gm, "");
  if (/^\s*(?:apiVersion|kind)\s*:/m.test(code)) return "spark-application";
  if (PYTHON.test(code)) return "python";
  if (looksLikeSparkSubmit(t)) return "spark-submit";
  return "spark-defaults";
}

/** Python the Python reader has something to read in: imports, SparkSession.builder, SparkConf(), PYSPARK_SUBMIT_ARGS. */
const PYTHON =
  /^\s*(?:from|import)\s+[A-Za-z_]|\bSparkSession[\s\\]*[.(]|\bSparkConf\s*\(|\bPYSPARK_SUBMIT_ARGS\b/m;

/**
 * An AWS EMR configuration list: a JSON array, or an object with a "Classification" (EMR on EC2) or
 * "classification" (EMR on EKS / Serverless applicationConfiguration) member.
 */
export function looksLikeEmrConfigurations(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith("[") || (t.startsWith("{") && /"[Cc]lassification"/.test(t));
}

/** A pasted launcher command line: spark-submit and its siblings, or bare flags. */
export function looksLikeSparkSubmit(text: string): boolean {
  return /^\s*(?:\S*\/)?(?:spark-submit|pyspark|spark-shell|sparkR|spark-sql)(?:\s|$)|^\s*--?[A-Za-z]/.test(
    text,
  );
}
