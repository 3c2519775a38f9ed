"""A local-mode SparkSession that writes an event log, shared by the scripts that make test logs."""

from pyspark.sql import SparkSession


def event_log_session(app_name: str, log_dir: str, extra: dict) -> SparkSession:
    """local[2], event log into log_dir, no UI, loopback only, fixed shuffle partitions (the same tasks every run)."""
    conf = {
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": "file://" + log_dir,
        "spark.ui.enabled": "false",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.adaptive.enabled": "false",
        "spark.sql.shuffle.partitions": "2",
    }
    conf.update(extra)
    builder = SparkSession.builder.master("local[2]").appName(app_name)
    for k, v in conf.items():
        builder = builder.config(k, v)
    return builder.getOrCreate()
