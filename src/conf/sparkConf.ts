import { ByteStringError, type ByteUnit, byteFromString, toSafeNumber } from "./byteString.js";
import { clusterKeyName, type KeySpec, specOf } from "./catalog.js";
import { type ConfDialect, DEFAULT_DIALECT, typeMismatchMessage } from "./dialect.js";
import { SparkmemError } from "./errors.js";
import { parseJavaBoolean, parseJavaDouble, parseJavaInt, parseJavaLong } from "./javaNumbers.js";

/** Where a setting came from, so every number can be traced back to a file line or a flag. */
export interface Origin {
  kind:
    | "spark-defaults"
    | "properties-file"
    | "conf-flag"
    | "submit-flag"
    | "json"
    | "option"
    | "derived"
    | "emr-json"
    | "spark-application"
    | "python"
    | "notebook"
    | "event-log";
  file?: string;
  line?: number;
  flag?: string;
  /** 0-based notebook cell index; `line` is then 1-based within that cell. */
  cell?: number;
  /** How a Python program set it: only spark-submit-args reach a driver JVM that is not yet running. */
  via?: "builder" | "sparkconf" | "spark-submit-args";
}

export interface ConfEntry {
  key: string;
  value: string;
  origin: Origin;
}

/** The merged configuration: plain data, later sources already applied over earlier ones. */
export interface SparkConf {
  readonly entries: ReadonlyMap<string, ConfEntry>;
  /** How the Spark version in question parses and words values; 3.x rules when absent. */
  readonly dialect?: ConfDialect;
}

export function withDialect(conf: SparkConf, dialect: ConfDialect): SparkConf {
  return { entries: conf.entries, dialect };
}

/** Apply `layers` in order; a later layer replaces a key set by an earlier one. */
export function mergeConfs(...layers: SparkConf[]): SparkConf {
  const entries = new Map<string, ConfEntry>();
  for (const layer of layers) for (const [k, e] of layer.entries) entries.set(k, e);
  const dialect = layers.find((l) => l.dialect)?.dialect;
  return dialect ? { entries, dialect } : { entries };
}

export function confFromEntries(list: ConfEntry[]): SparkConf {
  const entries = new Map<string, ConfEntry>();
  for (const e of list) entries.set(clusterKeyName(e.key), { ...e, key: clusterKeyName(e.key) });
  return { entries };
}

/** The value set for exactly `key` (no alternatives, no default); null when it is not set or there is no configuration. */
export function valueSet(conf: SparkConf | null | undefined, key: string): string | null {
  return conf?.entries.get(key)?.value ?? null;
}

/** The settings as a plain map of values (what a user pastes; output, not input). */
export function valuesOf(conf: SparkConf): Record<string, string> {
  return Object.fromEntries([...conf.entries.values()].map((e) => [e.key, e.value]));
}

/** The configuration without `keys`. */
export function withoutKeys(conf: SparkConf, keys: readonly string[]): SparkConf {
  const entries = new Map(conf.entries);
  for (const k of keys) entries.delete(k);
  return conf.dialect ? { entries, dialect: conf.dialect } : { entries };
}

/** Where a setting came from, as findings and changes name it: the file and line, the flag, or its kind of source. */
export function sourceOf(origin: Origin | undefined): { source: string; line: number | null } {
  if (!origin) return { source: "default", line: null };
  const source =
    origin.file ??
    origin.flag ??
    (origin.kind === "conf-flag"
      ? "--conf"
      : origin.kind === "json"
        ? "JSON"
        : origin.kind === "event-log"
          ? "the event log"
          : origin.kind);
  return { source, line: origin.line ?? null };
}

/** The entry Spark would read for `spec`: the main key first, then its alternatives in order. */
export function lookup(conf: SparkConf, spec: KeySpec): ConfEntry | undefined {
  const main = conf.entries.get(spec.key);
  if (main) return main;
  for (const alt of spec.alternatives ?? []) {
    const e = conf.entries.get(alt.key);
    if (e) return e;
  }
  return undefined;
}

export function isSet(conf: SparkConf, key: string): boolean {
  const spec = specOf(key);
  return spec ? lookup(conf, spec) !== undefined : conf.entries.has(key);
}

function mustSpec(key: string): KeySpec {
  const spec = specOf(key);
  if (!spec) throw new Error(`sparkmem bug: ${key} is not in the catalog`);
  return spec;
}

function rawValue(conf: SparkConf, key: string): { entry?: ConfEntry; text: string | null; spec: KeySpec } {
  const spec = mustSpec(key);
  const entry = lookup(conf, spec);
  return entry ? { entry, text: entry.value, spec } : { text: spec.default, spec };
}

/** For messages: the entry's key and where it came from ("spark.executor.memory in a.conf:3"). */
export function describeEntry(entry: ConfEntry): string {
  return describe(entry, entry.key);
}

function describe(entry: ConfEntry | undefined, key: string): string {
  if (!entry) return `${key} (default)`;
  const o = entry.origin;
  const where = o.file ? ` in ${o.file}${o.line ? `:${o.line}` : ""}` : o.flag ? ` from ${o.flag}` : "";
  return `${entry.key}${where}`;
}

/** A size key read as Spark's config entry reads it (bytesConf(unit), leading '-' negates). */
export function readBytes(conf: SparkConf, key: string, unit?: ByteUnit): number | null {
  const { entry, text, spec } = rawValue(conf, key);
  if (text === null) return null;
  const u = unit ?? spec.unit ?? "BYTE";
  const d = conf.dialect ?? DEFAULT_DIALECT;
  try {
    return toSafeNumber(byteFromString(text, u, d.bytes), describe(entry, key));
  } catch (e) {
    if (!(e instanceof ByteStringError)) throw e;
    throw new SparkmemError(describe(entry, key), `"${text}" is not a size`, {
      expected: `a whole number with an optional unit b, k, m, g, t, p${d.bytes.wideSuffixes ? " (or ki, mi, gi, …)" : ""}; a bare number means ${u === "BYTE" ? "bytes" : u}`,
      sparkMessage: d.errorClasses
        ? typeMismatchMessage(d, entry?.key ?? key, text, `bytes in ${u}`)
        : e.message,
    });
  }
}

/** The raw text of a key (after alternatives), or its default. */
export function readString(conf: SparkConf, key: string): string | null {
  return rawValue(conf, key).text;
}

export function entryOf(conf: SparkConf, key: string): ConfEntry | undefined {
  return lookup(conf, mustSpec(key));
}

/** Java's types in words a user reads ("a int" was neither English nor a range). */
const TYPE_WORDS: Record<string, string> = {
  int: "a whole number up to 2147483647",
  long: "a whole number up to 9223372036854775807",
  double: "a number",
  boolean: "true or false",
};

function typed<T>(conf: SparkConf, key: string, parse: (s: string) => T | null, type: string): T | null {
  const { entry, text } = rawValue(conf, key);
  if (text === null) return null;
  const v = parse(text);
  if (v === null) {
    // ConfigHelpers.toNumber / toBoolean: "<key> should be <type>, but was <value>"
    const words = TYPE_WORDS[type] ?? `a ${type}`;
    throw new SparkmemError(describe(entry, key), `"${text}" is not ${words}`, {
      expected: `${words} (Spark reads a Java ${type})`,
      sparkMessage: typeMismatchMessage(conf.dialect ?? DEFAULT_DIALECT, entry?.key ?? key, text, type),
    });
  }
  return v;
}

export const readDouble = (conf: SparkConf, key: string) => typed(conf, key, parseJavaDouble, "double");
export const readInt = (conf: SparkConf, key: string) => typed(conf, key, parseJavaInt, "int");
export const readBoolean = (conf: SparkConf, key: string) => typed(conf, key, parseJavaBoolean, "boolean");
export function readLong(conf: SparkConf, key: string): number | null {
  const v = typed(conf, key, parseJavaLong, "long");
  return v === null ? null : toSafeNumber(v, key);
}

/** For messages: the key and where its value came from. */
export function describeKey(conf: SparkConf, key: string): string {
  return describe(entryOf(conf, key), key);
}

/** A size given outside any Spark key (e.g. --host-memory), parsed by Spark's rules. */
export function parseBytesValue(text: string, unit: ByteUnit, where: string): number {
  try {
    return toSafeNumber(byteFromString(text, unit), where);
  } catch (e) {
    if (!(e instanceof ByteStringError)) throw e;
    throw new SparkmemError(where, `"${text}" is not a size`, {
      expected: "a size such as 16g",
      sparkMessage: e.message,
    });
  }
}
