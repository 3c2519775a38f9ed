import { specOf } from "./catalog.js";
import { type ConfEntry, type SparkConf, sourceOf } from "./sparkConf.js";

/**
 * One proposed change of a setting — a lint finding's fix, a diagnose cause's change, what the page's Apply
 * buttons apply — written as a user pastes it into --conf ("4g", "6144m", "0.2").
 */
export interface Change {
  key: string;
  /** The value the configuration has now; null when it is not set, or no configuration was given. */
  from: string | null;
  /**
   * Where `from` is set: a file and line ("spark-defaults.conf:4"), a flag ("--executor-memory 4g"), "the
   * event log"; null when it is not set, or its origin names no place (a plain map of settings).
   */
  source: string | null;
  /** null removes the key (Spark's default applies). Relative ("+50%") when no figure fixes a number. */
  to: string | null;
  /** Why, in a few words. */
  why: string;
}

/** A change as a lint rule states it: the key and its new value, and a reason when it has its own. */
export type ChangeTo = Pick<Change, "key" | "to"> & { why?: string };

/** Where an entry is set, as one string: the file and line, the flag, "the event log"; null when its origin names no place. */
export function whereSet(entry: ConfEntry): string | null {
  const o = entry.origin;
  if (o.file === undefined && o.flag === undefined && o.kind !== "event-log") return null;
  const { source, line } = sourceOf(o);
  const cell = entry.origin.cell !== undefined ? ` (cell ${entry.origin.cell + 1})` : "";
  return `${source}${line !== null ? `:${line}` : ""}${cell}`;
}

/** `key` to `to`, from what `conf` has for exactly that key now. */
export function changeOf(
  conf: SparkConf | null | undefined,
  key: string,
  to: string | null,
  why: string,
): Change {
  const now = conf?.entries.get(key);
  return { key, from: now?.value ?? null, source: now ? whereSet(now) : null, to, why };
}

/**
 * Setting `key` to `to`: when the configuration sets one of the key's deprecated spellings (the catalog's
 * alternatives, e.g. spark.yarn.executor.memoryOverhead), the changes remove it first and set the current
 * name — Spark reads the current name first, so leaving both is a trap.
 */
export function changesOf(
  conf: SparkConf | null | undefined,
  key: string,
  to: string | null,
  why: string,
): Change[] {
  const out: Change[] = [];
  for (const alt of specOf(key)?.alternatives ?? [])
    if (conf?.entries.has(alt.key))
      out.push(changeOf(conf, alt.key, null, `the deprecated spelling of ${key}, which Spark reads first`));
  out.push(changeOf(conf, key, to, why));
  return out;
}

/**
 * The changes `wanted` amount to in `conf` (changesOf each, `why` unless one has its own), each key once:
 * a deprecated spelling already removed by an earlier change is not removed again.
 */
export function changesFor(
  conf: SparkConf | null | undefined,
  wanted: readonly ChangeTo[],
  why: string,
): Change[] {
  const out: Change[] = [];
  const keys = new Set(wanted.map((w) => w.key));
  for (const w of wanted)
    for (const c of changesOf(conf, w.key, w.to, w.why ?? why))
      if (!out.some((o) => o.key === c.key) && (c.key === w.key || !keys.has(c.key))) out.push(c);
  return out;
}
