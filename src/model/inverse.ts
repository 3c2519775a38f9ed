import { MiB } from "../conf/byteString.js";
import { specOf } from "../conf/catalog.js";
import { buildContext, type ExplainInput, toConf } from "./explain.js";
import { computeLayout } from "./layout.js";
import { SizeLimitError } from "./limits.js";
import type { Layout, ProcessLayout } from "./types.js";

/**
 * The model's inverse: which settings give a container, a pod, a node. Every answer is found by search
 * over the real layout computation (computeLayout), never by a second copy of a formula, so it is exact for
 * every version, cluster manager, app type and setting (minMemoryOverhead, overhead factors, off-heap in
 * the container from 3.0, PySpark memory, YARN's rounding under either scheduler).
 */

/** A process that gets a container: the driver, the executors, or the client-mode YARN AM. */
export type ContainerRole = "driver" | "executor" | "am";

/** The key that sizes a role's heap. */
export function heapKeyOf(role: ContainerRole): string {
  return role === "am" ? "spark.yarn.am.memory" : `spark.${role}.memory`;
}

/** The key that sizes a role's overhead (the current names; the spark.yarn.* aliases are pre-2.3). */
export function overheadKeyOf(role: ContainerRole): string {
  return role === "am" ? "spark.yarn.am.memoryOverhead" : `spark.${role}.memoryOverhead`;
}

/** What a role's container is: what Spark asks (`request`) and what the cluster grants (`allocated`). */
export interface ContainerSize {
  requestBytes: number;
  allocatedBytes: number;
  heapBytes: number;
  overheadBytes: number;
}

/** The container of `role` in a layout; null where none is requested (local mode, client-mode driver). */
export function containerOf(layout: Layout, role: ContainerRole): ContainerSize | null {
  if (role === "am") {
    const am = layout.am;
    return am
      ? {
          requestBytes: am.containerBytes,
          allocatedBytes: am.containerAllocatedBytes,
          heapBytes: am.heapBytes,
          overheadBytes: am.overheadBytes,
        }
      : null;
  }
  const p = role === "executor" ? layout.executor : layout.driver;
  if (!p || p.containerBytes === null) return null;
  return {
    requestBytes: p.containerBytes,
    allocatedBytes: p.containerAllocatedBytes ?? p.containerBytes,
    heapBytes: p.heapBytes,
    overheadBytes: p.overheadBytes,
  };
}

/**
 * `input` with settings replaced, written as a user would pass them with --conf; null removes a key and
 * the deprecated names Spark would read in its place.
 */
export function withSettings(input: ExplainInput, settings: Record<string, string | null>): ExplainInput {
  const conf = toConf(input.conf);
  const entries = new Map(conf.entries);
  for (const [key, value] of Object.entries(settings)) {
    for (const k of [key, ...(specOf(key)?.alternatives ?? []).map((a) => a.key)]) entries.delete(k);
    if (value !== null) entries.set(key, { key, value, origin: { kind: "derived" } });
  }
  return { ...input, conf: conf.dialect ? { entries, dialect: conf.dialect } : { entries } };
}

/** The layout with settings replaced (see withSettings). Throws SparkmemError as explain does. */
export function layoutWith(input: ExplainInput, settings: Record<string, string | null>): Layout {
  return computeLayout(buildContext(withSettings(input, settings)));
}

/**
 * The largest integer x in [lo, hi] for which `fits` holds, where `fits` is true up to a point and false
 * after it; null when fits(lo) is false. From `guess` it gallops towards the boundary and then bisects,
 * so a good guess costs a handful of evaluations.
 */
export function largestFitting(
  lo: number,
  hi: number,
  fits: (x: number) => boolean,
  guess?: number,
): number | null {
  if (hi < lo || !fits(lo)) return null;
  let a = lo; // fits
  let b = hi + 1; // does not fit (or past the range)
  const g = guess === undefined ? null : Math.min(hi, Math.max(lo, Math.round(guess)));
  if (g !== null && g > a) {
    if (fits(g)) {
      a = g;
      for (let step = 1; a + step < b; step *= 2) {
        if (!fits(a + step)) {
          b = a + step;
          break;
        }
        a += step;
      }
    } else {
      b = g;
      for (let step = 1; b - step > a; step *= 2) {
        if (fits(b - step)) {
          a = b - step;
          break;
        }
        b -= step;
      }
    }
  }
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (fits(mid)) a = mid;
    else b = mid;
  }
  return a;
}

export interface FitOptions {
  /** Compare what the cluster grants (default: YARN's rounded container) or what Spark asks. */
  measure?: "allocated" | "request";
  /** The smallest heap to consider, in MiB (default 1). */
  minMiB?: number;
  /**
   * The settings for a heap of `heapMiB` (default: the role's heap key = "<n>m"); lets a caller move other
   * settings with the heap, e.g. size's PySpark memory per core.
   */
  settingsAt?: (heapMiB: number) => Record<string, string>;
}

export interface Fit {
  /** The heap, or the overhead, in MiB. */
  mib: number;
  /** The whole layout with it. */
  layout: Layout;
}

/** Start-up errors a change introduces: codes the original layout did not have. */
function newErrors(before: Layout, after: Layout): string[] {
  const had = new Set(before.errors.map((e) => e.code));
  return after.errors
    .filter((e) => !had.has(e.code) && e.code !== "yarn-container-above-max")
    .map((e) => e.code);
}

/**
 * One memory setting searched over [lo, hi] MiB with the layouts it gives cached; null where the value is past
 * what Spark can size (limits.ts), which fits nothing.
 */
function searcher(input: ExplainInput, at: (mib: number) => Record<string, string>) {
  const cache = new Map<number, Layout | null>();
  return (mib: number): Layout | null => {
    let l = cache.get(mib);
    if (l === undefined) {
      try {
        l = layoutWith(input, at(mib));
      } catch (e) {
        if (!(e instanceof SizeLimitError)) throw e;
        l = null;
      }
      cache.set(mib, l);
    }
    return l;
  };
}

/** Whether the container of `role` fits `limitBytes` (asked, and also granted unless measured as asked). */
function fitsIn(
  l: Layout | null,
  role: ContainerRole,
  limitBytes: number,
  measure: "allocated" | "request",
): boolean {
  const c = l && containerOf(l, role);
  return !!c && c.requestBytes <= limitBytes && (measure === "request" || c.allocatedBytes <= limitBytes);
}

/**
 * The largest value of one memory setting of `role` whose container fits `limitBytes`, checked to start
 * (no start-up error the original settings did not have, e.g. a heap below Spark's minimum).
 */
function fitSetting(
  input: ExplainInput,
  role: ContainerRole,
  limitBytes: number,
  lo: number,
  at: (mib: number) => Record<string, string>,
  measure: "allocated" | "request",
): Fit | null {
  const base = computeLayout(buildContext(input));
  if (!containerOf(base, role)) return null;
  const evaluate = searcher(input, at);
  const hi = Math.floor(limitBytes / MiB);
  // the rest of the container at the smallest value, as a first guess of where the boundary is
  const lowLayout = evaluate(lo);
  const low = lowLayout && containerOf(lowLayout, role);
  const guess = low ? hi - (low.requestBytes / MiB - lo) : undefined;
  const mib = largestFitting(lo, hi, (x) => fitsIn(evaluate(x), role, limitBytes, measure), guess);
  const layout = mib === null ? null : evaluate(mib);
  if (mib === null || layout === null) return null;
  return newErrors(base, layout).length > 0 ? null : { mib, layout };
}

/**
 * The largest heap (whole MiB) of `role` whose container fits `limitBytes`: every other setting stays as
 * it is, and an overhead that was not set keeps following the heap as Spark computes it.
 */
export function largestHeapThatFits(
  input: ExplainInput,
  role: ContainerRole,
  limitBytes: number,
  opts: FitOptions = {},
): Fit | null {
  const at = opts.settingsAt ?? ((h: number) => ({ [heapKeyOf(role)]: `${h}m` }));
  return fitSetting(input, role, limitBytes, opts.minMiB ?? 1, at, opts.measure ?? "allocated");
}

/** The largest explicit overhead (whole MiB) of `role` whose container fits `limitBytes`, the heap kept. */
export function largestOverheadThatFits(
  input: ExplainInput,
  role: ContainerRole,
  limitBytes: number,
  opts: Pick<FitOptions, "measure"> = {},
): Fit | null {
  const at = (o: number) => ({ [overheadKeyOf(role)]: `${o}m` });
  return fitSetting(input, role, limitBytes, 0, at, opts.measure ?? "allocated");
}

/**
 * The heaps (MiB) for which the cluster grants `role` exactly `allocatedBytes` — what a kill message's
 * limit says about settings nobody passed; null when no heap gives that container.
 */
export function heapsForContainer(
  input: ExplainInput,
  role: ContainerRole,
  allocatedBytes: number,
): { minMiB: number; maxMiB: number } | null {
  const evaluate = searcher(input, (h) => ({ [heapKeyOf(role)]: `${h}m` }));
  const hi = Math.floor(allocatedBytes / MiB);
  const top = largestFitting(1, hi, (h) => fitsIn(evaluate(h), role, allocatedBytes, "allocated"));
  const topLayout = top === null ? null : evaluate(top);
  if (top === null || !topLayout || containerOf(topLayout, role)?.allocatedBytes !== allocatedBytes)
    return null;
  const below = largestFitting(1, top, (h) => fitsIn(evaluate(h), role, allocatedBytes - 1, "allocated"));
  return { minMiB: below === null ? 1 : below + 1, maxMiB: top };
}

/**
 * The smallest heap (whole MiB, up to `maxMiB`) of the driver or the executors for which `holds` is true
 * of that process, where `holds` stays true once it is (e.g. "at least 384 MiB of unified memory per
 * task slot"); null when no heap up to `maxMiB` gives it.
 */
export function smallestHeapWhere(
  input: ExplainInput,
  role: "driver" | "executor",
  holds: (p: ProcessLayout) => boolean,
  maxMiB = 1024 * 1024,
): Fit | null {
  const evaluate = searcher(input, (h) => ({ [heapKeyOf(role)]: `${h}m` }));
  const holdsAt = (h: number) => {
    const l = evaluate(h);
    const p = l && (role === "executor" ? l.executor : l.driver);
    return !!p && holds(p);
  };
  if (!holdsAt(maxMiB)) return null;
  // the largest heap for which it does not hold yet, plus one
  const below = largestFitting(1, maxMiB, (h) => !holdsAt(h));
  const mib = below === null ? 1 : below + 1;
  const layout = evaluate(mib);
  if (!layout) return null;
  return newErrors(computeLayout(buildContext(input)), layout).length > 0 ? null : { mib, layout };
}
