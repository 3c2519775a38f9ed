import type { AnalyzeReport } from "../analyze/report.js";
import { byteStringAs, MiB } from "../conf/byteString.js";
import { bytesToString } from "../conf/bytesToString.js";
import { readInt, type SparkConf, valueSet } from "../conf/sparkConf.js";
import { atLeast, type SparkVersion } from "../conf/version.js";
import type { Layout } from "../model/types.js";
import type { Evidence } from "./types.js";

/**
 * spark.sql.shuffle.partitions from the stages that spilled: a SQL shuffle's reduce stage runs one task per
 * partition, so when its tasks each read several times the size AQE aims a partition at
 * (spark.sql.adaptive.advisoryPartitionSizeInBytes, 64 MiB by default: SQLConf) and spilled, more partitions give
 * each task less to hold — the cheaper fix than a larger heap, which is then not raised for that stage. Only stages
 * with exactly the configured number of tasks are the setting's (a repartition(n) or a coalesced AQE stage is not).
 * With AQE on (the default from 3.2, SPARK-33679) it coalesces partitions that come out small, so more is safe.
 */
const PARTITIONS = "spark.sql.shuffle.partitions";
const INITIAL = "spark.sql.adaptive.coalescePartitions.initialPartitionNum";
const DEFAULT_ADVISORY = 64 * MiB;
/** A task reading more than this many advisory sizes is worth splitting. */
const SPLIT_ABOVE = 2;

export interface PartitionAdvice {
  key: string;
  from: string | null;
  to: string | null;
  why: string;
  evidence: Evidence[];
  /** The spilled stages more partitions fix, as "log:stage": the heap is not raised for them. */
  fixed: Set<string>;
}

/** Whether AQE runs: spark.sql.adaptive.enabled, true by default from 3.2 (SPARK-33679). */
export function aqeOn(conf: SparkConf, version: SparkVersion): boolean {
  const v = valueSet(conf, "spark.sql.adaptive.enabled");
  return v === null ? atLeast(version, "3.2") : v.trim().toLowerCase() === "true";
}

/** A size setting in bytes as the job ran with it, else `otherwise`. */
export function bytesOf(conf: SparkConf, key: string, otherwise: number): number {
  const v = valueSet(conf, key);
  try {
    return v === null ? otherwise : Number(byteStringAs(v, "BYTE"));
  } catch {
    return otherwise; // a value Spark would refuse: the job did not run with it
  }
}

/** spark.sql.adaptive.advisoryPartitionSizeInBytes: the size AQE aims a shuffle partition at. */
export const advisoryBytes = (conf: SparkConf): number =>
  bytesOf(conf, "spark.sql.adaptive.advisoryPartitionSizeInBytes", DEFAULT_ADVISORY);

export function advisePartitions(
  reports: AnalyzeReport[],
  conf: SparkConf,
  version: SparkVersion,
  current: Layout,
): PartitionAdvice {
  const aqe = aqeOn(conf, version);
  // with AQE, initialPartitionNum (when set) is the number a shuffle starts from
  const key = aqe && valueSet(conf, INITIAL) !== null ? INITIAL : PARTITIONS;
  const configured =
    key === INITIAL ? Number.parseInt(valueSet(conf, INITIAL) ?? "", 10) : (readInt(conf, PARTITIONS) ?? 200);
  const advisory = advisoryBytes(conf);
  const none: PartitionAdvice = {
    key,
    from: valueSet(conf, key),
    to: null,
    why: "",
    evidence: [],
    fixed: new Set(),
  };
  if (!Number.isInteger(configured) || configured <= 0) return none;
  const evidence: Evidence[] = [];
  const fixed = new Set<string>();
  let need = 0;
  let worst: { stage: number; perTask: number; spill: number } | null = null;
  reports.forEach((r, log) => {
    for (const s of r.stages) {
      const perTask = s.taskShuffleReadBytes?.[2] ?? 0; // the median task's read: the typical partition
      if (s.memoryBytesSpilled <= 0 || s.numTasks !== configured || perTask <= SPLIT_ABOVE * advisory)
        continue;
      fixed.add(`${log}:${s.stageId}`);
      need = Math.max(need, Math.ceil(s.shuffleReadBytes / advisory));
      evidence.push(
        { metric: "shuffle read per task (median)", executor: null, stage: s.stageId, bytes: perTask, log },
        { metric: "memoryBytesSpilled", executor: null, stage: s.stageId, bytes: s.memoryBytesSpilled, log },
      );
      if (!worst || perTask > worst.perTask)
        worst = { stage: s.stageId, perTask, spill: s.memoryBytesSpilled };
    }
  });
  if (!worst || need <= configured) return none;
  const w = worst as { stage: number; perTask: number; spill: number };
  // whole waves: a multiple of the task slots the executors give at start
  const slots = (current.executor?.taskSlots ?? 0) * (current.executor?.count ?? 0);
  const to = slots > 0 ? Math.ceil(need / slots) * slots : need;
  const b = (x: number) => bytesToString(x);
  return {
    key,
    from: valueSet(conf, key),
    to: String(to),
    why: `stage ${w.stage} spilled ${b(w.spill)} with ${configured} partitions of ${b(w.perTask)} shuffle read each (median), over ${SPLIT_ABOVE}× the ${b(advisory)} a partition is aimed at (spark.sql.adaptive.advisoryPartitionSizeInBytes): ${to} partitions${slots > 0 ? ` (whole waves of ${slots} task slots)` : ""} give each task about ${b(advisory)}; the heap is not raised for ${fixed.size === 1 ? "this stage" : "these stages"}${aqe ? "" : " (AQE is off: spark.sql.adaptive.enabled=true would also coalesce the partitions that come out small)"}`,
    evidence,
    fixed,
  };
}
