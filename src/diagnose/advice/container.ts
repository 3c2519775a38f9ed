import { type DiagnoseContext, type Manager, model } from "../context.js";
import { confSize, human, MiB, roundUpTo } from "../sizes.js";
import type { Alternative, Change } from "../types.js";
import { change, heapKey, overheadKey, type Role, setKey } from "./keys.js";
import { confInt, type ProcessView, viewOf, yarnStepMiB } from "./view.js";

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

/** Headroom over the usage the kill reported, so that the next run is not killed at the same size. */
const HEADROOM = 1.1;

function stepOf(ctx: DiagnoseContext, manager: Manager): number {
  // Kubernetes does not round a pod's memory; 256 MiB keeps the suggestion readable
  return manager === "yarn" ? yarnStepMiB(ctx) : 256;
}

/**
 * Without a configuration: the largest whole-GiB heap whose default container (heap +
 * max(384 MiB, 10%), rounded by `step`) is the limit the message quotes; else the largest MiB heap.
 */
export function estimateHeapMiB(limitMiB: number, step: number): number {
  const container = (h: number) => roundUpTo(h + Math.max(384, Math.floor(0.1 * h)), step);
  for (let h = Math.floor(limitMiB / 1024) * 1024; h >= 1024; h -= 1024)
    if (container(h) === limitMiB) return h;
  let h = Math.floor(limitMiB / 1.1);
  while (h > 0 && container(h) > limitMiB) h--;
  return Math.max(h, 0);
}

/**
 * More room outside the heap for a process whose container was killed: a larger overhead sized so
 * the container reaches the reported usage plus 10% (rounded as the cluster rounds), checked with
 * the model; alternatives that run fewer tasks per executor, or move memory from the heap.
 */
export function adviseContainerGrowth(ctx: DiagnoseContext, kill: ContainerKill): Advice {
  const step = stepOf(ctx, kill.manager);
  const view = viewOf(ctx.layout, kill.role);
  if (view) return withModel(ctx, kill, view, step);
  return withoutModel(ctx, kill, step);
}

function targetMiB(kill: ContainerKill, baseMiB: number, step: number): number {
  const base = Math.max(kill.usedBytes ?? 0, kill.limitBytes ?? 0, baseMiB * MiB);
  return roundUpTo(Math.ceil((base * HEADROOM) / MiB), step);
}

function withModel(ctx: DiagnoseContext, kill: ContainerKill, view: ProcessView, step: number): Advice {
  const role = kill.role;
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
  const others = view.requestMiB - view.overheadMiB;
  const newOverhead = Math.max(target - others, view.overheadMiB + step);
  const grow = setKey(ctx.conf, overheadKey(role), confSize(newOverhead));
  const grown = viewOf(model(ctx, grow).layout, role);
  if (grown) figures.recommendedContainerBytes = grown.allocatedBytes;

  const alternatives: Alternative[] = [];
  if (role === "executor" && view.cores > 1) {
    const cores = Math.max(1, Math.floor(view.cores / 2));
    const changes = [change(ctx.conf, "spark.executor.cores", String(cores))];
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
  if (shiftHeap >= Math.max(1024, view.heapMiB / 2)) {
    const changes = [
      ...setKey(ctx.conf, heapKey(role), confSize(shiftHeap)),
      ...setKey(
        ctx.conf,
        overheadKey(role),
        confSize(view.allocatedMiB - (others - view.heapMiB) - shiftHeap),
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
      ...setKey(ctx.conf, heapKey(role), confSize(biggerHeap)),
      ...setKey(ctx.conf, overheadKey(role), confSize(newOverhead)),
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
  const max = kill.manager === "yarn" ? confInt(ctx, "yarn.scheduler.maximum-allocation-mb") : null;
  if (max !== null && others + newOverhead > max) {
    nextChecks.push(
      `A ${human((others + newOverhead) * MiB)} container is above yarn.scheduler.maximum-allocation-mb (${max} MiB): YARN would refuse it. Keep the container and move memory from the heap instead, or ask for a larger maximum.`,
    );
    if (shift) changes = shift.changes;
  }
  return { changes, alternatives, figures, nextChecks };
}

function withoutModel(ctx: DiagnoseContext, kill: ContainerKill, step: number): Advice {
  const role = kill.role;
  const alternatives: Alternative[] = [];
  if (role === "executor")
    alternatives.push({
      title:
        "Halve the concurrent tasks per executor (spark.executor.cores): the same container is shared by half as many tasks",
      changes: [{ key: "spark.executor.cores", from: null, to: "-50%" }],
      containerBytes: null,
      heapBytes: null,
    });
  if (kill.limitBytes === null)
    return {
      changes: setKey(null, overheadKey(role), "+50%"),
      alternatives,
      figures: {},
      nextChecks: [
        "Pass the configuration (--conf or a properties file) for concrete sizes computed by the model.",
      ],
    };
  const limitMiB = Math.round(kill.limitBytes / MiB);
  // Kubernetes does not round the pod: the limit is heap + overhead exactly
  const heap = estimateHeapMiB(limitMiB, kill.manager === "yarn" ? step : 1);
  const target = targetMiB(kill, limitMiB, step);
  const newOverhead = Math.max(target - heap, step);
  return {
    changes: setKey(ctx.conf, overheadKey(role), confSize(newOverhead)),
    alternatives,
    figures: { estimatedHeapBytes: heap * MiB, recommendedContainerBytes: (heap + newOverhead) * MiB },
    nextChecks: [
      `Without the configuration, the heap is estimated at ${human(heap * MiB)} (the largest ${heapKey(role)} whose default container, heap + max(384 MiB, 10%), comes to ${human(kill.limitBytes)}${kill.manager === "yarn" ? ` after YARN's ${step}-MiB rounding` : ""}); pass the configuration for exact figures.`,
    ],
  };
}
