"""Write small real Spark event logs, one per codec, for the event-log byte layer's tests.

Usage: python write_logs.py OUT_DIR
Run with the python of an oracle venv (scripts/oracle/setup.sh: pyspark 3.3+, Java 17 on PATH).
Writes OUT_DIR/<label>/ for label in none, lz4, lzf, snappy, zstd (single files) and rolling (a rolling
zstd log: eventlog_v2_<appId>/events_1_<appId>.zstd + appstatus_<appId>), plus, for each codec, a copy of the
".inprogress" file taken while the application was still running (OUT_DIR/<label>/inprogress/), and prints
one JSON object: {"sparkVersion", "logs": {label: {"appId", "sparkVersion", "files": [paths relative to OUT_DIR]}}}.

Every application runs the same JVM-only jobs (old pysparks cannot pickle on Python 3.11), with adaptive
execution off and fixed partition counts so the number of tasks is the same in every log:
  spark.range(0, 1000, 1, 2).cache().count()              2 + 1 tasks (2 partitions, then the global count)
  groupBy(id % 10).count() over 2 shuffle partitions      2 + 2 tasks (reads the cached blocks)
= 7 SparkListenerTaskEnd events in 2 jobs.
"""

import glob
import json
import os
import shutil
import sys

from pyspark.sql import functions as F
from session import event_log_session

CODECS = ["none", "lz4", "lzf", "snappy", "zstd", "rolling"]


def run_app(out_dir: str, label: str) -> dict:
    log_dir = os.path.join(out_dir, label)
    os.makedirs(log_dir, exist_ok=True)
    extra = {
        "spark.eventLog.compress": "false" if label == "none" else "true",
        # rolling is the default from 4.0 (SPARK-45771): ask for single files explicitly
        "spark.eventLog.rolling.enabled": "true" if label == "rolling" else "false",
    }
    if label == "rolling":
        extra["spark.eventLog.compression.codec"] = "zstd"
        extra["spark.eventLog.rolling.maxFileSize"] = "10m"  # the minimum Spark accepts
    elif label != "none":
        extra["spark.eventLog.compression.codec"] = label
    spark = event_log_session("sparkmem-eventlog-" + label, log_dir, extra)
    sc = spark.sparkContext
    try:
        cached = spark.range(0, 1000, 1, 2).cache()
        cached.count()
        cached.groupBy((F.col("id") % 10).alias("k")).count().collect()
        app_id = sc.applicationId
        version = sc.version
        # snapshot of the log while the application runs: what a reader of a live .inprogress file sees
        snap_dir = os.path.join(log_dir, "inprogress")
        os.makedirs(snap_dir, exist_ok=True)
        for path in glob.glob(os.path.join(log_dir, "**", "*.inprogress"), recursive=True):
            if os.path.basename(path).startswith("appstatus"):
                continue
            shutil.copy(path, os.path.join(snap_dir, os.path.basename(path)))
    finally:
        spark.stop()
    files = sorted(
        os.path.relpath(p, out_dir)
        for p in glob.glob(os.path.join(log_dir, "**", "*"), recursive=True)
        if os.path.isfile(p) and not os.path.basename(p).startswith(".")
    )
    return {"appId": app_id, "sparkVersion": version, "files": files}


def main() -> None:
    out_dir = os.path.abspath(sys.argv[1])
    os.makedirs(out_dir, exist_ok=True)
    logs = {label: run_app(out_dir, label) for label in CODECS}
    print(json.dumps({"sparkVersion": logs["none"]["sparkVersion"], "logs": logs}))


if __name__ == "__main__":
    main()
