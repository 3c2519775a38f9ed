import { specOf } from "../conf/catalog.js";
import { deprecation, isKnownKey, KEY_LINES, removed } from "../conf/knownKeys.js";
import { atLeast } from "../conf/version.js";
import type { LintContext } from "./types.js";

/** What a key set in the configuration is to this Spark line: the one status the key rules share. */
export type KeyStatus =
  | { kind: "known" }
  | { kind: "deprecated"; replacedBy?: string; since: string; message?: string }
  | { kind: "removed"; since: string; lastLine?: string; message?: string }
  | { kind: "not-yet"; from: string }
  | { kind: "unknown" }
  | { kind: "foreign" };

function sparkNamespace(key: string): boolean {
  const word = /^spark\.([^.]+)/.exec(key)?.[1];
  return word !== undefined && SPARK_NAMESPACES.has(word);
}

/**
 * Spark's own first words (core, SQL, cluster managers, Python, R, UI, history); keys of other words
 * (spark.delta.*, spark.rapids.*, spark.cassandra.*) are libraries' and are not checked.
 */
const SPARK_NAMESPACES = new Set(
  "app api archives authenticate barrier blacklist blockManager broadcast buffer checkpoint cleaner connect core cores decommission default deploy driver dynamicAllocation eventLog excludeOnFailure executor executorEnv extraListeners files hadoop history io jars kryo kryoserializer kubernetes local locality log logConf master memory metrics network plugins port python pyspark r rdd redaction reducer resources rpc scheduler security serializer shuffle speculation sql ssl stage standalone storage streaming submit task ui unsafe worker yarn".split(
    " ",
  ),
);

/**
 * Our catalog also lists keys only Python reads (spark.python.worker.memory, in pyspark/rdd.py), which
 * the jars cannot show; it is the authority for the versions of the keys it lists.
 */
function inCatalog(ctx: LintContext, key: string): boolean {
  const spec = specOf(key);
  return (
    spec !== undefined &&
    atLeast(ctx.version, spec.since) &&
    !(spec.removedIn && atLeast(ctx.version, spec.removedIn))
  );
}

export function keyStatus(ctx: LintContext, key: string): KeyStatus {
  if (!key.startsWith("spark.") || !sparkNamespace(key)) return { kind: "foreign" };
  const dep = deprecation(key, ctx.line);
  if (dep) return { kind: "deprecated", ...dep };
  if (isKnownKey(key, ctx.line) || inCatalog(ctx, key)) return { kind: "known" };
  const gone = removed(key, ctx.line);
  if (gone) return { kind: "removed", ...gone };
  const later = KEY_LINES.find((l) => isKnownKey(key, l));
  return later ? { kind: "not-yet", from: later } : { kind: "unknown" };
}
