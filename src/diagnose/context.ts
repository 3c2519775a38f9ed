import { SparkmemError } from "../conf/errors.js";
import { modelledVersion } from "../conf/modelledVersion.js";
import type { AppType } from "../conf/sources/sparkSubmit.js";
import { type SparkConf, valueSet } from "../conf/sparkConf.js";
import { type ExplainInput, explain, toConf } from "../model/explain.js";
import type { Layout } from "../model/types.js";
import type { ParsedInput } from "./input/types.js";
import type { Change, DiagnoseOptions } from "./types.js";

export type Manager = "yarn" | "kubernetes" | "other";

/** What the detectors know besides the input: the configuration and what the model makes of it. */
export interface DiagnoseContext {
  /** opts.conf, else the event log's settings, each with its origin; null when neither was given. */
  conf: SparkConf | null;
  sparkVersion: string | null;
  master: string | null;
  deployMode: "client" | "cluster" | null;
  /** From the master, else from the input's words. */
  manager: Manager;
  /** explain() on conf; null without a configuration or when the model refused it. */
  layout: Layout | null;
  /** Why layout is null although a configuration was given. */
  modelNote: string | null;
  /** The Spark line the version given names (1.6, 2.2…), for the key names that line reads; null when none. */
  givenLine: { major: number; minor: number } | null;
  /** What the result says besides its causes: the modelled line a version is read as. */
  notes: string[];
}

const K8S_MASTER = "k8s://https://kubernetes.default.svc:443";

export function deployModeOf(text: string | undefined | null): "client" | "cluster" | null {
  return text === "client" || text === "cluster" ? text : null;
}

export function buildDiagnoseContext(
  opts: DiagnoseOptions,
  given: SparkConf | null,
  input: ParsedInput,
  deployMode: "client" | "cluster" | null,
): DiagnoseContext {
  const logConf = input.eventLog && input.eventLog.conf.entries.size > 0 ? input.eventLog.conf : null;
  // any version a user or a log names is read as the nearest modelled line (1.6, 2.2, 3.3.0-amzn-1, DBR 11.3)
  const version = modelledVersion(opts.sparkVersion ?? input.eventLog?.sparkVersion ?? null);
  const conf = withLineDefaults(given ?? logConf, version.defaults);
  const master = opts.master ?? valueSet(conf, "spark.master");
  const manager: Manager = master
    ? master.startsWith("yarn")
      ? "yarn"
      : master.startsWith("k8s")
        ? "kubernetes"
        : "other"
    : input.cues.yarn
      ? "yarn"
      : input.cues.kubernetes
        ? "kubernetes"
        : "other";
  const inferred =
    manager === "yarn"
      ? "yarn"
      : manager === "kubernetes"
        ? K8S_MASTER
        : input.cues.local
          ? "local[*]"
          : null;
  const base = {
    conf,
    sparkVersion: version.version,
    master: master ?? inferred,
    deployMode,
    manager,
    givenLine: version.given,
    notes: version.note ? [version.note] : [],
  };
  if (!conf) return { ...base, layout: null, modelNote: null };
  const r = model(base, []);
  return { ...base, layout: r.layout, modelNote: r.note };
}

/** The memory rules of an older line (spark.memory.fraction 0.75 for 1.6) where the settings do not state them. */
function withLineDefaults(conf: SparkConf | null, defaults: Record<string, string>): SparkConf | null {
  const missing = Object.entries(defaults).filter(([k]) => !conf?.entries.has(k));
  if (!conf || missing.length === 0) return conf;
  const entries = new Map(conf.entries);
  for (const [key, value] of missing) entries.set(key, { key, value, origin: { kind: "derived" } });
  return { entries };
}

/**
 * Without the job's settings: the context on Spark's defaults for its version and cluster manager (YARN's
 * when the input names none), so that every change is a value, not "+50%"; `note` says so. Null when the
 * job's settings were given or the model refuses the defaults.
 */
export function onDefaults(
  ctx: DiagnoseContext,
  deployModeOfProcess?: "client" | "cluster",
): { ctx: DiagnoseContext; note: string } | null {
  if (ctx.conf) return null;
  const master = ctx.master ?? "yarn";
  const deployMode = deployModeOfProcess ?? ctx.deployMode ?? "client";
  const manager: Manager = master.startsWith("yarn")
    ? "yarn"
    : master.startsWith("k8s")
      ? "kubernetes"
      : "other";
  const base = { ...ctx, conf: toConf({}), master, deployMode, manager };
  const layout = model(base, []).layout;
  if (!layout) return null;
  const where =
    ctx.manager === "kubernetes"
      ? "Kubernetes"
      : ctx.manager === "yarn"
        ? "YARN"
        : ctx.master?.startsWith("local")
          ? `local mode, ${master}${/\[\*/.test(master) ? " with one core, as the machine's are not known" : ""}`
          : ctx.master
            ? master
            : "YARN, as the input names no cluster manager";
  const version = ctx.sparkVersion
    ? `Spark ${layout.sparkVersion}`
    : `Spark ${layout.sparkVersion}, the newest line, as no version was given`;
  const note = `No settings were given: the values are computed from Spark's defaults (${version}; ${where}; spark.executor.memory 1g, spark.driver.memory 1g, spark.executor.cores ${layout.executor?.cores ?? 1}). Pass the job's settings (--conf, --config) for figures of its own.`;
  return { ctx: { ...base, layout, modelNote: null }, note };
}

/** A configuration with changes applied (to=null removes the key); a changed value is derived. */
export function applyChanges(conf: SparkConf, changes: readonly Change[]): SparkConf {
  const entries = new Map(conf.entries);
  for (const c of changes) {
    if (c.to === null) entries.delete(c.key);
    else entries.set(c.key, { key: c.key, value: c.to, origin: { kind: "derived" } });
  }
  return { entries };
}

/** What explain is asked for the context's configuration with changes; null without a configuration. */
export function explainInputOf(
  ctx: Pick<DiagnoseContext, "conf" | "sparkVersion" | "master" | "deployMode">,
  changes: readonly Change[] = [],
  appType?: AppType,
): ExplainInput | null {
  if (!ctx.conf) return null;
  const master = ctx.master ?? valueSet(ctx.conf, "spark.master") ?? "";
  return {
    conf: applyChanges(ctx.conf, changes),
    // local[*] takes the machine's cores, which a pasted error does not tell: one (per-task figures only)
    ...(/^\s*local\[\*/.test(master) ? { hostCores: 1 } : {}),
    ...(ctx.sparkVersion ? { sparkVersion: ctx.sparkVersion } : {}),
    ...(ctx.master ? { master: ctx.master } : {}),
    ...(ctx.deployMode ? { deployMode: ctx.deployMode } : {}),
    ...(appType ? { appType } : {}),
  };
}

/** A model question that may be refused (a configuration the model cannot read): null instead of a throw. */
export function tryModel<T>(ask: () => T): T | null {
  try {
    return ask();
  } catch (e) {
    if (e instanceof SparkmemError) return null;
    throw e;
  }
}

/** explain() on the context's configuration with changes; never throws. */
export function model(
  ctx: Pick<DiagnoseContext, "conf" | "sparkVersion" | "master" | "deployMode">,
  changes: readonly Change[],
  appType?: AppType,
): { layout: Layout | null; note: string | null } {
  if (!ctx.conf) return { layout: null, note: null };
  if (changes.some((c) => c.to !== null && /^[+-]\d+%$/.test(c.to))) return { layout: null, note: null };
  try {
    const layout = explain(explainInputOf(ctx, changes, appType) as ExplainInput);
    return { layout, note: null };
  } catch (e) {
    // diagnose never throws: a configuration the model refuses only loses the computed figures
    return { layout: null, note: e instanceof SparkmemError ? e.oneLine() : String(e) };
  }
}
