"""Run small real applications that cache, shuffle, spill and run a Python UDF, with event logging on.

Usage: python workload.py LOG_DIR SPEC...
Each SPEC is a codec (none, lz4, lzf, snappy, zstd) for a single-file log, or rolling-<codec> for a rolling log
(eventlog_v2_<app>/); the applications run one after another in this process, so the JVM starts once. Run with
the python of an oracle venv (scripts/oracle/setup.sh). Executor metrics are logged per stage and polled every
100 ms, and the process-tree metrics are on, so the History Server has peaks to report. Prints one application id
per line.
"""

import sys

from pyspark.sql import functions as F
from pyspark.sql.types import LongType
from session import event_log_session


def run(log_dir: str, spec: str) -> str:
    rolling = spec.startswith("rolling-")
    codec = spec[len("rolling-"):] if rolling else spec
    extra = {
        "spark.eventLog.compress": "false" if codec == "none" else "true",
        "spark.eventLog.rolling.enabled": "true" if rolling else "false",
        "spark.eventLog.logStageExecutorMetrics": "true",
        "spark.executor.processTreeMetrics.enabled": "true",
        "spark.executor.metrics.pollingInterval": "100ms",
        # a small execution region so the sort below spills
        "spark.driver.memory": "512m",
        "spark.memory.fraction": "0.05",
    }
    if codec != "none":
        extra["spark.eventLog.compression.codec"] = codec
    spark = event_log_session("sparkmem-workload-" + spec, log_dir, extra)
    try:
        cached = spark.range(0, 200000, 1, 4).withColumn("v", F.rand(7)).cache()
        cached.count()
        cached.groupBy((F.col("id") % 100).alias("k")).agg(F.sum("v")).collect()
        wide = spark.range(0, 1500000, 1, 2).select(F.col("id"), F.sha2(F.col("id").cast("string"), 256).alias("h"))
        wide.orderBy("h").write.format("noop").mode("overwrite").save()  # keeps the sort, which spills
        # pyspark before 3.4 cannot pickle functions on Python 3.11: no Python UDF there
        if tuple(int(x) for x in spark.version.split(".")[:2]) >= (3, 4):
            plus_one = F.udf(lambda x: x + 1, LongType())
            spark.range(0, 20000, 1, 2).select(plus_one("id").alias("y")).agg(F.sum("y")).collect()
        return spark.sparkContext.applicationId
    finally:
        spark.stop()


def main() -> None:
    for spec in sys.argv[2:]:
        print(run(sys.argv[1], spec), flush=True)


if __name__ == "__main__":
    main()
