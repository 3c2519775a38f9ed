"""Run real applications on a local-cluster (a standalone master and workers in this JVM, executors in their own
JVMs) that write what a laptop's local[N] never writes: executors of a second resource profile, tasks
resubmitted because the executor holding their shuffle output died, and executors that registered but never
added a block manager.

Usage: python cluster_workload.py LOG_DIR SPEC...
SPEC is one of:
  profiles      dynamic allocation (shuffle tracking) and a stage whose resource profile asks for 2-core
                executors and 2 CPUs per task: executors of profile 0 and 1, maxTasks 2 and 1
  resubmitted   a shuffle map stage with one slow task; the other executor is killed (SIGKILL) once it has
                finished its tasks, so its map outputs are lost while the stage still runs: TaskEnd events with
                reason Resubmitted, a lost executor and the tasks run again
  no-block-manager
                every executor's block manager must bind one fixed port (spark.blockManager.port, no retries):
                the first executor binds it, every other registers (ExecutorAdded), fails to bind and exits
                before its BlockManagerAdded, and the worker starts the next one
Prints one application id per line. Run with the python of an oracle venv for Spark 3.4+ (Python functions are
pickled); every process binds to 127.0.0.1.
"""

import glob
import os
import signal
import socket
import sys
import tempfile
import threading
import time

from pyspark.sql import SparkSession


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session(name: str, log_dir: str, master: str, extra: dict) -> SparkSession:
    conf = {
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": "file://" + log_dir,
        "spark.eventLog.compress": "false",
        "spark.eventLog.rolling.enabled": "false",
        "spark.ui.enabled": "false",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.showConsoleProgress": "false",
        "spark.executor.memory": "512m",
        "spark.executorEnv.SPARK_LOCAL_IP": "127.0.0.1",
        "spark.python.worker.reuse": "true",
    }
    conf.update(extra)
    builder = SparkSession.builder.master(master).appName("sparkmem-cluster-" + name)
    for k, v in conf.items():
        builder = builder.config(k, v)
    return builder.getOrCreate()


def profiles(log_dir: str) -> str:
    from pyspark.resource import ExecutorResourceRequests, ResourceProfileBuilder, TaskResourceRequests

    spark = session(
        "profiles",
        log_dir,
        # the two 1-core executors of profile 0 keep their shuffle output (shuffle tracking), one core on each
        # of two workers: a third worker has the two cores a profile 1 executor asks for
        "local-cluster[3,2,2048]",
        {
            "spark.executor.cores": "1",
            "spark.dynamicAllocation.enabled": "true",
            "spark.dynamicAllocation.shuffleTracking.enabled": "true",
            "spark.dynamicAllocation.minExecutors": "1",
            "spark.dynamicAllocation.maxExecutors": "2",
            "spark.dynamicAllocation.executorIdleTimeout": "2s",
        },
    )
    sc = spark.sparkContext
    try:
        sc.parallelize(range(1000), 4).map(lambda x: (x % 10, x)).reduceByKey(lambda a, b: a + b).collect()
        two = ResourceProfileBuilder()
        two.require(ExecutorResourceRequests().cores(2).memory("512m"))
        two.require(TaskResourceRequests().cpus(2))
        rdd = sc.parallelize(range(1000), 4).map(lambda x: x * 2).withResources(two.build)  # a property in pyspark
        rdd.sum()
        return sc.applicationId
    finally:
        spark.stop()


def executor_pids(app_id: str) -> dict:
    """executor id -> pid of the executor JVMs of this application (their command lines name both)."""
    out = {}
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(cmdline, "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        if b"org.apache.spark.executor.CoarseGrainedExecutorBackend" not in args or app_id.encode() not in args:
            continue
        out[args[args.index(b"--executor-id") + 1].decode()] = int(cmdline.split("/")[2])
    return out


def slow_or_fast(marker_dir: str):
    def run(index, rows):
        if index == 0:
            # the slow task says which JVM it runs in (its Python worker's ancestors include it), then waits
            pid = os.getpid()
            while pid > 1:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if b"CoarseGrainedExecutorBackend" in f.read():
                        break
                with open(f"/proc/{pid}/stat") as f:
                    pid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(os.path.join(marker_dir, "slow"), "w") as f:
                f.write(str(pid))
            time.sleep(20)
        for r in rows:
            yield (r % 7, r)

    return run


def resubmitted(log_dir: str) -> str:
    spark = session("resubmitted", log_dir, "local-cluster[2,1,1024]", {"spark.task.maxFailures": "8"})
    sc = spark.sparkContext
    marker_dir = tempfile.mkdtemp(prefix="sparkmem-markers-")  # not in the log directory the History Server reads
    app_id = sc.applicationId
    killed = []

    def killer():
        # once the slow task runs and the other executor has finished its quick tasks: kill that executor
        deadline = time.time() + 60
        while time.time() < deadline and not os.path.exists(os.path.join(marker_dir, "slow")):
            time.sleep(0.2)
        time.sleep(6)
        with open(os.path.join(marker_dir, "slow")) as f:
            slow_pid = int(f.read())
        for exec_id, pid in executor_pids(app_id).items():
            if pid != slow_pid:
                os.kill(pid, signal.SIGKILL)
                killed.append(exec_id)
                return

    try:
        t = threading.Thread(target=killer)
        t.start()
        rdd = sc.parallelize(range(4000), 12).mapPartitionsWithIndex(slow_or_fast(marker_dir))
        rdd.reduceByKey(lambda a, b: a + b).collect()
        t.join()
        if not killed:
            raise RuntimeError("no executor was killed")
        return app_id
    finally:
        spark.stop()


def no_block_manager(log_dir: str) -> str:
    spark = session(
        "no-block-manager",
        log_dir,
        "local-cluster[2,1,1024]",
        {
            "spark.blockManager.port": str(free_port()),
            "spark.driver.blockManager.port": str(free_port()),
            "spark.port.maxRetries": "0",
        },
    )
    sc = spark.sparkContext
    try:
        sc.parallelize(range(1000), 4).map(lambda x: (x % 10, x)).reduceByKey(lambda a, b: a + b).collect()
        time.sleep(8)  # the second worker's executors keep registering and failing meanwhile
        sc.parallelize(range(1000), 4).count()
        return sc.applicationId
    finally:
        spark.stop()


RUNS = {"profiles": profiles, "resubmitted": resubmitted, "no-block-manager": no_block_manager}


def main() -> None:
    for spec in sys.argv[2:]:
        print(RUNS[spec](sys.argv[1]), flush=True)


if __name__ == "__main__":
    main()
