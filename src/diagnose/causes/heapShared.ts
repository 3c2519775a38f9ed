import { changeOf } from "../../conf/change.js";
import { valueSet } from "../../conf/sparkConf.js";
import { adviseHeapGrowth } from "../advice/heap.js";
import { heapKey } from "../advice/keys.js";
import type { DiagnoseContext } from "../context.js";
import { baseCause, conf01, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import type { ParsedInput } from "../input/types.js";
import { executorIdAt, processAt, recordText } from "../process.js";
import { human } from "../sizes.js";
import type { Cause, Change, Process } from "../types.js";

/** What the stack shows the JVM was doing: [frames, what, code change]. */
const DRIVER_HINTS: readonly [RegExp, string, string][] = [
  [
    /toPandas|_collect_as_arrow|\.collect\(|Dataset\.collect|collectFromPlan|executeCollect|RDD\.collect|collectAsList|executeTake/,
    "collecting a result: collect()/toPandas() bring every row into the driver's heap",
    "Do not collect large results: write them out (df.write…), take a sample or limit(), iterate with toLocalIterator(), aggregate on the cluster first.",
  ],
  [
    /BroadcastExchangeExec|TorrentBroadcast|broadcast-exchange/,
    "building a broadcast: the table is collected to the driver first",
    "Drop broadcast() hints on large tables, or set spark.sql.autoBroadcastJoinThreshold to -1 for this query.",
  ],
  [
    /AppStatusListener|ElementTrackingStore|JobProgressListener|LiveEntity|spark-listener-group/,
    "keeping the UI's job, stage and task data",
    "Lower spark.ui.retainedTasks / spark.ui.retainedStages / spark.sql.ui.retainedExecutions for applications with very many tasks.",
  ],
  [
    /MapOutputTracker/,
    "tracking map outputs (map tasks × reduce partitions)",
    "Fewer map or reduce partitions: map-output statuses grow with their product.",
  ],
];
const EXECUTOR_HINTS: readonly [RegExp, string, string][] = [
  [
    /UnsafeExternalSorter|UnsafeInMemorySorter|ShuffleExternalSorter|ExternalSorter|SortExec/,
    "sorting",
    "Sort less per task: more shuffle partitions, or spread a skewed key.",
  ],
  [
    /HashAggregateExec|ObjectAggregationIterator|ExternalAppendOnlyMap|AppendOnlyMap|BytesToBytesMap|UnsafeFixedWidthAggregationMap|CollectList|CollectSet|collect_list|collect_set/,
    "aggregating (collect_list/collect_set hold a whole group in memory)",
    "Avoid collect_list/collect_set over skewed groups; aggregate in two steps with a salt column.",
  ],
  [
    /HashedRelation|BroadcastHashJoin|SortMergeJoin|ExternalAppendOnlyUnsafeRowArray|ShuffledHashJoin/,
    "joining (a broadcast table, or the rows of one join key)",
    "For a skewed join key let AQE split it (spark.sql.adaptive.skewJoin.enabled) or salt it; do not broadcast a large table.",
  ],
  [
    /WindowExec|WindowFunctionFrame/,
    "computing a window over one large partition",
    "Partition the window by a finer key.",
  ],
  [
    /Parquet|Orc[A-Z]\w*|VectorizedParquetRecordReader/,
    "reading or writing columnar files (row groups, one writer per open file)",
    "When writing with partitionBy, repartition by the partition columns first; read with a smaller spark.sql.files.maxPartitionBytes.",
  ],
  [
    /ReadAheadInputStream|UnsafeSorterSpillReader/,
    "reading spilled data back",
    "Spill less: more shuffle partitions.",
  ],
  [
    /MemoryStore|putIteratorAsValues|BlockManager\.doPut/,
    "caching a block",
    "Cache with MEMORY_AND_DISK_SER, or unpersist what is no longer used.",
  ],
];

function hintOf(text: string, process: Process): [string, string] | null {
  const hints = process === "driver" ? DRIVER_HINTS : EXECUTOR_HINTS;
  for (const [re, what, code] of hints) if (re.test(text)) return [what, code];
  return null;
}

// the listener bus's threads ("spark-listener-group-appStatus", "-eventLog") hold the UI's state and events
const UI_STATE =
  /AppStatusListener|ElementTrackingStore|JobProgressListener|LiveEntity|SQLAppStatusListener|spark-listener-group/;

/**
 * What the driver keeps for its UI, a tenth of each (defaults: configuration.md; 1000 jobs, stages and SQL
 * executions, 100000 tasks per stage): its heap then holds a tenth of the state that filled it.
 */
const UI_KEYS: readonly [string, number][] = [
  ["spark.ui.retainedJobs", 1000],
  ["spark.ui.retainedStages", 1000],
  ["spark.ui.retainedTasks", 100000],
  ["spark.sql.ui.retainedExecutions", 1000],
];

function uiRetention(ctx: DiagnoseContext): Change[] {
  return UI_KEYS.map(([key, fallback]) => {
    const now = Number.parseInt(valueSet(ctx.conf, key) ?? "", 10);
    const base = Number.isFinite(now) && now > 0 ? now : fallback;
    return changeOf(
      ctx.conf,
      key,
      String(Math.max(1, Math.floor(base / 10))),
      "the driver keeps a tenth of the UI's state",
    );
  });
}

/** Broadcast builds that ran out of heap are the broadcast-too-large cause's. */
const BROADCAST_OOM = /Not enough memory to build and broadcast/;

/** heap-oom and gc-overhead: a JVM whose heap ran out, grouped by process, with the model's heap. */
export function heapCauses(
  d: Detector,
  input: ParsedInput,
  ctx: DiagnoseContext,
  patterns: readonly MessagePattern[],
  what: string,
  confidenceOf: (i: number) => number,
): Cause[] {
  const groups = new Map<Process, number[]>();
  // local mode runs every task in the driver's JVM: its heap is spark.driver.memory, whatever the thread
  const local = /^\s*local/.test(ctx.master ?? "");
  for (const h of scan(input, patterns)) {
    const at = processAt(input, h.i);
    const p = local && (at === "unknown" || at === "executor") ? "driver" : at;
    {
      // push, not a copy per hit: a log with many hits stays linear
      const g = groups.get(p) ?? [];
      g.push(h.i);
      groups.set(p, g);
    }
  }
  const out: Cause[] = [];
  for (const [process, lines] of groups) {
    const first = lines[0] as number;
    const record = recordText(input, first);
    const hint = hintOf(record, process);
    const role = process === "driver" ? "driver" : "executor";
    const advice = adviseHeapGrowth(ctx, role);
    // the driver's own UI state: keeping less of it removes the cause; the heap is the alternative
    if (process === "driver" && hint && UI_STATE.test(record)) {
      advice.alternatives = [
        {
          title: "A larger driver heap that holds the UI's state as it is",
          changes: advice.changes,
          containerBytes: (advice.figures.recommendedContainerBytes as number | undefined) ?? null,
          heapBytes: (advice.figures.recommendedHeapBytes as number | undefined) ?? null,
        },
        ...advice.alternatives,
      ];
      advice.changes = uiRetention(ctx);
    }
    const executorId = process === "executor" ? executorIdAt(input, first) : null;
    const figures: Record<string, number | string> = { ...advice.figures };
    if (executorId) figures.executorId = executorId;
    // the job's own heap only: a size from Spark's defaults (no settings given) is not stated as the job's
    const heap = ctx.layout && typeof figures.heapBytes === "number" ? ` (${human(figures.heapBytes)})` : "";
    const who =
      process === "unknown" ? "a JVM (the input does not say whether driver or executor)" : `the ${process}`;
    const broadcast = BROADCAST_OOM.test(record);
    out.push(
      baseCause(d, {
        title: `The Java heap of ${who} ran out${hint ? ` while ${hint[0]}` : ""}`,
        explanation: `${what} The heap${heap} is ${heapKey(role)}; the JVM threw OutOfMemoryError inside the heap, so the container limit and the overhead were not the problem.${process === "executor" ? " On an executor each running task shares the execution memory (spark.memory.fraction of the heap) with the others: fewer cores or smaller partitions give each task more." : ""}`,
        process,
        // rounded: 0.9 − 0.3 is 0.6000000000000001 in floating point
        confidence: conf01(
          lines.reduce((m, l) => Math.max(m, confidenceOf(l)), 0) -
            (broadcast ? 0.3 : 0) -
            (process === "unknown" ? 0.1 : 0),
        ),
        evidence: evidenceOf(input, lines),
        figures,
        changes: advice.changes,
        alternatives: advice.alternatives,
        codeChanges: hint ? [hint[1]] : [],
        nextChecks: [
          ...(process === "unknown"
            ? [
                // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
                "The input does not show which JVM failed: if it was the driver, raise spark.driver.memory instead.",
              ]
            : []),
          ...(process === "executor"
            ? [
                // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
                "Run `sparkmem analyze <event log>`: if one task's peak execution memory or input is far above the stage's median, the data is skewed and more heap only postpones the failure.",
              ]
            : []),
          ...advice.nextChecks,
        ],
      }),
    );
  }
  return out;
}
