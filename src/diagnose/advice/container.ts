import { changesOf } from "../../conf/change.js";
import type { ExplainInput } from "../../model/explain.js";
import {
  heapsForContainer,
  largestHeapThatFits,
  largestOverheadThatFits,
  layoutWith,
  withSettings,
} from "../../model/inverse.js";
import type { Layout } from "../../model/types.js";
import {
  type DiagnoseContext,
  explainInputOf,
  type Manager,
  model,
  onDefaults,
  tryModel,
} from "../context.js";
import { confSize, human, MiB, roundUpTo } from "../sizes.js";
import type { Alternative, Change } from "../types.js";
import { heapKey, overheadKey, type Role } from "./keys.js";
import { containerRoleOf, type ProcessView, viewOf, yarnOf } from "./view.js";

/** A container killed for its memory: who, what it used and what it was allowed, when known. */
export interface ContainerKill {
  role: Role;
  usedBytes: number | null;
  limitBytes: number | null;
  manager: Manager;
}

export interface Advice {
  changes: Change[];
  alternatives: Alternative[];
  figures: Record<string, number | string>;
  nextChecks: string[];
}

const MORE_OVERHEAD = "more room outside the heap, where the container's memory ran out";
const FEWER_TASKS = "fewer concurrent tasks share the container's memory outside the heap";

/** Headroom over the usage the kill reported, so that the next run is not killed at the same size. */
const HEADROOM = 1.1;

function stepOf(ctx: DiagnoseContext, manager: Manager): number {
  // Kubernetes does not round a pod's memory; 256 MiB keeps the suggestion readable
  return manager === "yarn" ? yarnOf(ctx).stepMiB : 256;
}

/**
 * More room outside the heap for a process whose container was killed: a larger overhead sized so
 * the container reaches the reported usage plus 10% (rounded as the cluster rounds), checked with
 * the model; alternatives that run fewer tasks per executor, or move memory from the heap.
 */
export function adviseContainerGrowth(ctx: DiagnoseContext, kill: ContainerKill): Advice {
  const step = stepOf(ctx, kill.manager);
  const view = viewOf(ctx.layout, kill.role);
  const input = explainInputOf(ctx);
  if (view && input) return withModel(ctx, input, kill, view, step);
  if (kill.limitBytes === null) {
    // no figure in the input either: from Spark's defaults, saying so (a killed driver had a container)
    const d = onDefaults(ctx, kill.role === "driver" ? "cluster" : kill.role === "am" ? "client" : undefined);
    const dv = d ? viewOf(d.ctx.layout, kill.role) : null;
    const di = d ? explainInputOf(d.ctx) : null;
    if (d && dv && di) {
      const a = withModel(d.ctx, di, { ...kill, manager: d.ctx.manager }, dv, stepOf(d.ctx, d.ctx.manager));
      return { ...a, nextChecks: [...a.nextChecks, d.note] };
    }
  }
  return withoutModel(ctx, kill, step);
}

function targetMiB(kill: ContainerKill, baseMiB: number, step: number): number {
  const base = Math.max(kill.usedBytes ?? 0, kill.limitBytes ?? 0, baseMiB * MiB);
  return roundUpTo(Math.ceil((base * HEADROOM) / MiB), step);
}

/** The largest explicit overhead whose request fits `limitMiB` (the model's inverse), or null. */
function overheadFitting(input: ExplainInput, role: Role, limitMiB: number): number | null {
  return (
    tryModel(() => largestOverheadThatFits(input, role, limitMiB * MiB, { measure: "request" }))?.mib ?? null
  );
}

function withModel(
  ctx: DiagnoseContext,
  input: ExplainInput,
  kill: ContainerKill,
  view: ProcessView,
  step: number,
): Advice {
  const role = kill.role;
  const sized = containerRoleOf(ctx.layout, role);
  const figures: Record<string, number | string> = {
    containerBytes: view.allocatedBytes,
    heapBytes: view.heapBytes,
    overheadBytes: view.overheadMiB * MiB,
  };
  const nextChecks: string[] = [];
  if (kill.limitBytes !== null && Math.abs(kill.limitBytes - view.allocatedBytes) >= step * MiB)
    nextChecks.push(
      `The model gives this configuration a ${human(view.allocatedBytes)} container, but the message says the limit was ${human(kill.limitBytes)}: check that the configuration is the one the application ran with (Spark UI → Environment, or the event log).`,
    );
  const target = targetMiB(kill, view.allocatedMiB, step);
  // the overhead whose request reaches the target, at least one step more than now
  const newOverhead = Math.max(overheadFitting(input, sized, target) ?? 0, view.overheadMiB + step);
  const grow = changesOf(ctx.conf, overheadKey(role), confSize(newOverhead), MORE_OVERHEAD);
  const grownLayout = model(ctx, grow).layout;
  const grown = viewOf(grownLayout, role);
  if (grown) figures.recommendedContainerBytes = grown.allocatedBytes;

  const alternatives: Alternative[] = [];
  if (role === "executor" && view.cores > 1) {
    const cores = Math.max(1, Math.floor(view.cores / 2));
    const changes = changesOf(ctx.conf, "spark.executor.cores", String(cores), FEWER_TASKS);
    const v = viewOf(model(ctx, changes).layout, role);
    alternatives.push({
      title: `Halve the concurrent tasks per executor (spark.executor.cores ${view.cores} → ${cores}): the same ${human(view.allocatedBytes)} container is shared by half as many tasks' native buffers, Python workers and network buffers; add executors (spark.executor.instances) to keep the parallelism`,
      changes,
      containerBytes: v?.allocatedBytes ?? null,
      heapBytes: v?.heapBytes ?? null,
    });
  }
  const delta = newOverhead - view.overheadMiB;
  const rawHeap = view.heapMiB - delta;
  const shiftHeap = view.heapMiB >= 4096 ? Math.floor(rawHeap / 1024) * 1024 : rawHeap;
  let shift: Alternative | null = null;
  // the same container with a smaller heap: the overhead takes what the heap gives up
  const shiftOverhead =
    shiftHeap >= Math.max(1024, view.heapMiB / 2)
      ? overheadFitting(withSettings(input, { [heapKey(sized)]: `${shiftHeap}m` }), sized, view.allocatedMiB)
      : null;
  if (shiftOverhead !== null) {
    const changes = [
      ...changesOf(ctx.conf, heapKey(role), confSize(shiftHeap), "the heap gives up what the overhead takes"),
      ...changesOf(
        ctx.conf,
        overheadKey(role),
        confSize(shiftOverhead),
        "the overhead takes what the heap gives up",
      ),
    ];
    const v = viewOf(model(ctx, changes).layout, role);
    shift = {
      title: `Keep the ${human(view.allocatedBytes)} container and move memory from the heap to the overhead (${heapKey(role)} ${human(view.heapBytes)} → ${human(shiftHeap * MiB)}): no larger request, but less execution memory, so more spilling`,
      changes,
      containerBytes: v?.allocatedBytes ?? null,
      heapBytes: v?.heapBytes ?? null,
    };
    alternatives.push(shift);
  }
  const biggerHeap = roundUpTo(Math.ceil((view.heapMiB * target) / view.allocatedMiB), 1024);
  if (biggerHeap > view.heapMiB) {
    const changes = [
      ...changesOf(
        ctx.conf,
        heapKey(role),
        confSize(biggerHeap),
        "a larger heap, for when it runs short too",
      ),
      ...changesOf(ctx.conf, overheadKey(role), confSize(newOverhead), MORE_OVERHEAD),
    ];
    const v = viewOf(model(ctx, changes).layout, role);
    alternatives.push({
      title: `More memory per ${role}: heap ${human(view.heapBytes)} → ${human(biggerHeap * MiB)} and the larger overhead, when the heap also runs short (raising ${heapKey(role)} alone adds only 10% outside the heap)`,
      changes,
      containerBytes: v?.allocatedBytes ?? null,
      heapBytes: v?.heapBytes ?? null,
    });
  }

  let changes = grow;
  if (aboveMax(grownLayout)) {
    nextChecks.push(
      `A ${human((grown?.requestMiB ?? 0) * MiB)} container is above yarn.scheduler.maximum-allocation-mb (${yarnOf(ctx).maxAllocationMiB} MiB): YARN would refuse it. Keep the container and move memory from the heap instead, or ask for a larger maximum.`,
    );
    if (shift) changes = shift.changes;
  }
  return { changes, alternatives, figures, nextChecks };
}

/** Spark's client would refuse the layout: a container above yarn.scheduler.maximum-allocation-mb. */
export function aboveMax(layout: Layout | null): boolean {
  return layout?.errors.some((e) => e.code === "yarn-container-above-max") ?? false;
}

/**
 * Without a configuration: the model with Spark's defaults on this cluster manager, and the heap the kill's
 * limit implies — the largest whole-GiB heap whose default container is that limit, else the largest heap.
 */
function defaultInput(ctx: DiagnoseContext, kill: ContainerKill): ExplainInput {
  // elsewhere the limit is taken as the container itself, as a Kubernetes pod's (no rounding)
  const master = kill.manager === "yarn" ? "yarn" : "k8s://https://kubernetes.default.svc:443";
  // a driver with a container runs in cluster mode; the AM is the client-mode driver's
  const deployMode =
    kill.role === "driver" ? "cluster" : kill.role === "am" ? "client" : (ctx.deployMode ?? "client");
  return { ...(ctx.sparkVersion ? { sparkVersion: ctx.sparkVersion } : {}), master, deployMode, conf: {} };
}

function estimatedHeapMiB(input: ExplainInput, role: Role, limitBytes: number): number | null {
  const range = tryModel(() => heapsForContainer(input, role, limitBytes));
  // a limit no default container comes to exactly (e.g. derived from a virtual limit): the largest that fits
  if (!range) return tryModel(() => largestHeapThatFits(input, role, limitBytes))?.mib ?? null;
  const wholeGiB = Math.floor(range.maxMiB / 1024) * 1024;
  return wholeGiB >= range.minMiB && wholeGiB >= 1024 ? wholeGiB : range.maxMiB;
}

function withoutModel(ctx: DiagnoseContext, kill: ContainerKill, step: number): Advice {
  const role = kill.role;
  const alternatives: Alternative[] = [];
  const unsized: Advice = {
    changes: [],
    alternatives,
    figures: {},
    nextChecks: [
      `Raise ${overheadKey(role)}; pass the configuration (--conf or a properties file) for a size computed by the model.`,
    ],
  };
  if (kill.limitBytes === null) return unsized;
  const limitMiB = Math.round(kill.limitBytes / MiB);
  const input = defaultInput(ctx, kill);
  const heap = estimatedHeapMiB(input, role, limitMiB * MiB);
  if (heap === null) return unsized;
  const atHeap = withSettings(input, { [heapKey(role)]: `${heap}m` });
  const target = targetMiB(kill, limitMiB, step);
  const newOverhead = Math.max(overheadFitting(atHeap, role, target) ?? 0, step);
  const grown = tryModel(() => layoutWith(atHeap, { [overheadKey(role)]: `${newOverhead}m` }));
  const request = grown ? viewOf(grown, role)?.requestMiB : null;
  return {
    changes: changesOf(ctx.conf, overheadKey(role), confSize(newOverhead), MORE_OVERHEAD),
    alternatives,
    figures: {
      estimatedHeapBytes: heap * MiB,
      ...(request ? { recommendedContainerBytes: request * MiB } : {}),
    },
    nextChecks: [
      `Without the configuration, the heap is estimated at ${human(heap * MiB)} (the largest ${heapKey(role)} whose default container comes to ${human(kill.limitBytes)}${kill.manager === "yarn" ? ` after YARN's ${step}-MiB rounding` : ""}); pass the configuration for exact figures.`,
      ...(role === "executor"
        ? [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "If each executor runs several tasks at once (spark.executor.cores above 1), half as many share the same container's memory outside the heap; the configuration gives that alternative its sizes.",
          ]
        : []),
    ],
  };
}
