import { MiB } from "../../conf/byteString.js";
import { specOf } from "../../conf/catalog.js";
import type { ChangeTo } from "../../conf/change.js";
import { similarKeys } from "../../conf/knownKeys.js";
import { scaledOverheadMiB } from "../../model/overhead.js";
import { keyStatus } from "../keyStatus.js";
import { confSize } from "../read.js";
import type { LintContext, LintRule } from "../types.js";

const KIND = {
  bytes: "a size",
  double: "a factor",
  int: "a number",
  long: "a number",
  boolean: "true/false",
  string: "text",
} as const;

/** What each suggestion takes, so a user sees that one wants a size and the other a factor. */
function describe(key: string): string {
  const spec = specOf(key);
  return spec ? `${key} (${KIND[spec.kind]})` : key;
}

/**
 * The likely intended setting for the value given: a size goes to a size key, a fraction to a factor
 * key, or, where this version has no factor key, to the size that fraction of the heap is.
 */
function intendedFix(ctx: LintContext, key: string, value: string, all: string[]): ChangeTo | null {
  // keys that end like the one given (…memoryOverhead, …memoryOverheadFactor) first
  const last = (k: string) => k.slice(k.lastIndexOf(".") + 1).toLowerCase();
  const alike = all.filter((k) => last(k).startsWith(last(key)));
  const suggestions = alike.length > 0 ? alike : all;
  const v = value.trim();
  const fraction = /^0?\.\d+$|^0\.\d+$/.test(v) ? Number(v) : null;
  for (const key of suggestions) {
    const spec = specOf(key);
    if (!spec) continue;
    if (fraction !== null && spec.kind === "double") return { key, to: v };
    if (fraction === null && spec.kind === "bytes" && /^\d+[kmgtp]?b?$/i.test(v)) return { key, to: v };
  }
  if (fraction === null) return null;
  const size = suggestions.find((k) => specOf(k)?.kind === "bytes" && /memoryOverhead$/.test(k));
  const role = size?.includes(".driver.") ? ctx.layout?.driver : ctx.layout?.executor;
  // what Spark would derive from that factor (these versions have no factor key: 3.3 added it)
  return size && role
    ? { key: size, to: confSize(scaledOverheadMiB(fraction, Math.floor(role.heapBytes / MiB)) * MiB) }
    : null;
}

export const unknownKey: LintRule = {
  id: "unknown-key",
  title: "A key Spark does not know",
  severity: "warning",
  why: "Spark accepts any key and silently ignores those no code reads, so a misspelled or invented key looks set in the UI's Environment tab yet changes nothing.",
  fix: "Use the key Spark reads (the finding lists the nearest ones and what each takes).",
  docs: "Keys extracted from each version's jars (ConfigEntry.knownConfigs, SparkConf/SQLConf tables): src/conf/knownKeys.generated.ts",
  check: (ctx) =>
    [...ctx.merged.values()].flatMap((entry) => {
      if (keyStatus(ctx, entry.key).kind !== "unknown") return [];
      const suggestions = similarKeys(entry.key, ctx.line, 3);
      const fix = intendedFix(ctx, entry.key, entry.value, suggestions);
      const memoryNamed = /memory|overhead|cores|offheap|fraction/i.test(entry.key);
      return [
        {
          key: entry.key,
          message: `${entry.key} is not a Spark ${ctx.line} setting${suggestions.length > 0 ? `; did you mean ${suggestions.map(describe).join(", or ")}?` : ""}`,
          // a memory key that does nothing changes the sizing the user thinks they set
          severity: memoryNamed ? ("error" as const) : ("warning" as const),
          fix: [
            { key: entry.key, to: null, why: "Spark reads no such key" },
            ...(fix ? [{ ...fix, why: `the key Spark reads for what ${entry.key} meant` }] : []),
          ],
          entry,
        },
      ];
    }),
};
