import { changesOf } from "../../conf/change.js";
import { adviseHeapGrowth } from "../advice/heap.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { GiB, human, parseBinarySize } from "../sizes.js";

// BroadcastExchangeExec / QueryExecutionErrors.notEnoughMemoryToBuildAndBroadcastTableError
// (4.0: _LEGACY_ERROR_TEMP_2250; 3.4+ may append "or analyze these tables through: ANALYZE TABLE …")
const NOT_ENOUGH: MessagePattern = {
  re: /Not enough memory to build and broadcast the table to all worker nodes/,
  source:
    "apache/spark sql/core/src/main/scala/org/apache/spark/sql/execution/exchange/BroadcastExchangeExec.scala; sql/catalyst/.../errors/QueryExecutionErrors.scala",
};
// cannotBroadcastTableOverMaxTableBytesError: "…larger than 8GB: N GB" (4.0: "…larger than 8.0 GiB: <size>.")
const TOO_BIG: MessagePattern = {
  re: /Cannot broadcast the table that is larger than ?([0-9.]+ ?[KMGT]?i?B): ([0-9.]+ ?[KMGT]?i?B)/,
  source:
    "apache/spark sql/catalyst/src/main/scala/org/apache/spark/sql/errors/QueryExecutionErrors.scala (cannotBroadcastTableOverMaxTableBytesError, _LEGACY_ERROR_TEMP_2249)",
};
const TOO_MANY_ROWS: MessagePattern = {
  re: /Cannot broadcast the table over (\d+) rows: (\d+) rows/,
  source:
    "apache/spark sql/catalyst/src/main/scala/org/apache/spark/sql/errors/QueryExecutionErrors.scala (cannotBroadcastTableOverMaxTableRowsError)",
};

export const broadcastTooLarge: Detector = {
  id: "broadcast-too-large",
  title: "A table chosen for a broadcast join is too large",
  explanation:
    "For a broadcast hash join the driver collects the smaller side, builds a hash table in its heap and ships it to every executor. Spark refuses tables over 8 GiB or 512 million rows; below that, a table larger than the statistics promised (stale or missing table statistics, a broadcast() hint) runs the driver out of heap.",
  docs: "Spark docs sql-performance-tuning.md (spark.sql.autoBroadcastJoinThreshold, join hints); BroadcastExchangeExec.scala",
  patterns: [NOT_ENOUGH, TOO_BIG, TOO_MANY_ROWS],
  specificity: 10,
  detect(input, ctx) {
    const hits = scan(input, [NOT_ENOUGH, TOO_BIG, TOO_MANY_ROWS]);
    if (hits.length === 0) return [];
    const figures: Record<string, number | string> = {};
    for (const h of hits) {
      const line = input.lines[h.i] as string;
      const big = TOO_BIG.re.exec(line);
      const rows = TOO_MANY_ROWS.re.exec(line);
      if (big) {
        // 2.x/3.x print whole GB ("8GB: 9 GB", floor of bytes >> 30)
        figures.limitBytes = parseBinarySize(big[1] as string) ?? 8 * GiB;
        const size = parseBinarySize(big[2] as string);
        if (size !== null) figures.requestedBytes = size;
      }
      if (rows) {
        figures.limitRows = Number(rows[1]);
        figures.rows = Number(rows[2]);
      }
    }
    const memory = hits.some((h) => NOT_ENOUGH.re.test(input.lines[h.i] as string));
    const heap = adviseHeapGrowth(ctx, "driver");
    return [
      baseCause(broadcastTooLarge, {
        title: memory
          ? "The driver ran out of heap building a broadcast table"
          : `A broadcast table is above Spark's hard limit${typeof figures.requestedBytes === "number" ? ` (${human(figures.requestedBytes)} of ${human(figures.limitBytes as number)})` : ""}`,
        explanation: broadcastTooLarge.explanation,
        process: "driver",
        confidence: 0.95,
        evidence: evidenceOf(
          input,
          hits.map((h) => h.i),
        ),
        figures: { ...figures, ...(memory ? heap.figures : {}) },
        changes: changesOf(
          ctx.conf,
          "spark.sql.autoBroadcastJoinThreshold",
          "-1",
          "no automatic broadcast joins: the planner sorts and merges instead",
        ),
        alternatives: memory
          ? [
              {
                // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
                title: "Keep broadcasting with a larger driver heap",
                changes: heap.changes,
                containerBytes: (heap.figures.recommendedContainerBytes as number | undefined) ?? null,
                heapBytes: (heap.figures.recommendedHeapBytes as number | undefined) ?? null,
              },
            ]
          : [],
        codeChanges: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Remove broadcast() / BROADCAST hints on large tables; with a threshold of -1 a hint still forces a broadcast.",
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Refresh the statistics the planner trusts: ANALYZE TABLE <t> COMPUTE STATISTICS (a filtered or exploded table can be far larger than its estimate).",
        ],
        nextChecks: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "The SQL tab of the Spark UI shows the BroadcastExchange's data size and the join it feeds.",
          // the heap's checks (client mode's --driver-memory) only where a larger heap is advised
          ...(memory ? heap.nextChecks : []),
        ],
      }),
    ];
  },
};
