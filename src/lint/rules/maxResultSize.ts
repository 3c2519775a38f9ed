import { bytesToString } from "../../conf/bytesToString.js";
import { bytesOf, confSize, entryFor } from "../read.js";
import type { LintRule } from "../types.js";

export const maxResultSizeUnlimited: LintRule = {
  id: "max-result-size-unlimited",
  title: "spark.driver.maxResultSize unlimited",
  severity: "warning",
  why: "With 0 (unlimited) a collect() or toPandas() of a large result is pulled into the driver heap until it dies with OutOfMemoryError, instead of failing fast with a clear message.",
  fix: "Keep a limit below the driver heap (the default is 1g).",
  docs: "core/src/main/scala/org/apache/spark/scheduler/TaskSetManager.scala (canFetchMoreResults), internal/config/package.scala MAX_RESULT_SIZE",
  check: (ctx) => {
    const entry = entryFor(ctx, "spark.driver.maxResultSize");
    if (!entry || bytesOf(ctx, "spark.driver.maxResultSize") !== 0) return [];
    const heap = ctx.layout?.driver.heapBytes;
    return [
      {
        key: entry.key,
        message: "spark.driver.maxResultSize=0 lets task results fill the driver heap",
        fix: [{ key: entry.key, to: heap ? confSize(Math.floor(heap / 2 / 1024 ** 2) * 1024 ** 2) : "1g" }],
        entry,
      },
    ];
  },
};

export const maxResultSizeAboveHeap: LintRule = {
  id: "max-result-size-above-heap",
  title: "spark.driver.maxResultSize above the driver heap",
  severity: "warning",
  why: "Serialized results are deserialized into the driver heap (and often copied again), so a limit above the heap never triggers before the driver runs out of memory.",
  fix: "Keep spark.driver.maxResultSize at about half the driver heap, or raise spark.driver.memory.",
  docs: "core/src/main/scala/org/apache/spark/scheduler/TaskResultGetter.scala, TaskSetManager.scala",
  check: (ctx) => {
    const entry = entryFor(ctx, "spark.driver.maxResultSize");
    const limit = bytesOf(ctx, "spark.driver.maxResultSize");
    const heap = ctx.layout?.driver.heapBytes;
    if (!entry || !limit || !heap || limit <= heap) return [];
    return [
      {
        key: entry.key,
        message: `spark.driver.maxResultSize=${entry.value} is above the driver heap (${bytesToString(heap)})`,
        fix: [{ key: entry.key, to: confSize(Math.floor(heap / 2 / 1024 ** 2) * 1024 ** 2) }],
        entry,
      },
    ];
  },
};
