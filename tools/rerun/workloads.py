"""Run one workload of the rerun harness (tools/rerun/run.ts) on a local-cluster (a standalone master and worker
in the driver's JVM, each executor a JVM of its own) with its first configuration, or with settings given on the
command line on top of it (the advice), and write its event log.

Usage: python workloads.py LOG_DIR WORKLOAD [key=value ...]
WORKLOAD is one of:
  oversized   2 executors of 3g heap for a small aggregation: most of each heap is never used
  spills      2 executors of 640m for a sort of ~1.2 GB of rows: execution memory is short, tasks spill
  cores       1 executor of 4 cores and 1g for a sort of ~1.6 GB of rows: 4 tasks share its execution memory
  results     12 tasks each returning 100 MB to a 2g driver: 1.2 GB of results above the 1g spark.driver.maxResultSize
  idle        4 executors of 1 core for a job of 2 tasks at a time: half the executors never run a task
  partitions  2 executors of 1g aggregating ~1.5 GB of rows by sorting, in 2 SQL shuffle partitions: reduce tasks spill
  pyspark     1 executor of 1g whose Python UDF workers hold ~1.8 GB outside the heap, in an emulated YARN
              container (container.py; SPARKMEM_CONTAINER_BYTES, the model's YARN grant for the run's settings)
  skew        2 executors of 1536m: a sort-merge join (no broadcast) of 2.5 M rows, 90% of them with key 0, to one
              row per key, in 8 SQL shuffle partitions, AQE off: one reduce task reads ~400 MiB (the others ~6 MiB)
              and hashes each of its joined rows 14 times, ~20 s against a median task under 1 s; the heap sorts
              it without spilling
  capped      the cores workload's first configuration in an emulated YARN container whose cluster grants at most
              2 GiB (yarn.scheduler.maximum-allocation-mb=2048): the heap its 4 tasks need together is not granted
  pymemory    1 executor of 1g whose 4g spark.executor.pyspark.memory (its own allowance in the YARN container,
              RLIMIT_AS for the worker) holds Python UDF workers of ~0.4 GB, in an emulated YARN container
  profiles    not a rerun: a stage with its own resource profile (1536m, 2 cores) beside the default (1g, 1 core),
              dynamic allocation on, so the log has block managers of two profiles (analyze's layout per profile)
Prints one JSON line last: {"app": application id, "ok": bool, "error": exception text or null, "seconds": float,
"kills": processes the kernel killed for exceeding an emulated container}.
Every process binds to 127.0.0.1. Executor metrics are polled every 100 ms and written per stage, with the
process tree (procfs), so that the log carries the peaks advice is built on.
"""

import json
import os
import sys
import time

from container import Containers

from pyspark.sql import SparkSession

BASE = {
    "spark.eventLog.enabled": "true",
    "spark.eventLog.compress": "false",
    "spark.eventLog.rolling.enabled": "false",
    "spark.eventLog.logStageExecutorMetrics": "true",
    "spark.executor.metrics.pollingInterval": "100ms",
    "spark.executor.processTreeMetrics.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.executorEnv.SPARK_LOCAL_IP": "127.0.0.1",
    "spark.executor.cores": "1",
    "spark.sql.adaptive.enabled": "false",
}

WORKLOADS = {
    # local-cluster[workers, cores per worker, MiB per worker]: room for the largest executor either run asks
    "oversized": ("local-cluster[2,1,4096]", {"spark.executor.memory": "3g"}),
    "spills": ("local-cluster[2,1,4096]", {"spark.executor.memory": "640m", "spark.sql.shuffle.partitions": "4"}),
    "cores": (
        "local-cluster[1,4,6144]",
        {"spark.executor.memory": "1g", "spark.executor.cores": "4", "spark.sql.shuffle.partitions": "8"},
    ),
    "idle": ("local-cluster[4,1,2048]", {"spark.executor.memory": "1g"}),
    "results": ("local-cluster[2,1,4096]", {"spark.executor.memory": "1g", "spark.driver.memory": "2g"}),
    "partitions": (
        "local-cluster[2,1,4096]",
        {"spark.executor.memory": "1g", "spark.sql.shuffle.partitions": "2"},
    ),
    "pyspark": (
        "local-cluster[1,1,6144]",
        # one executor, as its YARN layout (advised with spark.master=yarn) has it too
        {
            "spark.executor.memory": "1g",
            "spark.executor.instances": "1",
            "spark.executor.heartbeatInterval": "1s",
            "spark.task.maxFailures": "2",
        },
    ),
    "skew": (
        "local-cluster[2,1,2048]",
        {
            # room to sort the skewed partition without spilling: the heap is not what the advice is about
            "spark.executor.memory": "1536m",
            "spark.sql.shuffle.partitions": "8",
            # neither the plan nor AQE (in the rerun) broadcasts the small side: the join stays a sort-merge join
            "spark.sql.autoBroadcastJoinThreshold": "-1",
        },
    ),
    "capped": (
        "local-cluster[1,4,6144]",
        {"spark.executor.memory": "1g", "spark.executor.cores": "4", "spark.sql.shuffle.partitions": "8"},
    ),
    "pymemory": (
        "local-cluster[1,1,6144]",
        {
            "spark.executor.memory": "1g",
            "spark.executor.instances": "1",
            "spark.executor.pyspark.memory": "4g",
            "spark.executor.heartbeatInterval": "1s",
            "spark.task.maxFailures": "2",
        },
    ),
    "profiles": (
        "local-cluster[2,3,4096]",
        {
            "spark.executor.memory": "1g",
            "spark.dynamicAllocation.enabled": "true",
            "spark.dynamicAllocation.shuffleTracking.enabled": "true",
            "spark.dynamicAllocation.executorIdleTimeout": "5s",
        },
    ),
}


def run_profiles(spark: SparkSession) -> None:
    from pyspark.resource import ExecutorResourceRequests, ResourceProfileBuilder, TaskResourceRequests

    sc = spark.sparkContext
    sc.parallelize(range(1000), 2).map(lambda x: x * 2).count()  # default profile executors
    rp = ResourceProfileBuilder().require(ExecutorResourceRequests().memory("1536m").cores(2))
    rp = rp.require(TaskResourceRequests().cpus(1)).build
    sc.parallelize(range(1000), 2).withResources(rp).map(lambda x: x + 1).count()


def hog(rows, steps=18):
    """A Python UDF's worker holding steps × 100 MB (~1.8 GB), grown in 100 MB steps so that heartbeats report its peak."""
    held = []
    for _ in range(steps):
        chunk = bytearray(100 * 1024 * 1024)
        for i in range(0, len(chunk), 4096):
            chunk[i] = 1
        held.append(chunk)
        time.sleep(0.2)
    return [sum(len(c) for c in held) + sum(1 for _ in rows)]


def run(spark: SparkSession, name: str) -> None:
    if name == "oversized":
        spark.range(0, 4_000_000, 1, 4).selectExpr("id % 1000 AS k", "id AS v").groupBy("k").count().collect()
    elif name == "spills":
        df = spark.range(0, 12_000_000, 1, 4).selectExpr("id", "repeat(cast(id AS string), 8) AS s")
        df.repartition(4).sortWithinPartitions("s").selectExpr("sum(length(s))").collect()
    elif name == "results":
        spark.sparkContext.parallelize(range(12), 12).map(lambda i: bytes([i % 256]) * 100_000_000).collect()
    elif name == "idle":
        df = spark.range(0, 16_000_000, 1, 2).selectExpr("sha2(cast(id AS string), 256) AS s")
        df.selectExpr("max(s)").collect()
    elif name == "partitions":
        # hex digests compress little: the shuffle is about as large as the rows
        s = "concat(sha2(cast(id AS string), 512), sha2(cast(id AS string), 256)) AS s"
        df = spark.range(0, 8_000_000, 1, 16).selectExpr("id % 4000000 AS k", s)
        # max of a string aggregates by sorting (SortAggregateExec): each reduce task sorts its partition
        df.groupBy("k").agg({"s": "max"}).selectExpr("sum(length(`max(s)`))").collect()
    elif name == "pyspark":
        spark.sparkContext.parallelize(range(1000), 2).mapPartitions(hog).sum()
    elif name == "profiles":
        run_profiles(spark)
    elif name == "skew":
        n = 2_500_000
        # 192 hex characters a row, which compress little: the key-0 partition is ~0.9 × n × 190 bytes, above AQE's
        # 256 MiB skewedPartitionThresholdInBytes; 12 map tasks, so that AQE can cut it into pieces of ~64 MiB
        s = "concat(sha2(cast(id AS string), 512), sha2(cast(id AS string), 256)) AS s"
        big = spark.range(0, n, 1, 12).selectExpr("IF(id % 10 = 0, id, 0) AS k", s)
        small = spark.range(0, n, 10, 2).selectExpr("id AS k", "id AS v")  # one row for each key of big
        # work per joined row, in the join's stage: the task with the key-0 rows takes that much longer
        work = "concat(s, cast(v AS string))"
        for _ in range(14):
            work = f"sha2({work}, 512)"
        big.join(small, "k").selectExpr(f"sum(length({work}))").collect()
    elif name == "pymemory":
        spark.sparkContext.parallelize(range(1000), 4).mapPartitions(lambda rows: hog(rows, 4)).sum()
    elif name in ("cores", "capped"):
        df = spark.range(0, 16_000_000, 1, 8).selectExpr("id", "repeat(cast(id AS string), 8) AS s")
        df.repartition(8).sortWithinPartitions("s").selectExpr("sum(length(s))").collect()
    else:
        raise ValueError(name)


def main() -> None:
    log_dir, name, *overrides = sys.argv[1:]
    master, conf = WORKLOADS[name]
    conf = {**BASE, **conf, "spark.eventLog.dir": "file://" + log_dir}
    for kv in overrides:
        k, _, v = kv.partition("=")
        conf[k] = v
    builder = SparkSession.builder.master(master).appName("sparkmem-rerun-" + name)
    for k, v in conf.items():
        builder = builder.config(k, v)
    limit = os.environ.get("SPARKMEM_CONTAINER_BYTES")
    containers = Containers(int(limit)) if limit else None
    spark = builder.getOrCreate()
    app = spark.sparkContext.applicationId
    started = time.time()
    error = None
    try:
        run(spark, name)
    except Exception as e:  # the run's failure is a result, recorded, not the harness's
        error = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    seconds = time.time() - started
    spark.stop()
    kills = 0
    if containers:
        kills = containers.kills()
        containers.stop()
    print(json.dumps({"app": app, "ok": error is None, "error": error, "seconds": round(seconds, 2), "kills": kills}))


if __name__ == "__main__":
    main()
