"""Launch one real local-mode Spark application and report what Spark itself says about memory.

Usage: python launch_local.py '{"master": "local[2]", "conf": {"spark.driver.memory": "1g", ...}}'
Prints one JSON object: Runtime.maxMemory of the driver JVM, the BlockManager maximum memory from the
event log (SparkListenerBlockManagerAdded) and the UI REST answer /api/v1/applications/<id>/executors.
Run with the python of an oracle venv (scripts/oracle/setup.sh); JAVA_HOME must be a Java 17.
"""

import glob
import json
import os
import shutil
import sys
import tempfile
import urllib.request

from pyspark.sql import SparkSession


def main() -> None:
    spec = json.loads(sys.argv[1])
    # py4j calls the collector beans through their sun.management classes; Spark 3.3's launcher does not
    # open that package on Java 17 (3.4+ does). The java launcher reads JDK_JAVA_OPTIONS itself.
    os.environ["JDK_JAVA_OPTIONS"] = "--add-opens=java.management/sun.management=ALL-UNNAMED"
    logdir = tempfile.mkdtemp(prefix="sparkmem-launch-")
    builder = SparkSession.builder.master(spec.get("master", "local[2]")).appName("sparkmem-oracle")
    conf = {
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": "file://" + logdir,
        "spark.eventLog.compress": "false",
        "spark.ui.enabled": "true",
        "spark.ui.port": "0",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.showConsoleProgress": "false",
    }
    conf.update(spec.get("conf", {}))
    for k, v in conf.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    try:
        jvm = sc._jvm
        runtime_max = int(jvm.java.lang.Runtime.getRuntime().maxMemory())
        gcs = [b.getName() for b in jvm.java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()]
        spark.range(1000).count()  # a JVM-only job: old pysparks cannot pickle on Python 3.11
        url = sc.uiWebUrl.rstrip("/") + "/api/v1/applications/" + sc.applicationId + "/executors"
        with urllib.request.urlopen(url, timeout=30) as r:
            executors = json.load(r)
        version = sc.version
        app_id = sc.applicationId
    finally:
        spark.stop()
    block_managers = {}
    # 4.0+ rolls event logs by default: eventlog_v2_<appId>/events_<n>_<appId>
    for path in glob.glob(os.path.join(logdir, "**", "*"), recursive=True):
        if not os.path.isfile(path) or os.path.basename(path).startswith("appstatus"):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if '"SparkListenerBlockManagerAdded"' in line:
                    e = json.loads(line)
                    block_managers[e["Block Manager ID"]["Executor ID"]] = e["Maximum Memory"]
    shutil.rmtree(logdir, ignore_errors=True)
    driver = next((e for e in executors if e["id"] == "driver"), {})
    print(json.dumps({
        "sparkVersion": version,
        "appId": app_id,
        "runtimeMaxMemory": runtime_max,
        "gcBeans": gcs,
        "eventLogMaxMemory": block_managers.get("driver"),
        "restMaxMemory": driver.get("maxMemory"),
        "restMemoryMetrics": driver.get("memoryMetrics"),
        "cpus": os.cpu_count(),
    }))


if __name__ == "__main__":
    main()
