import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evidenceBytes } from "../src/advise/index.js";
import { type Rerun, read, rerun, runWorkload } from "../tools/rerun/run.js";
import { onCi } from "./support/ci.js";
import { newestPyspark } from "./support/pyspark.js";

/**
 * The proof of advise (tools/rerun/): each workload runs on real Spark with a first configuration that is wrong
 * in a known way, advise reads its event log, and the workload runs again with the advice. The advised run must
 * succeed, hold less memory where the first was oversized, and spill no more than the first.
 */
const newest = newestPyspark();

describe("advise, proved by running the job again", () => {
  it.runIf(onCi)("CI has a pyspark to run the workloads (npm run oracle:setup)", () => {
    expect(newest, "no pyspark venv installed").toBeDefined();
  });

  it.skipIf(!newest)(
    `Spark ${newest?.version}: executors far larger than used get a smaller heap, and the rerun holds less`,
    { timeout: 600_000 },
    async () => {
      const r: Rerun = await rerun(newest as NonNullable<typeof newest>, "oversized");
      expect(r.before.ok).toBe(true);
      expect(r.settings["spark.executor.memory"]).toBe("1g");
      expect(r.after.ok).toBe(true);
      expect(r.after.executorHeapBytes).toBe(1024 ** 3);
      expect(r.after.executorGibHours).toBeLessThan((r.before.executorGibHours ?? 0) / 2);
      expect(r.after.spilledBytes).toBeLessThanOrEqual(r.before.spilledBytes);
      expect(r.after.failedTasks).toBe(0);
    },
  );

  it.skipIf(!newest)(
    `Spark ${newest?.version}: a heap so small that tasks spill gets a larger one, and the rerun spills less`,
    { timeout: 600_000 },
    async () => {
      const r: Rerun = await rerun(newest as NonNullable<typeof newest>, "spills");
      expect(r.before.ok).toBe(true);
      expect(r.before.spilledBytes).toBeGreaterThan(100 * 1024 ** 2);
      expect(r.advice.changes[0]?.evidence.at(-1)?.metric).toBe("memoryBytesSpilled per executor");
      expect(r.after.executorHeapBytes).toBeGreaterThan(r.before.executorHeapBytes ?? Infinity);
      expect(r.after.ok).toBe(true);
      expect(r.after.spilledBytes).toBeLessThan(r.before.spilledBytes);
    },
  );

  it.skipIf(!newest)(
    `Spark ${newest?.version}: 4 cores sharing a 1g executor's execution memory get the heap their tasks lacked together`,
    { timeout: 600_000 },
    async () => {
      const r: Rerun = await rerun(newest as NonNullable<typeof newest>, "cores");
      expect(r.before.ok).toBe(true);
      expect(r.before.spilledBytes).toBeGreaterThan(100 * 1024 ** 2);
      // the spill per task × the 4 tasks running together, on top of the unified peak
      expect(r.advice.current.executor?.taskSlots).toBe(4);
      expect(r.after.executorHeapBytes).toBeGreaterThanOrEqual(2 * 1024 ** 3);
      expect(r.after.ok).toBe(true);
      expect(r.after.spilledBytes).toBeLessThan(r.before.spilledBytes);
    },
  );

  it.skipIf(!newest)(
    `Spark ${newest?.version}: reduce tasks that spill with 2 SQL shuffle partitions get more partitions, not more memory`,
    { timeout: 600_000 },
    async () => {
      const r: Rerun = await rerun(newest as NonNullable<typeof newest>, "partitions");
      expect(r.before.ok).toBe(true);
      expect(r.before.spilledBytes).toBeGreaterThan(1024 ** 3);
      // ~1.4 GiB of shuffle over AQE's 64 MiB advisory size, in whole waves of the 2 executors' 2 slots
      expect(r.settings).toEqual({ "spark.sql.shuffle.partitions": "24" });
      expect(r.after.executorHeapBytes).toBe(r.before.executorHeapBytes);
      expect(r.after.ok).toBe(true);
      expect(r.after.spilledBytes).toBeLessThan(r.before.spilledBytes / 10);
    },
  );

  it.skipIf(!newest)(
    `Spark ${newest?.version}: 4 executors for a job of 2 tasks at a time become 2, and the rerun holds half`,
    { timeout: 600_000 },
    async () => {
      const r: Rerun = await rerun(newest as NonNullable<typeof newest>, "idle");
      expect(r.before.ok).toBe(true);
      // standalone: the executors a local-cluster starts are capped by spark.cores.max
      expect(r.settings).toEqual({ "spark.cores.max": "2" });
      expect(r.advice.advised.executor?.count).toBe(2);
      expect(r.after.ok).toBe(true);
      expect(r.after.executorGibHours).toBeLessThan((r.before.executorGibHours ?? 0) * 0.6);
      expect(r.after.seconds).toBeLessThan(r.before.seconds * 1.5);
    },
  );

  it.skipIf(!newest)(
    `Spark ${newest?.version}: a collect above spark.driver.maxResultSize gets the limit and the driver heap, and the rerun succeeds`,
    { timeout: 600_000 },
    async () => {
      const r: Rerun = await rerun(newest as NonNullable<typeof newest>, "results");
      expect(r.before.ok).toBe(false);
      expect(r.before.error).toMatch(/Py4JJavaError/);
      // diagnose on the stage's abort ("Total size of serialized results … is bigger than
      // spark.driver.maxResultSize"): a 2g limit, and a 4g heap to hold the results deserialised
      expect(r.settings).toEqual({ "spark.driver.maxResultSize": "2g", "spark.driver.memory": "4g" });
      expect(r.advice.notes.some((n) => n.includes("(max-result-size, confidence 0.95)"))).toBe(true);
      expect(r.after.ok).toBe(true);
    },
  );

  it.skipIf(!newest)(
    `Spark ${newest?.version}: Python workers killed in their YARN container get the overhead they need, and the rerun succeeds`,
    { timeout: 600_000 },
    async () => {
      const r: Rerun = await rerun(newest as NonNullable<typeof newest>, "pyspark");
      // the first run: 1g heap + 384 MiB overhead, granted 2 GiB by YARN (1 GiB minimum allocation); the Python
      // workers' ~1.8 GB does not fit, the kernel kills them, the job fails
      expect(r.before.containerBytes).toBe(2 * 1024 ** 3);
      expect(r.before.ok).toBe(false);
      expect(r.before.kills).toBeGreaterThan(0);
      const overhead = r.advice.changes.find((c) => c.key === "spark.executor.memoryOverhead");
      expect(overhead?.evidence.map((e) => e.metric)).toContain("ProcessTreePythonRSSMemory");
      const python =
        evidenceBytes(overhead?.evidence.find((e) => e.metric === "ProcessTreePythonRSSMemory")) ?? 0;
      expect(python).toBeGreaterThan(1.5 * 1024 ** 3);
      // the heap is not what was short, and is not changed
      expect(r.settings["spark.executor.memory"]).toBeUndefined();
      // the advised container holds the heap and the Python workers' peak with headroom
      expect(r.after.containerBytes).toBeGreaterThan(
        (r.before.containerBytes ?? 0) + python - 384 * 1024 ** 2,
      );
      expect(r.after.ok).toBe(true);
      expect(r.after.kills).toBe(0);
      expect(r.after.failedTasks).toBe(0);
    },
  );

  it.skipIf(!newest)(
    `Spark ${newest?.version}: a sort-merge join whose one key holds most rows gets AQE, whose skew join splits that partition`,
    { timeout: 600_000 },
    async () => {
      const r: Rerun = await rerun(newest as NonNullable<typeof newest>, "skew");
      expect(r.before.ok).toBe(true);
      // AQE was off (BASE); its skew join is on by default, and the partition is above its 256 MiB threshold;
      // the heap, which sorted the partition without spilling, is kept
      expect(r.settings).toEqual({ "spark.sql.adaptive.enabled": "true" });
      expect(r.before.spilledBytes).toBe(0);
      const evidence = r.advice.changes[0]?.evidence ?? [];
      const figure = (metric: string) => {
        const e = evidence.find((x) => x.metric === metric);
        return e === undefined ? Number.NaN : "bytes" in e ? e.bytes : e.count;
      };
      // the key-0 partition: ~2.25 M rows of ~190 bytes, above the 256 MiB threshold, against ~6 MiB elsewhere
      const largest = figure("shuffle read of the largest task");
      const median = figure("shuffle read per task (median)");
      expect(largest).toBeGreaterThan(320 * 1024 ** 2);
      expect(largest).toBeGreaterThan(20 * median);
      // the task that read it ran far longer than the median one (the skew advise looks for: 2× and 10 s longer)
      const longest = figure("longest task (ms)");
      const typical = figure("median task (ms)");
      expect(longest).toBe(r.before.longestTaskMs);
      expect(longest).toBeGreaterThan(2 * typical);
      expect(longest - typical).toBeGreaterThan(10_000);
      // the rerun: AQE cuts the partition into 6 pieces of two map outputs each (~68 MiB, about its 64 MiB advisory
      // size), run on both executors
      expect(r.after.ok).toBe(true);
      expect(r.after.failedTasks).toBe(0);
      expect(r.after.longestTaskMs).toBeLessThan((r.before.longestTaskMs ?? 0) / 2);
    },
  );

  it.skipIf(!newest)(
    `Spark ${newest?.version}: 4 cores whose heap is not granted under a 2 GiB YARN maximum get fewer cores, and the rerun spills nothing`,
    { timeout: 600_000 },
    async () => {
      const r: Rerun = await rerun(newest as NonNullable<typeof newest>, "capped");
      // 1g + 384 MiB: YARN grants 2 GiB, its maximum; the 4 tasks spill as in "cores"
      expect(r.before.containerBytes).toBe(2 * 1024 ** 3);
      expect(r.before.ok).toBe(true);
      expect(r.before.spilledBytes).toBeGreaterThan(100 * 1024 ** 2);
      // the 2560m the slots need together is not granted: the largest heap that is (1536m + 384 MiB), shared
      // by 2 cores; YARN's default 2 executors × 4 slots kept as 4 × 2 (the overhead may follow the process tree)
      expect(r.settings).toMatchObject({
        "spark.executor.memory": "1536m",
        "spark.executor.cores": "2",
        "spark.executor.instances": "4",
      });
      expect(r.advice.advised.executor?.taskSlots).toBe(2);
      expect(r.after.containerBytes).toBe(2 * 1024 ** 3);
      expect(r.after.ok).toBe(true);
      expect(r.after.kills).toBe(0);
      expect(r.after.spilledBytes).toBeLessThan(r.before.spilledBytes / 10);
    },
  );

  it.skipIf(!newest)(
    `Spark ${newest?.version}: a 4g PySpark allowance for ~0.4 GB workers comes down to their address space, and the rerun in the smaller container succeeds`,
    { timeout: 600_000 },
    async () => {
      const v = newest as NonNullable<typeof newest>;
      const r: Rerun = await rerun(v, "pymemory");
      // 1g + 384 MiB + 4g of PySpark memory: 6 GiB granted
      expect(r.before.containerBytes).toBe(6 * 1024 ** 3);
      expect(r.before.ok).toBe(true);
      expect(Object.keys(r.settings)).toEqual(["spark.executor.pyspark.memory"]);
      const c = r.advice.changes.find((x) => x.key === "spark.executor.pyspark.memory");
      const vmem = evidenceBytes(c?.evidence.find((e) => e.metric === "ProcessTreePythonVMemory")) ?? 0;
      expect(vmem).toBeGreaterThan(400 * 1024 ** 2);
      const advised = r.advice.advised.executor?.pysparkBytes ?? 0;
      expect(advised).toBeGreaterThanOrEqual(vmem * 1.3);
      expect(advised).toBeLessThan(1024 ** 3);
      expect(r.after.containerBytes).toBeLessThanOrEqual(3 * 1024 ** 3);
      expect(r.after.ok).toBe(true);
      expect(r.after.kills).toBe(0);
      expect(r.after.failedTasks).toBe(0);
      // the allowance is a real limit: at a third of the advised one the workers fail with MemoryError
      const dir = mkdtempSync(join(tmpdir(), "sparkmem-pymemory-"));
      const tight = runWorkload(v, dir, "pymemory", { "spark.executor.pyspark.memory": "256m" });
      expect(tight.ok).toBe(false);
      const log = await read(dir, tight.app);
      expect(log.stages.flatMap((s) => s.failedTaskReasons.map((f) => f.reason)).join("\n")).toMatch(
        /MemoryError/,
      );
    },
  );
});
