import { clusterKeyName } from "../conf/catalog.js";
import { SparkmemError } from "../conf/errors.js";
import { parseMaster } from "../conf/master.js";
import { type MergedConf, statedApp } from "../conf/merge.js";
import { type ConfEntry, confFromEntries, type Origin } from "../conf/sparkConf.js";
import { LATEST_VERSION, lineOf, parseSparkVersion } from "../conf/version.js";
import { type ExplainInput, explain } from "../model/explain.js";
import type { Layout } from "../model/types.js";
import type { LintContext, LintFacts } from "./types.js";

export interface LintInput {
  /** Every setting from every source, lowest precedence first (a later entry wins). */
  entries: ConfEntry[];
  sparkVersion?: string;
  master?: string;
  deployMode?: string;
  appType?: "jvm" | "python" | "r";
  facts?: LintFacts;
  /** Settings a source could not read (see SourcedConf.unresolved). */
  unresolved?: { origin: Origin; text: string }[];
  /** The machine a local-mode driver runs on (the CLI passes its own; local[*] needs the core count). */
  hostCores?: number;
  hostMemoryBytes?: number;
}

/** What lint is asked for a merged configuration: every entry, and what its sources said besides. */
export function lintInputFrom(m: MergedConf): LintInput {
  return { entries: m.entries, facts: m.facts, unresolved: m.unresolved, ...statedApp(m.facts) };
}

/** gather → model: the merged settings and explain's layout, which every rule reads. */
export function lintContext(input: LintInput): LintContext {
  const version = parseSparkVersion(input.sparkVersion ?? LATEST_VERSION);
  const conf = confFromEntries(input.entries);
  const masterText = input.master ?? conf.entries.get("spark.master")?.value ?? "local[*]";
  const master = parseMaster(masterText, input.master ? "--master" : "spark.master");
  const deploy = input.deployMode ?? conf.entries.get("spark.submit.deployMode")?.value ?? "client";
  let layout: Layout | null = null;
  let layoutError: LintContext["layoutError"] = null;
  const explainInput: ExplainInput = {
    conf,
    sparkVersion: version.text,
    master: masterText,
    deployMode: deploy,
    ...(input.appType ? { appType: input.appType } : {}),
    ...(input.hostCores ? { hostCores: input.hostCores } : {}),
    ...(input.hostMemoryBytes ? { hostMemoryBytes: input.hostMemoryBytes } : {}),
  };
  try {
    layout = explain(explainInput);
  } catch (e) {
    if (!(e instanceof SparkmemError)) throw e;
    layoutError = { where: e.where, message: e.oneLine(), sparkMessage: e.sparkMessage ?? null };
  }
  return {
    version,
    line: lineOf(version),
    clusterManager: master.manager,
    deployMode: deploy === "cluster" ? "cluster" : "client",
    appType: layout?.appType ?? input.appType ?? "jvm",
    appTypeKnown:
      input.appType !== undefined ||
      conf.entries.has("spark.yarn.isPython") ||
      conf.entries.has("spark.kubernetes.resource.type"),
    // keys as confFromEntries stores them (spark.hadoop.yarn.* is the YARN key)
    entries: input.entries.map((e) => ({ ...e, key: clusterKeyName(e.key) })),
    merged: conf.entries,
    facts: input.facts ?? {},
    unresolved: input.unresolved ?? [],
    explainInput,
    layout,
    layoutError,
  };
}
