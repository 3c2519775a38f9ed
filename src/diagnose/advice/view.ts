import type { Layout } from "../../model/types.js";
import type { DiagnoseContext } from "../context.js";
import { MiB } from "../sizes.js";
import type { Role } from "./keys.js";

/** One process's sizes, whatever the layout calls them, in MiB (YARN and Kubernetes count MiB). */
export interface ProcessView {
  heapMiB: number;
  overheadMiB: number;
  /** What Spark asks for (heap + overhead + off-heap + PySpark where counted). */
  requestMiB: number;
  /** What the cluster grants (YARN's rounding); equal to requestMiB elsewhere. */
  allocatedMiB: number;
  cores: number;
  heapBytes: number;
  allocatedBytes: number;
  perTaskExecutionMaxBytes: number | null;
}

/** The view of `role` in a layout, or null when that process has no container (local, standalone). */
export function viewOf(layout: Layout | null, role: Role): ProcessView | null {
  if (!layout) return null;
  if (role === "am") {
    const am = layout.am;
    if (!am) return viewOf(layout, "driver");
    return {
      heapMiB: am.heapBytes / MiB,
      overheadMiB: am.overheadBytes / MiB,
      requestMiB: am.containerBytes / MiB,
      allocatedMiB: am.containerAllocatedBytes / MiB,
      cores: am.cores,
      heapBytes: am.heapBytes,
      allocatedBytes: am.containerAllocatedBytes,
      perTaskExecutionMaxBytes: null,
    };
  }
  const p = role === "executor" ? layout.executor : layout.driver;
  if (!p || p.containerBytes === null) return null;
  const allocated = p.containerAllocatedBytes ?? p.containerBytes;
  return {
    heapMiB: p.heapBytes / MiB,
    overheadMiB: p.overheadBytes / MiB,
    requestMiB: p.containerBytes / MiB,
    allocatedMiB: allocated / MiB,
    cores: p.cores,
    heapBytes: p.heapBytes,
    allocatedBytes: allocated,
    perTaskExecutionMaxBytes: p.perTaskExecutionMaxBytes,
  };
}

/** An integer setting of the configuration (also under Spark's spark.hadoop. prefix), or null. */
export function confInt(ctx: Pick<DiagnoseContext, "conf">, key: string): number | null {
  const v = ctx.conf?.[key] ?? ctx.conf?.[`spark.hadoop.${key}`];
  if (v === undefined) return null;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : null;
}

/** YARN's rounding step (CapacityScheduler: yarn.scheduler.minimum-allocation-mb, default 1024). */
export function yarnStepMiB(ctx: Pick<DiagnoseContext, "conf">): number {
  const n = confInt(ctx, "yarn.scheduler.minimum-allocation-mb");
  return n !== null && n > 0 ? n : 1024;
}
