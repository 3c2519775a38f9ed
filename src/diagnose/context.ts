import { SparkmemError } from "../conf/errors.js";
import type { AppType } from "../conf/sources/sparkSubmit.js";
import { type SparkConf, valueSet } from "../conf/sparkConf.js";
import { type ExplainInput, explain } from "../model/explain.js";
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
  const conf = given ?? (input.eventLog && input.eventLog.conf.entries.size > 0 ? input.eventLog.conf : null);
  const sparkVersion = opts.sparkVersion ?? input.eventLog?.sparkVersion ?? null;
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
  const base = {
    conf,
    sparkVersion,
    master: master ?? (manager === "yarn" ? "yarn" : manager === "kubernetes" ? K8S_MASTER : null),
    deployMode,
    manager,
  };
  if (!conf) return { ...base, layout: null, modelNote: null };
  const r = model(base, []);
  return { ...base, layout: r.layout, modelNote: r.note };
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
  return {
    conf: applyChanges(ctx.conf, changes),
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
