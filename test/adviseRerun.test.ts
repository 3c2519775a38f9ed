import { describe, expect, it } from "vitest";
import { evidenceBytes } from "../src/advise/index.js";
import { type Rerun, rerun } from "../tools/rerun/run.js";
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
});
