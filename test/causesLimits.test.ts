import { describe, expect, it } from "vitest";
import { type Cause, diagnose } from "../src/diagnose/index.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const top = (text: string, opts = {}): Cause => diagnose(text, opts).causes[0] as Cause;
const changes = (c: { changes: Cause["changes"] }) => c.changes.map((x) => [x.key, x.from, x.to]);

// KryoSerializer.scala's text, as a task failure reported by the driver
const KRYO =
  "org.apache.spark.SparkException: Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent failure: Lost task 0.3 in stage 1.0 (TID 7, ip-10-0-0-5.ec2.internal, executor 2): org.apache.spark.SparkException: Kryo serialization failed: Buffer overflow. Available: 0, required: 110. To avoid this, increase spark.kryoserializer.buffer.max value.";

describe("kryo-buffer-overflow", () => {
  it("the default 64m limit doubles; the executor that ran the task", () => {
    const c = top(KRYO);
    expect([c.id, c.process, c.figures]).toEqual([
      "kryo-buffer-overflow",
      "executor",
      { requiredBytes: 110, limitBytes: 64 * MiB },
    ]);
    expect(changes(c)).toEqual([["spark.kryoserializer.buffer.max", null, "128m"]]);
  });
  it("a set limit: twice it and room for what did not fit, as a power of two; never above Spark's 2047m", () => {
    const big = KRYO.replace("required: 110", `required: ${600 * MiB}`);
    expect(changes(top(big, { conf: { "spark.kryoserializer.buffer.max": "512m" } }))).toEqual([
      ["spark.kryoserializer.buffer.max", "512m", "2047m"],
    ]);
    expect(changes(top(KRYO, { conf: { "spark.kryoserializer.buffer.max": "256" } }))).toEqual([
      ["spark.kryoserializer.buffer.max", "256", "512m"],
    ]);
    const capped = top(KRYO, { conf: { "spark.kryoserializer.buffer.max": "2047m" } });
    expect(capped.changes).toEqual([]);
    expect(capped.nextChecks[0]).toMatch(/already at Spark's 2047m cap/);
  });
});

describe("block-over-2gb", () => {
  const FRAME = [
    "org.apache.spark.shuffle.FetchFailedException: Too large frame: 2991947178",
    "\tat org.apache.spark.storage.ShuffleBlockFetcherIterator.throwFetchFailedException(ShuffleBlockFetcherIterator.scala:357)",
  ].join("\n");
  it("a 2.8 GiB frame: three times the partitions, ahead of the fetch failure it caused; 2.x may fetch to disk", () => {
    const causes = diagnose(FRAME, { sparkVersion: "2.1.0" }).causes;
    expect(causes.map((c) => c.id)).toEqual(["block-over-2gb", "executor-lost-fetch-failed"]);
    const c = causes[0] as Cause;
    expect(c.figures).toEqual({ blockBytes: 2991947178 });
    expect(changes(c)).toEqual([["spark.sql.shuffle.partitions", null, "600"]]);
    expect(c.alternatives?.map(changes)).toEqual([[["spark.maxRemoteBlockSizeFetchToMem", null, "512m"]]]);
    // 3.0 fetches blocks above Int.MaxValue − 512 to disk already
    expect(diagnose(FRAME, { sparkVersion: "3.5.1" }).causes[0]?.alternatives).toEqual([]);
  });
  it("2.x's memory-mapped block: four times the partitions set", () => {
    const c = top(
      "java.lang.IllegalArgumentException: Size exceeds Integer.MAX_VALUE\n\tat sun.nio.ch.FileChannelImpl.map(FileChannelImpl.java:869)\n\tat org.apache.spark.storage.DiskStore$$anonfun$getBytes$4.apply(DiskStore.scala:125)",
      { conf: { "spark.sql.shuffle.partitions": "1000" } },
    );
    expect([c.id, c.figures]).toEqual(["block-over-2gb", {}]);
    expect(changes(c)).toEqual([["spark.sql.shuffle.partitions", "1000", "4000"]]);
  });
});

describe("k8s-oomkilled with local dirs in tmpfs", () => {
  it("spills and shuffle files in the pod's memory: tmpfs off first, then the overhead", () => {
    const c = top(
      "24/03/01 ERROR TaskSchedulerImpl: Lost executor 4 on 10.0.1.12: The executor with id 4 exited with exit code 137(SIGKILL, possible container OOM).",
      {
        conf: { "spark.kubernetes.local.dirs.tmpfs": "true", "spark.executor.memory": "4g" },
        master: "k8s://https://kubernetes.default.svc:443",
      },
    );
    expect(c.id).toBe("k8s-oomkilled");
    expect(changes(c)[0]).toEqual(["spark.kubernetes.local.dirs.tmpfs", "true", "false"]);
    expect(changes(c)[1]?.[0]).toBe("spark.executor.memoryOverhead");
    // 4 GiB and max(384 MiB, (0.1 × 4096).toInt = 409 MiB)
    expect(c.figures.containerBytes).toBe(4 * GiB + 409 * MiB);
  });
});
