"""One run of simulate's end-to-end check (tools/simcheck/run.ts): a DataFrame cached MEMORY_ONLY, counted, then
a sort of other rows while it is cached, on real Spark; what Spark itself reports is printed for the check.

Usage: python cachesort.py LOG_DIR MASTER key=value ...
MASTER is local[2] (the driver runs the tasks) or local-cluster[1,2,MiB] (a standalone master and worker, one
executor of 2 cores). The settings given (the executor's or the driver's memory) are on top of BASE.
Prints one JSON line last: {"app", "seconds", "cache": {"after_count": RDDInfo, "after_sort": RDDInfo}, "sort":
Stage} where an RDDInfo is Spark's own SparkContext.getRDDStorageInfo for the cached DataFrame (memSize, diskSize,
numCachedPartitions, numPartitions), null when nothing of it is cached, and Stage the sort's stage as the run's
event log has it, read here with json (tasks, spilledTasks, memoryBytesSpilled, diskBytesSpilled,
peakExecutionMemory: the largest of its tasks).
Every process binds to 127.0.0.1.
"""

import json
import os
import sys
import time

from pyspark import StorageLevel
from pyspark.sql import SparkSession

BASE = {
    "spark.eventLog.enabled": "true",
    "spark.eventLog.compress": "false",
    "spark.eventLog.rolling.enabled": "false",
    # the cached blocks' sizes: off by default
    "spark.eventLog.logBlockUpdates.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.executorEnv.SPARK_LOCAL_IP": "127.0.0.1",
    "spark.sql.adaptive.enabled": "false",
    # plain columns: a cached batch's size is its rows' bytes, as SizeEstimator measures them
    "spark.sql.inMemoryColumnarStorage.compressed": "false",
}

# 16 partitions of 1.2 M rows of 5 longs: ~46 MiB each cached, ~730 MiB in all
CACHE_ROWS = 19_200_000
CACHE_PARTITIONS = 16
# 2 partitions of 2.5 M rows with a 36-character string: a sort of ~250 MiB per task
SORT_ROWS = 5_000_000


def storage(spark, name):
    for info in spark.sparkContext._jsc.sc().getRDDStorageInfo():
        if name in info.name():
            return {
                "memSize": info.memSize(),
                "diskSize": info.diskSize(),
                "numCachedPartitions": info.numCachedPartitions(),
                "numPartitions": info.numPartitions(),
            }
    return None


def sort_stage(path):
    """The last stage's tasks (the sort's: the cache's count comes first), summed from TaskEnd events."""
    stages = {}
    with open(path) as f:
        for line in f:
            e = json.loads(line)
            if e.get("Event") != "SparkListenerTaskEnd":
                continue
            m = e.get("Task Metrics") or {}
            s = stages.setdefault(e["Stage ID"], {"tasks": 0, "spilledTasks": 0, "memoryBytesSpilled": 0,
                                                  "diskBytesSpilled": 0, "peakExecutionMemory": 0})
            s["tasks"] += 1
            s["spilledTasks"] += 1 if m.get("Memory Bytes Spilled", 0) > 0 else 0
            s["memoryBytesSpilled"] += m.get("Memory Bytes Spilled", 0)
            s["diskBytesSpilled"] += m.get("Disk Bytes Spilled", 0)
            s["peakExecutionMemory"] = max(s["peakExecutionMemory"], m.get("Peak Execution Memory", 0))
    return {"stageId": max(stages), **stages[max(stages)]}


def main():
    log_dir, master = sys.argv[1], sys.argv[2]
    builder = SparkSession.builder.master(master).appName("sparkmem-simcheck")
    for k, v in {**BASE, "spark.eventLog.dir": log_dir}.items():
        builder = builder.config(k, v)
    for kv in sys.argv[3:]:
        k, v = kv.split("=", 1)
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    start = time.time()
    cached = spark.range(0, CACHE_ROWS, numPartitions=CACHE_PARTITIONS).selectExpr(
        "id", "id * 3 as a", "id * 5 as b", "id * 7 as c", "id * 11 as d"
    )
    cached.persist(StorageLevel.MEMORY_ONLY)
    cached.count()
    name = "Range (0, %d" % CACHE_ROWS
    after_count = storage(spark, name)
    # written to the noop sink, so the sort runs (a count would let the optimizer drop it)
    spark.range(0, SORT_ROWS, numPartitions=2).selectExpr("id", "uuid() as u").sortWithinPartitions(
        "u"
    ).write.format("noop").mode("overwrite").save()
    after_sort = storage(spark, name)
    app = spark.sparkContext.applicationId
    spark.stop()
    out = {
        "app": app,
        "seconds": round(time.time() - start, 1),
        "cache": {"after_count": after_count, "after_sort": after_sort},
        "sort": sort_stage(os.path.join(log_dir, app)),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
