import { SparkmemError } from "./errors.js";
import { looksLikeJson, parseJsonMap } from "./sources/jsonMap.js";
import { parseProperties } from "./sources/properties.js";
import { type AppType, parseSparkSubmitArgs } from "./sources/sparkSubmit.js";
import { confFromEntries, mergeConfs, type SparkConf } from "./sparkConf.js";

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

export function parseConfFile(name: string, text: string): SparkConf {
  return confFromEntries(looksLikeJson(text) ? parseJsonMap(text, name) : parseProperties(text, name));
}

/**
 * Merge in spark-submit's order: config files < --properties-file < --conf < dedicated flags
 * (--executor-memory wins over --conf spark.executor.memory, as SparkSubmitArguments does).
 */
export function parseSparkConf(src: ConfSources): GatheredConf {
  const layers: SparkConf[] = (src.files ?? []).map((f) => parseConfFile(f.name, f.text));
  if (!src.submitArgs) return { conf: mergeConfs(...layers) };
  const args = parseSparkSubmitArgs(src.submitArgs);
  if (args.propertiesFile !== undefined) {
    if (!src.readFile) {
      throw new SparkmemError("--properties-file", "cannot read files here", {
        expected: "the file's content as a config source",
      });
    }
    const text = src.readFile(args.propertiesFile);
    layers.push(confFromEntries(parseProperties(text, args.propertiesFile, "properties-file")));
  }
  layers.push(confFromEntries(args.confEntries), confFromEntries(args.flagEntries));
  const out: GatheredConf = { conf: mergeConfs(...layers) };
  if (args.appType) out.appType = args.appType;
  if (args.primaryResource) out.primaryResource = args.primaryResource;
  return out;
}
