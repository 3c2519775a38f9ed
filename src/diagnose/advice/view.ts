import type { SparkConf } from "../../conf/sparkConf.js";
import { toConf } from "../../model/explain.js";
import type { ContainerRole } from "../../model/inverse.js";
import type { Layout } from "../../model/types.js";
import { type YarnScheduler, yarnScheduler } from "../../model/yarnScheduler.js";
import { type DiagnoseContext, tryModel } from "../context.js";
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

/** The process whose container the model sizes for `role`: the AM is the driver in cluster mode. */
export function containerRoleOf(layout: Layout | null, role: Role): ContainerRole {
  return role === "am" && !layout?.am ? "driver" : role;
}

/** What the ResourceManager does with a request, as the model reads it from the configuration (defaults without one). */
export function yarnOf(ctx: Pick<DiagnoseContext, "conf">): YarnScheduler {
  return (ctx.conf && tryModel(() => yarnScheduler(ctx.conf as SparkConf))) ?? yarnScheduler(toConf({}));
}
