import { mergeLayers } from "./merge.js";
import { looksLikeJson, parseJsonMap } from "./sources/jsonMap.js";
import { parseProperties } from "./sources/properties.js";
import type { SourcedConf } from "./sources/sourced.js";
import { type AppType, parseSparkSubmitArgs, splitShellWords, submitSource } from "./sources/sparkSubmit.js";
import { confFromEntries, type SparkConf } from "./sparkConf.js";

/** Every place a Spark setting can come from; file I/O stays with the caller (readFile). */
export interface ConfSources {
  /** spark-defaults.conf-style or JSON files, lowest precedence, in order. */
  files?: { name: string; text: string }[];
  /** A spark-submit argument vector (flags, --conf, --properties-file, app resource). */
  submitArgs?: readonly string[];
  /** Reads --properties-file for the caller (the CLI passes fs.readFileSync). */
  readFile?: (path: string) => string;
}

export interface GatheredConf {
  conf: SparkConf;
  appType?: AppType;
  primaryResource?: string;
}

/** A config file's settings: a JSON map when it starts with '{', spark-defaults.conf lines otherwise. */
export function confFileSource(name: string, text: string): SourcedConf {
  return { entries: looksLikeJson(text) ? parseJsonMap(text, name) : parseProperties(text, name), facts: {} };
}

export function parseConfFile(name: string, text: string): SparkConf {
  return confFromEntries(confFileSource(name, text).entries);
}

/** The kinds of text the page's first load reads itself: no YAML, Python or EMR parser needed. */
export type PlainTextKind = "spark-defaults" | "json" | "spark-submit";

/** A spark-defaults, JSON-map or spark-submit text as one source (`readFile` reads a --properties-file). */
export function parsePlainText(
  kind: PlainTextKind,
  text: string,
  name: string,
  readFile?: (path: string) => string,
): SourcedConf {
  if (kind === "spark-submit") return submitSource(parseSparkSubmitArgs(splitShellWords(text)), readFile);
  return { entries: kind === "json" ? parseJsonMap(text, name) : parseProperties(text, name), facts: {} };
}

/**
 * Merge in spark-submit's order: config files < --properties-file < --conf < dedicated flags
 * (--executor-memory wins over --conf spark.executor.memory, as SparkSubmitArguments does).
 */
export function parseSparkConf(src: ConfSources): GatheredConf {
  const layers = (src.files ?? []).map((f) => confFileSource(f.name, f.text));
  const args = src.submitArgs ? parseSparkSubmitArgs(src.submitArgs) : null;
  if (args) layers.push(submitSource(args, src.readFile));
  const out: GatheredConf = { conf: mergeLayers(layers).conf };
  if (args?.appType) out.appType = args.appType;
  if (args?.primaryResource) out.primaryResource = args.primaryResource;
  return out;
}
