import { changesOf } from "../../conf/change.js";
import { adviseHeapGrowth } from "../advice/heap.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import type { ParsedInput } from "../input/types.js";
import { recordText } from "../process.js";
import { GiB, human, parseBinarySize } from "../sizes.js";

// BroadcastExchangeExec / QueryExecutionErrors.notEnoughMemoryToBuildAndBroadcastTableError
// (4.0: _LEGACY_ERROR_TEMP_2250; 3.4+ may append "or analyze these tables through: ANALYZE TABLE …")
const NOT_ENOUGH: MessagePattern = {
  // Databricks: "Size of broadcasted table far exceeds estimates and exceeds limit of spark.driver.maxResultSize"
  re: /Not enough memory to build and broadcast the table to all worker nodes|Size of broadcasted table far exceeds estimates/,
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

// BroadcastExchangeExec's timeout: "Could not execute broadcast in 300 secs. You can increase the timeout for
// broadcasts via spark.sql.broadcastTimeout or disable broadcast join by setting
// spark.sql.autoBroadcastJoinThreshold to -1" (2.x–3.x; 3.3+ error class)
const TIMEOUT: MessagePattern = {
  re: /Could not execute broadcast in (\d+) secs/,
  source:
    "apache/spark sql/core/src/main/scala/org/apache/spark/sql/execution/exchange/BroadcastExchangeExec.scala (doExecuteBroadcast); QueryExecutionErrors.executeBroadcastTimeoutError",
};
// a heap OOM or an execution-memory refusal while the driver builds the relation (relationFuture)
const OOM = /OutOfMemoryError|Unable to acquire \d+ bytes of memory/;
const BUILDING =
  /BroadcastExchangeExec|relationFuture|broadcast-exchange|HashedRelationBroadcastMode|UnsafeHashedRelation\$\.apply|LongHashedRelation\$\.apply/;

/** OOM lines whose record shows the driver building a broadcast relation. */
export function buildingBroadcast(input: ParsedInput): number[] {
  const out: number[] = [];
  // each OOM's record is read (up to 800 lines): the first 50 OOM lines bound the work on a huge log
  let seen = 0;
  for (let i = 0; i < input.lines.length && out.length < 8 && seen < 50; i++) {
    if (!OOM.test(input.lines[i] as string)) continue;
    seen++;
    if (BUILDING.test(recordText(input, i))) out.push(i);
  }
  return out;
}

export const broadcastTooLarge: Detector = {
  id: "broadcast-too-large",
  title: "A table chosen for a broadcast join is too large",
  explanation:
    "For a broadcast hash join the driver collects the smaller side, builds a hash table in its heap and ships it to every executor. Spark refuses tables over 8 GiB or 512 million rows; below that, a table larger than the statistics promised (stale or missing table statistics, a broadcast() hint) runs the driver out of heap.",
  docs: "Spark docs sql-performance-tuning.md (spark.sql.autoBroadcastJoinThreshold, join hints); BroadcastExchangeExec.scala",
  patterns: [NOT_ENOUGH, TOO_BIG, TOO_MANY_ROWS, TIMEOUT],
  specificity: 10,
  detect(input, ctx) {
    const hits = [
      ...scan(input, [NOT_ENOUGH, TOO_BIG, TOO_MANY_ROWS, TIMEOUT]),
      ...buildingBroadcast(input).map((i) => ({ i })),
    ];
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
    const memory = hits.some(
      (h) =>
        !TOO_BIG.re.test(input.lines[h.i] as string) &&
        !TOO_MANY_ROWS.re.test(input.lines[h.i] as string) &&
        !TIMEOUT.re.test(input.lines[h.i] as string),
    );
    const timeout = hits.find((h) => TIMEOUT.re.test(input.lines[h.i] as string));
    if (timeout) figures.timeoutSeconds = Number(TIMEOUT.re.exec(input.lines[timeout.i] as string)?.[1]);
    const heap = adviseHeapGrowth(ctx, "driver");
    return [
      baseCause(broadcastTooLarge, {
        title: memory
          ? "The driver ran out of heap building a broadcast table"
          : timeout && !hits.some((h) => h !== timeout && !TIMEOUT.re.test(input.lines[h.i] as string))
            ? `A broadcast took longer than spark.sql.broadcastTimeout (${figures.timeoutSeconds} s) to build: the table is too large to broadcast`
            : `A broadcast table is above Spark's hard limit${typeof figures.requestedBytes === "number" ? ` (${human(figures.requestedBytes)} of ${human(figures.limitBytes as number)})` : ""}`,
        explanation: broadcastTooLarge.explanation,
        process: "driver",
        confidence: hits.some((h) => !TIMEOUT.re.test(input.lines[h.i] as string)) ? 0.95 : 0.8,
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
