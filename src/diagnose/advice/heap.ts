import { changesOf } from "../../conf/change.js";
import { valueSet } from "../../conf/sparkConf.js";
import type { Layout, ProcessLayout } from "../../model/types.js";
import { type DiagnoseContext, model, onDefaults } from "../context.js";
import { confSize, human, MiB, roundUpTo } from "../sizes.js";
import type { Alternative } from "../types.js";
import { type Advice, aboveMax } from "./container.js";
import { heapKey } from "./keys.js";
import { yarnOf } from "./view.js";

function proc(layout: Layout | null, role: "driver" | "executor"): ProcessLayout | null {
  if (!layout) return null;
  return role === "executor" ? layout.executor : layout.driver;
}

const MORE_HEAP = "a larger heap for what did not fit in it";
const FEWER_TASKS = "fewer concurrent tasks, so each gets a larger share of the execution memory";
const SMALLER_PARTITIONS = "smaller partitions, so each task holds less at once";

/** Half again as much heap, in whole GiB, at least 1 GiB more. */
export function grownHeapMiB(heapMiB: number): number {
  return Math.max(roundUpTo(Math.ceil(heapMiB * 1.5), 1024), heapMiB + 1024);
}

/**
 * A larger heap for a JVM whose heap ran out, checked with the model (container, YARN maximum);
 * for executors, the alternatives that give each task more memory without a larger heap.
 */
export function adviseHeapGrowth(ctx: DiagnoseContext, role: "driver" | "executor"): Advice {
  const p = proc(ctx.layout, role);
  const nextChecks: string[] = [];
  if (role === "driver" && ctx.deployMode !== "cluster")
    nextChecks.push(
      "In client mode the driver JVM is already running when the application's SparkConf is read: give --driver-memory to spark-submit (or spark.driver.memory in spark-defaults.conf).",
    );
  if (!p) {
    // without the job's settings: from Spark's defaults for its version and manager, saying so
    const d = onDefaults(ctx);
    const dp = d ? proc(d.ctx.layout, role) : null;
    if (!d || !dp) return { changes: [], alternatives: [], figures: {}, nextChecks };
    const a = adviseHeapGrowth(d.ctx, role);
    return { ...a, nextChecks: [...a.nextChecks, d.note] };
  }
  const heapMiB = p.heapBytes / MiB;
  const newHeap = grownHeapMiB(heapMiB);
  const changes = changesOf(ctx.conf, heapKey(role), confSize(newHeap), MORE_HEAP);
  const grownLayout = model(ctx, changes).layout;
  const grown = proc(grownLayout, role);
  const figures: Record<string, number | string> = { heapBytes: p.heapBytes, taskSlots: p.taskSlots };
  if (p.runsTasks) figures.perTaskExecutionMaxBytes = p.perTaskExecutionMaxBytes;
  if (p.containerBytes !== null) figures.containerBytes = p.containerAllocatedBytes ?? p.containerBytes;
  if (grown) {
    figures.recommendedHeapBytes = grown.heapBytes;
    if (grown.containerBytes !== null)
      figures.recommendedContainerBytes = grown.containerAllocatedBytes ?? grown.containerBytes;
    if (grown.containerBytes !== null && aboveMax(grownLayout))
      nextChecks.push(
        `A ${human(grown.containerBytes)} container is above yarn.scheduler.maximum-allocation-mb (${yarnOf(ctx).maxAllocationMiB} MiB): YARN would refuse it; prefer the alternatives that give each task more memory in the same container.`,
      );
  }
  const alternatives: Alternative[] = [];
  // local mode: the driver runs every task; half the threads, half the tasks sharing its heap
  const local = /^\s*local\[(\d+)\]/.exec(ctx.master ?? valueSet(ctx.conf, "spark.master") ?? "");
  if (role === "driver" && local && Number(local[1]) > 1) {
    const threads = Math.floor(Number(local[1]) / 2);
    const c = changesOf(ctx.conf, "spark.master", `local[${threads}]`, FEWER_TASKS);
    alternatives.push({
      title: `Half the task threads in local mode (local[${local[1]}] → local[${threads}]): each task's share of the same heap doubles`,
      changes: c,
      containerBytes: null,
      heapBytes: p.heapBytes,
    });
  }
  if (role === "executor" && p.cores > 1) {
    const cores = Math.max(1, Math.floor(p.cores / 2));
    const c = changesOf(ctx.conf, "spark.executor.cores", String(cores), FEWER_TASKS);
    const v = proc(model(ctx, c).layout, role);
    alternatives.push({
      title: `Halve the concurrent tasks (spark.executor.cores ${p.cores} → ${cores}): each task may use up to ${v ? human(v.perTaskExecutionMaxBytes) : "twice as much"} of execution memory instead of ${human(p.perTaskExecutionMaxBytes)}, in the same heap`,
      changes: c,
      containerBytes: v ? (v.containerAllocatedBytes ?? v.containerBytes) : null,
      heapBytes: v?.heapBytes ?? null,
    });
  }
  if (role === "executor") {
    const current = valueSet(ctx.conf, "spark.sql.shuffle.partitions");
    const n = Number.parseInt(current ?? "200", 10);
    const to = String((Number.isFinite(n) && n > 0 ? n : 200) * 4);
    alternatives.push({
      title: `More, smaller shuffle partitions (spark.sql.shuffle.partitions ${current ?? "200 (default)"} → ${to}): each task sorts, aggregates or joins a quarter as much (no help for one skewed key)`,
      changes: changesOf(ctx.conf, "spark.sql.shuffle.partitions", to, SMALLER_PARTITIONS),
      containerBytes: p.containerBytes === null ? null : (p.containerAllocatedBytes ?? p.containerBytes),
      heapBytes: p.heapBytes,
    });
  }
  return { changes, alternatives, figures, nextChecks };
}
