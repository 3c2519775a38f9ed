import type { AnalyzeReport } from "../analyze/report.js";
import { skewed } from "../analyze/stageSkew.js";
import { MiB } from "../conf/byteString.js";
import { bytesToString } from "../conf/bytesToString.js";
import { type SparkConf, valueSet } from "../conf/sparkConf.js";
import { atLeast, type SparkVersion } from "../conf/version.js";
import { advisoryBytes, aqeOn, bytesOf } from "./partitions.js";
import type { AdviceChange, CountEvidence, Evidence } from "./types.js";

/**
 * AQE's skew join for a stage whose longest task read many times the median's shuffle data: OptimizeSkewedJoin
 * (sql/core/src/main/scala/org/apache/spark/sql/execution/adaptive/OptimizeSkewedJoin.scala) splits a partition
 * of a sort-merge or shuffled-hash join when it is larger than skewedPartitionFactor (5) × the median partition
 * and larger than skewedPartitionThresholdInBytes (256MB), into pieces of about the advisory partition size
 * (SQLConf, 3.0+). So: AQE on, its skew join on, and a threshold below the partition that held the stage up.
 * Only data skew counts: a long task that read no more than the others is a slow node or a costly key, which
 * splitting does not help.
 */
const ENABLED = "spark.sql.adaptive.enabled";
const SKEW_JOIN = "spark.sql.adaptive.skewJoin.enabled";
const FACTOR = "spark.sql.adaptive.skewJoin.skewedPartitionFactor";
const THRESHOLD = "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes";
const DEFAULT_FACTOR = 5;
const DEFAULT_THRESHOLD = 256 * MiB;

export interface SkewAdvice {
  changes: AdviceChange[];
  notes: string[];
  /** The skewed stage, as "log:stage", when AQE will split it: its spill does not raise the heap. */
  fixed: Set<string>;
}

interface SkewedStage {
  log: number;
  stage: number;
  maxRead: number;
  medianRead: number;
  maxMs: number;
  medianMs: number;
}

const isTrue = (v: string | null, otherwise: boolean) =>
  v === null ? otherwise : v.trim().toLowerCase() === "true";

/** The stage with the largest skewed partition: duration skew that its shuffle read explains. */
function worstSkew(reports: AnalyzeReport[], factor: number, advisory: number): SkewedStage | null {
  let worst: SkewedStage | null = null;
  reports.forEach((r, log) => {
    for (const s of r.stages) {
      const read = s.taskShuffleReadBytes;
      const d = s.taskDurationMs;
      if (!read || !d || !skewed(s)) continue;
      const [medianRead, maxRead] = [read[2], read[4]];
      // a piece smaller than the advisory size is not split further: below it there is nothing to gain
      if (maxRead <= advisory || maxRead <= factor * medianRead) continue;
      if (!worst || maxRead > worst.maxRead)
        worst = { log, stage: s.stageId, maxRead, medianRead, maxMs: d[4], medianMs: d[2] };
    }
  });
  return worst;
}

export function adviseSkew(reports: AnalyzeReport[], conf: SparkConf, version: SparkVersion): SkewAdvice {
  const factorText = valueSet(conf, FACTOR);
  const factor = factorText !== null && Number(factorText) >= 0 ? Number(factorText) : DEFAULT_FACTOR;
  const advisory = advisoryBytes(conf);
  const w = worstSkew(reports, factor, advisory);
  if (!w) return { changes: [], notes: [], fixed: new Set() };
  const b = bytesToString;
  const seen = `stage ${w.stage}'s longest task read ${b(w.maxRead)} of shuffle data, ${(w.maxRead / Math.max(1, w.medianRead)).toFixed(1)}× the median task's ${b(w.medianRead)}, and ran ${(w.maxMs / 1000).toFixed(1)} s against ${(w.medianMs / 1000).toFixed(1)} s`;
  if (!atLeast(version, "3.0"))
    return {
      changes: [],
      notes: [`${seen}: Spark before 3.0 has no AQE skew join, salt the join key (or run on 3.0+)`],
      fixed: new Set(),
    };
  const evidence: (Evidence | CountEvidence)[] = [
    {
      metric: "shuffle read of the largest task",
      executor: null,
      stage: w.stage,
      bytes: w.maxRead,
      log: w.log,
    },
    {
      metric: "shuffle read per task (median)",
      executor: null,
      stage: w.stage,
      bytes: w.medianRead,
      log: w.log,
    },
    { metric: "longest task (ms)", executor: null, stage: null, count: w.maxMs, log: w.log },
    { metric: "median task (ms)", executor: null, stage: null, count: w.medianMs, log: w.log },
  ];
  const change = (key: string, to: string, why: string): AdviceChange => ({
    process: "executor",
    key,
    from: valueSet(conf, key),
    to,
    why: `${seen}: ${why}`,
    evidence,
  });
  const aqe = aqeOn(conf, version);
  const skewJoin = isTrue(valueSet(conf, SKEW_JOIN), true);
  const threshold = bytesOf(conf, THRESHOLD, DEFAULT_THRESHOLD);
  const changes: AdviceChange[] = [];
  if (!aqe)
    changes.push(
      change(
        ENABLED,
        "true",
        "AQE was off, and with it its skew join, which splits such a partition of a join",
      ),
    );
  if (!skewJoin)
    changes.push(change(SKEW_JOIN, "true", "AQE's skew join was off; it splits such a partition of a join"));
  if (w.maxRead <= threshold) {
    // half the largest partition, never below the advisory size the pieces are cut to
    const to = Math.max(Math.ceil(advisory / MiB), Math.floor(w.maxRead / 2 / MiB));
    changes.push(
      change(
        THRESHOLD,
        `${to}m`,
        `a partition counts as skewed only above ${b(threshold)}; ${to}m lets AQE split this one into pieces of about ${b(advisory)} (spark.sql.adaptive.advisoryPartitionSizeInBytes), no finer than one map task's output`,
      ),
    );
  }
  if (changes.length > 0) return { changes, notes: [], fixed: new Set([`${w.log}:${w.stage}`]) };
  return {
    changes: [],
    fixed: new Set(),
    notes: [
      `${seen}, though AQE's skew join was on and the partition is above its threshold: the stage is not a join AQE splits (an aggregation, a window, a join in a stage with another shuffle), so repartition by a salted key`,
    ],
  };
}
