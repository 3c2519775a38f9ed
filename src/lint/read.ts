import { type ByteUnit, byteFromString, MiB, sizeSetting } from "../conf/byteString.js";
import { specOf } from "../conf/catalog.js";
import type { ChangeTo } from "../conf/change.js";
import type { ConfEntry } from "../conf/sparkConf.js";
import { atLeast } from "../conf/version.js";
import { introducedProblems } from "../model/changeCheck.js";
import type { StartupError, Warning } from "../model/context.js";
import { toConf } from "../model/explain.js";
import { type ContainerRole, heapKeyOf, largestHeapThatFits } from "../model/inverse.js";
import { offHeapRoom } from "../model/offHeapRoom.js";
import type { Layout, ProcessLayout } from "../model/types.js";
import { yarnScheduler } from "../model/yarnScheduler.js";
import type { LintContext, LintRule } from "./types.js";

/** The entry Spark reads for a catalog key: the main key, else its first alternative that is set. */
export function entryFor(ctx: LintContext, key: string): ConfEntry | undefined {
  const main = ctx.merged.get(key);
  if (main) return main;
  for (const alt of specOf(key)?.alternatives ?? []) {
    const e = ctx.merged.get(alt.key);
    if (e) return e;
  }
  return undefined;
}

const UNIT_BYTES: Record<ByteUnit, number> = {
  BYTE: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
};

/**
 * A size setting in bytes, as Spark parses it (a bare number is in the key's unit); null when unset
 * or unreadable (the model's parse error reports that).
 */
export function bytesOf(ctx: LintContext, key: string, unit?: ByteUnit): number | null {
  const e = entryFor(ctx, key);
  if (!e) return null;
  const u = unit ?? specOf(key)?.unit ?? "BYTE";
  try {
    return Number(byteFromString(e.value.trim(), u)) * UNIT_BYTES[u];
  } catch {
    return null;
  }
}

export function isTrue(ctx: LintContext, key: string): boolean {
  return entryFor(ctx, key)?.value.trim().toLowerCase() === "true";
}

/** Bytes as a user writes them in --conf: whole GiB as "6g", else MiB rounded up as "6144m". */
export const confSize = sizeSetting;

/** Whether a rule is about this version and cluster manager. */
export function applies(rule: LintRule, ctx: LintContext): boolean {
  const a = rule.appliesTo;
  if (!a) return true;
  if (a.since && !atLeast(ctx.version, a.since)) return false;
  if (a.until && atLeast(ctx.version, a.until)) return false;
  return !a.clusterManagers || a.clusterManagers.includes(ctx.clusterManager);
}

/** The model's start-up errors with one code (Spark would refuse to start). */
export function modelErrors(ctx: LintContext, code: string): StartupError[] {
  return ctx.layout?.errors.filter((e) => e.code === code) ?? [];
}

export function modelWarnings(ctx: LintContext, code: string): Warning[] {
  return ctx.layout?.warnings.filter((w) => w.code === code) ?? [];
}

/** The JVMs that run tasks: the executors, or the driver in local mode. */
export function taskProcesses(ctx: LintContext): ProcessLayout[] {
  const l = ctx.layout;
  if (!l) return [];
  return l.executor ? [l.executor] : [l.driver];
}

/** The memory key of a process: spark.executor.memory, or spark.driver.memory. */
export const memoryKey = (p: ProcessLayout): string => `spark.${p.role}.memory`;

/** A cluster setting (yarn-site, capacity-scheduler) from the cluster facts or the settings themselves. */
export function clusterSetting(ctx: LintContext, key: string): ConfEntry | undefined {
  const fact = ctx.facts.cluster?.[key];
  return fact ? { key, value: fact.value, origin: fact.origin } : ctx.merged.get(key);
}

/**
 * The fix that makes a process's container fit `limitBytes` (what YARN grants, or what Spark asks when
 * `measure` is "request"), from the model's inverse: the largest heap, every other setting kept and an
 * unset overhead following the heap as Spark computes it — or, where off-heap memory must live in the
 * overhead (offHeapRoom), the heap and the overhead that holds it. Null when nothing fits.
 */
export function fitFix(
  ctx: LintContext,
  role: ContainerRole,
  limitBytes: number,
  measure: "allocated" | "request" = "allocated",
): { heapMiB: number; fix: ChangeTo[]; layout: Layout } | null {
  if (!ctx.layout) return null;
  const room = offHeapRoom(ctx.explainInput, role);
  const fit = largestHeapThatFits(
    ctx.explainInput,
    role,
    limitBytes,
    room ? { measure, settingsAt: room } : { measure },
  );
  if (!fit) return null;
  const heap: ChangeTo = { key: heapKeyOf(role), to: confSize(fit.mib * MiB) };
  const out = { heapMiB: fit.mib, layout: fit.layout };
  if (!room) return { ...out, fix: [heap] };
  const overheadMiB = Number.parseInt(room(fit.mib)["spark.executor.memoryOverhead"] as string, 10);
  return {
    ...out,
    fix: [heap, { key: "spark.executor.memoryOverhead", to: confSize(overheadMiB * MiB) }],
  };
}

/** The smallest of the cluster's limits on one container: the YARN maximum and a node's YARN memory. */
export function containerLimitMiB(ctx: LintContext): number | null {
  const limits = ["yarn.scheduler.maximum-allocation-mb", "yarn.nodemanager.resource.memory-mb"]
    .map((k) => Number(clusterSetting(ctx, k)?.value))
    .filter((n) => Number.isFinite(n) && n > 0);
  return limits.length > 0 ? Math.min(...limits) : null;
}

/** Whether a changed layout still starts and fits the cluster, by the model (introducedProblems). */
export function fitsNodes(ctx: LintContext, l: Layout): boolean {
  if (!ctx.layout) return true;
  return (
    introducedProblems(ctx.layout, l, yarnScheduler(toConf(ctx.explainInput.conf)).nodeMemoryMiB).length === 0
  );
}

/** Set, and to something other than Spark's default: a sizing decision someone made. */
export function setAway(ctx: LintContext, key: string): boolean {
  const e = entryFor(ctx, key);
  return e !== undefined && e.value.trim() !== (specOf(key)?.default ?? null);
}
