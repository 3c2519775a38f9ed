import { changesOf } from "../../conf/change.js";
import { grownHeapMiB } from "../advice/heap.js";
import { heapForResultsMiB, resultLimitMiB } from "../advice/resultSize.js";
import { model, onDefaults } from "../context.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { confSize, GiB, human, MiB, parseBinarySize } from "../sizes.js";
import type { Alternative, Change } from "../types.js";

// TaskSetManager.canFetchMoreResults: "Total size of serialized results of N tasks (X) is bigger than
// spark.driver.maxResultSize (Y)", sizes by Utils.bytesToString ("1024.0 MiB"; 2.x "1024.0 MB")
const TOTAL: MessagePattern = {
  re: /Total size of serialized results(?: of (\d+) tasks)? \(([0-9.]+ ?[KMGTPE]?i?B)\) is bigger than (?:spark\.driver\.maxResultSize|allowed maxResultSize) \(([0-9.]+ ?[KMGTPE]?i?B)\)/,
  source:
    "apache/spark core/src/main/scala/org/apache/spark/scheduler/TaskSetManager.scala (canFetchMoreResults)",
};
// Executor.scala: a single task's result above the limit is dropped on the executor
const DROPPED: MessagePattern = {
  re: /Result is larger than maxResultSize \(([0-9.]+ ?[KMGTPE]?i?B) > ([0-9.]+ ?[KMGTPE]?i?B)\), dropping it/,
  source: "apache/spark core/src/main/scala/org/apache/spark/executor/Executor.scala (TaskRunner.run)",
};

export const maxResultSize: Detector = {
  id: "max-result-size",
  title: "The results sent to the driver exceeded spark.driver.maxResultSize",
  explanation:
    "An action that returns data to the driver (collect, toPandas, take, a broadcast's build side) sends every task's serialized result there. spark.driver.maxResultSize (1g by default) stops the job before those results fill the driver's heap — deserialised, they take more room than serialized.",
  docs: "Spark docs configuration.md (spark.driver.maxResultSize); TaskSetManager.scala",
  patterns: [TOTAL, DROPPED],
  specificity: 10,
  detect(input, ctx) {
    const hits = scan(input, [TOTAL, DROPPED]);
    if (hits.length === 0) return [];
    const best =
      hits.find((h) => TOTAL.re.test(input.lines[h.i] as string)) ?? (hits[0] as (typeof hits)[number]);
    const total = TOTAL.re.test(input.lines[best.i] as string);
    const size = parseBinarySize(best.m[total ? 2 : 1] as string);
    const limit = parseBinarySize(best.m[total ? 3 : 2] as string);
    const figures: Record<string, number | string> = {};
    if (size !== null) figures.requestedBytes = size;
    if (limit !== null) figures.limitBytes = limit;
    if (total && best.m[1]) figures.tasks = Number(best.m[1]);
    // a size the message does not print readably: sized from the limit it names, else the 1g default
    const newLimitMiB = resultLimitMiB(size ?? limit ?? GiB);
    const changes: Change[] = changesOf(
      ctx.conf,
      "spark.driver.maxResultSize",
      confSize(newLimitMiB),
      "room for the results the job sends to the driver",
    );
    const alternatives: Alternative[] = [];
    // the driver's heap as configured, else Spark's defaults (saying so)
    const defaults = ctx.layout ? null : onDefaults(ctx);
    const sized = defaults?.ctx ?? ctx;
    const driver = sized.layout?.driver ?? null;
    const nextChecks: string[] = [];
    if (driver && newLimitMiB * MiB * 2 > driver.heapBytes) {
      // results deserialise larger than they travel: keep the heap at least twice the limit
      const heapMiB = Math.max(grownHeapMiB(driver.heapBytes / MiB), heapForResultsMiB(newLimitMiB));
      const more = changesOf(
        ctx.conf,
        "spark.driver.memory",
        confSize(heapMiB),
        "a driver heap twice the limit: results take more room deserialised",
      );
      changes.push(...more);
      const d = model(sized, changes).layout?.driver ?? null;
      figures.heapBytes = driver.heapBytes;
      if (d) figures.recommendedHeapBytes = d.heapBytes;
      nextChecks.push(
        `A ${human(newLimitMiB * MiB)} limit needs a driver heap of at least twice that: spark.driver.memory goes up too (in client mode, give --driver-memory to spark-submit).`,
      );
      if (defaults) nextChecks.push(defaults.note);
    }
    alternatives.push({
      title: "Remove the limit (spark.driver.maxResultSize=0): the driver may then die of a heap OOM instead",
      changes: changesOf(ctx.conf, "spark.driver.maxResultSize", "0", "no limit on the results"),
      containerBytes: null,
      heapBytes: null,
    });
    return [
      baseCause(maxResultSize, {
        title: `The results of a job${size !== null ? ` (${human(size)})` : ""} exceeded spark.driver.maxResultSize${limit !== null ? ` (${human(limit)})` : ""}`,
        explanation: maxResultSize.explanation,
        process: "driver",
        confidence: total ? 0.95 : 0.8,
        evidence: evidenceOf(
          input,
          hits.map((h) => h.i),
        ),
        figures,
        changes,
        alternatives,
        codeChanges: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Do not bring large results to the driver: write them out (df.write…), aggregate first, or iterate with toLocalIterator(); for toPandas, filter and select columns first.",
        ],
        nextChecks: [
          ...nextChecks,
          `Many small results add up too: ${typeof figures.tasks === "number" ? `${figures.tasks} tasks` : "a stage with many tasks"} returning a little each — fewer partitions before the action helps.`,
          ...(size !== null && size > 4 * GiB
            ? // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
              ["Several GiB of results on the driver is a design smell: the data should stay distributed."]
            : []),
        ],
      }),
    ];
  },
};
