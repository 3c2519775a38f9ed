import { SparkmemError } from "../errors.js";
import type { ConfEntry } from "../sparkConf.js";

/**
 * A plain JSON object of settings: {"spark.executor.memory": "4g", "spark.executor.cores": 4}.
 * Numbers and booleans are taken as Spark would receive them from SparkConf.set(k, str(v)).
 */
export function parseJsonMap(text: string, file: string): ConfEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new SparkmemError(file, `not valid JSON (${(e as Error).message})`, {
      expected: 'an object such as {"spark.executor.memory": "4g"}',
    });
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new SparkmemError(file, "the JSON is not an object", {
      expected: 'an object such as {"spark.executor.memory": "4g"}',
    });
  }
  return Object.entries(data as Record<string, unknown>).map(([key, value]) => {
    if (typeof value === "string") return { key, value, origin: { kind: "json", file } };
    if (typeof value === "number" && Number.isFinite(value)) {
      return { key, value: String(value), origin: { kind: "json", file } };
    }
    if (typeof value === "boolean") return { key, value: String(value), origin: { kind: "json", file } };
    throw new SparkmemError(`${file}: ${key}`, `value ${kindOf(value)} is not a setting`, {
      expected: "a string, number or boolean",
    });
  });
}

/** What a value is, in a few words: never the value itself, which may be megabytes or nested 5,000 deep. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return "a number beyond a double's range";
  return "an object";
}

/** A config file's text: JSON when it starts with '{', spark-defaults.conf otherwise. */
export function looksLikeJson(text: string): boolean {
  return text.trimStart().startsWith("{");
}
