import type { ConfFacts, SourcedConf } from "./sources/sourced.js";
import { type ConfEntry, confFromEntries, type Origin, type SparkConf } from "./sparkConf.js";

/**
 * One configuration from every source, with every entry's origin kept. The CLI and the page state their
 * sources as layers, lowest precedence first, and this is the one place that applies that order:
 *
 * - spark-submit: config files < --properties-file < --conf < dedicated flags (--executor-memory wins over
 *   --conf spark.executor.memory, as SparkSubmitArguments does); a pasted command sits below the command's
 *   own flags, and explain's --example below everything;
 * - the page: an EMR instance type's YARN settings < the form < the pasted text.
 */
export interface MergedConf {
  /** Every entry of every layer, lowest precedence first, so what overrides what stays visible (lint). */
  entries: ConfEntry[];
  /** The entry Spark reads for each key: the last one set. */
  conf: SparkConf;
  /**
   * What the layers know beyond their settings, each from the highest layer that says it. Master and deploy
   * mode are absent when the highest layer that names one does so with a setting (spark.master,
   * spark.submit.deployMode): the configuration says it then. Cluster settings add up, a later layer's
   * value winning per key.
   */
  facts: ConfFacts;
  /** Settings a source found but could not read (a value from a variable or an f-string). */
  unresolved: { origin: Origin; text: string }[];
}

/** What the sources stated about the application, as explain's and lint's inputs name it (no undefined members). */
export function statedApp(
  facts: ConfFacts,
): Pick<ConfFacts, "sparkVersion" | "master" | "deployMode" | "appType"> {
  const out: Pick<ConfFacts, "sparkVersion" | "master" | "deployMode" | "appType"> = {};
  if (facts.sparkVersion !== undefined) out.sparkVersion = facts.sparkVersion;
  if (facts.master !== undefined) out.master = facts.master;
  if (facts.deployMode !== undefined) out.deployMode = facts.deployMode;
  if (facts.appType !== undefined) out.appType = facts.appType;
  return out;
}

/** A fact either a layer's facts or one of its settings can state. */
const SETTING_OF: Partial<Record<keyof ConfFacts, string>> = {
  master: "spark.master",
  deployMode: "spark.submit.deployMode",
};

export function mergeLayers(layers: readonly SourcedConf[]): MergedConf {
  const entries = layers.flatMap((l) => l.entries);
  const facts: ConfFacts = {};
  const decided = new Set<string>();
  for (const layer of [...layers].reverse()) {
    for (const [name, value] of Object.entries(layer.facts) as [keyof ConfFacts, unknown][]) {
      if (name === "cluster" || value === undefined || decided.has(name)) continue;
      decided.add(name);
      (facts as Record<string, unknown>)[name] = value;
    }
    // a setting of the master or deploy mode in this layer decides over every layer below it
    for (const [name, key] of Object.entries(SETTING_OF))
      if (layer.entries.some((e) => e.key === key)) decided.add(name);
  }
  const cluster = Object.assign({}, ...layers.map((l) => l.facts.cluster ?? {}));
  if (Object.keys(cluster).length > 0) facts.cluster = cluster;
  return {
    entries,
    conf: confFromEntries(entries),
    facts,
    unresolved: layers.flatMap((l) => l.unresolved ?? []),
  };
}
