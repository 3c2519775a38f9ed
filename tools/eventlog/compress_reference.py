"""Compress a file with Spark's own CompressionCodec classes: the reference the event-log decoders are checked against.

Usage: python compress_reference.py IN OUT_DIR
Run with the python of an oracle venv (scripts/oracle/setup.sh). Writes OUT_DIR/in.<codec> for codec in
lz4, lzf, snappy, zstd, each through CompressionCodec.createCodec(conf, codec).compressedOutputStream, as
Spark's EventLogFileWriter wraps its file (lz4-java, compress-lzf, snappy-java, zstd-jni from Spark's jars),
and prints one JSON object: {"sparkVersion", "files": {codec: path}}.
"""

import json
import os
import sys

from pyspark.sql import SparkSession

CODECS = ["lz4", "lzf", "snappy", "zstd"]


def main() -> None:
    src, out_dir = sys.argv[1], sys.argv[2]
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("sparkmem-compress-reference")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    try:
        jvm = spark.sparkContext._jvm
        conf = spark.sparkContext._jsc.sc().conf()
        files = {}
        for name in CODECS:
            path = os.path.join(out_dir, "in." + name)
            codec = jvm.org.apache.spark.io.CompressionCodec.createCodec(conf, name)
            stream = codec.compressedOutputStream(jvm.java.io.FileOutputStream(path))
            try:
                jvm.java.nio.file.Files.copy(jvm.java.io.File(src).toPath(), stream)
            finally:
                stream.close()
            files[name] = path
        print(json.dumps({"sparkVersion": spark.version, "files": files}))
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
