import { SparkmemError } from "../conf/errors.js";
import type { AppType } from "../conf/sources/sparkSubmit.js";
import { type ExplainInput, explain } from "../model/explain.js";
import type { Layout } from "../model/types.js";
import type { ParsedInput } from "./input/types.js";
import type { Change, DiagnoseOptions } from "./types.js";

export type Manager = "yarn" | "kubernetes" | "other";

/** What the detectors know besides the input: the configuration and what the model makes of it. */
export interface DiagnoseContext {
  /** opts.conf, else the event log's settings; null when neither was given. */
  conf: Record<string, string> | null;
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
  input: ParsedInput,
  deployMode: "client" | "cluster" | null,
): DiagnoseContext {
  const conf =
    opts.conf ?? (input.eventLog && Object.keys(input.eventLog.conf).length > 0 ? input.eventLog.conf : null);
  const sparkVersion = opts.sparkVersion ?? input.eventLog?.sparkVersion ?? null;
  const given = opts.master ?? conf?.["spark.master"] ?? null;
  const manager: Manager = given
    ? given.startsWith("yarn")
      ? "yarn"
      : given.startsWith("k8s")
        ? "kubernetes"
        : "other"
    : input.cues.yarn
      ? "yarn"
      : input.cues.kubernetes
        ? "kubernetes"
        : "other";
  const master = given ?? (manager === "yarn" ? "yarn" : manager === "kubernetes" ? K8S_MASTER : null);
  const base = { conf, sparkVersion, master, deployMode, manager };
  if (!conf) return { ...base, layout: null, modelNote: null };
  const r = model(base, []);
  return { ...base, layout: r.layout, modelNote: r.note };
}

/** A configuration with changes applied (to=null removes the key). */
export function applyChanges(
  conf: Record<string, string>,
  changes: readonly Change[],
): Record<string, string> {
  const out = { ...conf };
  for (const c of changes) {
    if (c.to === null) delete out[c.key];
    else out[c.key] = c.to;
  }
  return out;
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
