import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { advise } from "../src/advise/index.js";
import type { AnalyzeReport } from "../src/analyze/index.js";
import { analyzeLog } from "./support/fixtures.js";
import { SHARED } from "./support/shared.js";

/**
 * Failures first: diagnose's causes, for the log's own failure texts and for an error text (--error), keep advise
 * from shrinking what failed, and the sizes diagnose computes through the model are merged into the advice.
 */
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const LARGE_BLOCKS = new URL("fixtures/spark-events/application_1553914137147_0018", SHARED).pathname;
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
/** The log ran 7g + 1024m overhead executors: YARN's 8 GiB container, killed at 8.1 GB. */
const KILL =
  "Container killed by YARN for exceeding physical memory limits. 8.1 GB of 8 GB physical memory used. Consider boosting spark.yarn.executor.memoryOverhead.";
/** Nodes of 16 GiB, so that a larger container fits (the log's own nodes have 8 GiB). */
const BIG_NODES = {
  "yarn.scheduler.maximum-allocation-mb": "16384",
  "yarn.nodemanager.resource.memory-mb": "16384",
};

let report: AnalyzeReport;
beforeAll(async () => {
  report = await analyzeLog(LARGE_BLOCKS);
});

describe("advise merges diagnose's causes", () => {
  it("without a failure, the peaks lower the executors to 1536m and drop the explicit overhead", () => {
    const r = advise([report]);
    expect(r.changes.find((c) => c.key === "spark.executor.memory")?.to).toBe("1536m");
    expect(r.changes.find((c) => c.key === "spark.executor.memoryOverhead")?.to).toBeNull();
  });

  it("a YARN kill in --error: nothing of the executor shrinks, diagnose's 2g overhead is advised, 9 GiB granted", () => {
    const r = advise([report], { errorText: KILL, conf: BIG_NODES });
    const executor = r.changes.filter((c) => c.process === "executor");
    expect(executor.map((c) => [c.key, c.from, c.to])).toEqual([
      ["spark.executor.memoryOverhead", "1024", "2g"],
    ]);
    expect(executor[0]?.why).toMatch(
      /^YARN killed an executor for its physical memory: 8\.1 GiB used of a 8 GiB limit/,
    );
    expect(r.advised.executor?.heapBytes).toBe(7 * GiB);
    expect(r.advised.executor?.containerAllocatedBytes).toBe(9 * GiB);
    expect(
      r.notes.some((n) => n.startsWith("spark.executor.memory not lowered") && n.includes("1536m")),
    ).toBe(true);
    expect(r.notes).toContain(
      "diagnose: YARN killed an executor for its physical memory: 8.1 GiB used of a 8 GiB limit — memory outside the heap ran out, not the heap (yarn-pmem-kill, confidence 0.95)",
    );
    // the driver did not fail: its heap is still lowered from its peaks
    expect(r.changes.find((c) => c.key === "spark.driver.memory")?.to).toBe("1g");
  });

  it("where diagnose's size does not fit the node, it is withheld with the model's reason, and nothing shrinks", () => {
    const r = advise([report], { errorText: KILL });
    expect(r.changes.filter((c) => c.process === "executor")).toEqual([]);
    expect(r.advised.executor?.containerAllocatedBytes).toBe(8 * GiB);
    const note = r.notes.find((n) => n.includes("yarn-pmem-kill"));
    expect(note).toMatch(
      /spark\.executor\.memoryOverhead=2g\) is withheld: with it, the executor container \(9216 MiB\) is above a node's 8192 MiB/,
    );
  });

  it("a Python worker that died mid-task in the log keeps the container from shrinking", () => {
    const failed: AnalyzeReport = {
      ...report,
      failures: [
        {
          kind: "python-worker-crash",
          source: "task",
          executorId: "1",
          stageId: 0,
          count: 3,
          text: "org.apache.spark.SparkException: Python worker exited unexpectedly (crashed)",
        },
      ],
    };
    const r = advise([failed]);
    expect(r.advised.executor?.containerAllocatedBytes).toBe(r.current.executor?.containerAllocatedBytes);
    expect(r.notes.some((n) => n.includes("3 tasks' Python workers exited unexpectedly"))).toBe(true);
  });

  it("the CLI: --error FILE merges it, --format markdown is a table of the changes; a missing file is one line", () => {
    const dir = mkdtempSync(join(tmpdir(), "sparkmem-advise-error-"));
    const err = join(dir, "stderr.txt");
    writeFileSync(err, `${KILL}\n`);
    const conf = Object.entries(BIG_NODES).flatMap(([k, v]) => ["-c", `${k}=${v}`]);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, "advise", ...args], { encoding: "utf8" });
    const json = run(LARGE_BLOCKS, "--error", err, ...conf, "--json");
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).advised.executor.containerAllocatedBytes).toBe(9216 * MiB);
    const md = run(LARGE_BLOCKS, "--format", "markdown");
    expect(md.stdout).toContain("| executor | `spark.executor.memory` | `7g` | `1536m` |");
    expect(md.stdout).toContain("| container (granted) | 8.0 GiB (8589934592) | 2.0 GiB (2147483648) |");
    const missing = run(LARGE_BLOCKS, "--error", join(dir, "nope.txt"));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope\.txt: cannot read the file/);
  });
});

describe("advise: the executors the widest moment used", () => {
  it("0018 (3 executors × 1 core, YARN, static) with at most one task at a time: 1 executor, a third of the GiB-hours", () => {
    const narrow: AnalyzeReport = { ...report, application: { ...report.application, peakRunningTasks: 1 } };
    const r = advise([narrow]);
    const c = r.changes.find((x) => x.key === "spark.executor.instances");
    expect([c?.from, c?.to]).toEqual(["3", "1"]);
    expect(c?.evidence).toEqual([
      { metric: "peak running tasks", executor: null, stage: null, count: 1, log: 0 },
      { metric: "task slots at start", executor: null, stage: null, count: 3, log: 0 },
    ]);
    expect(r.advised.executor?.count).toBe(1);
    const wide = advise([report]);
    expect(r.effect.executorGibHours?.to).toBeCloseTo((wide.effect.executorGibHours?.to ?? 0) / 3, 10);
  });

  it("the log's own peak (3 tasks on 3 slots), dynamic allocation, or a small saving: no change", () => {
    expect(report.application.peakRunningTasks).toBe(3);
    expect(advise([report]).changes.find((x) => x.key === "spark.executor.instances")).toBeUndefined();
    const narrow: AnalyzeReport = { ...report, application: { ...report.application, peakRunningTasks: 1 } };
    const dynamic = advise([narrow], { conf: { "spark.dynamicAllocation.enabled": "true" } });
    expect(dynamic.changes.find((x) => x.key === "spark.executor.instances")).toBeUndefined();
    const three = advise([{ ...report, application: { ...report.application, peakRunningTasks: 3 } }], {
      conf: { "spark.executor.instances": "4" },
    });
    // 3 of 4 executors used: a quarter less is the least worth a change
    expect(three.changes.find((x) => x.key === "spark.executor.instances")?.to).toBe("3");
    const five = advise([{ ...report, application: { ...report.application, peakRunningTasks: 4 } }], {
      conf: { "spark.executor.instances": "5" },
    });
    expect(five.changes.find((x) => x.key === "spark.executor.instances")).toBeUndefined();
  });
});

describe("advise: the results sent to the driver", () => {
  const withResults = (bytes: number): AnalyzeReport => ({
    ...report,
    stages: report.stages.map((s, i) => (i === 0 ? { ...s, resultBytes: bytes } : s)),
  });

  it("600 MiB of a stage's results, over half the 1g limit: maxResultSize 2g and a 4g driver heap", () => {
    const r = advise([withResults(600 * MiB)]);
    const limit = r.changes.find((c) => c.key === "spark.driver.maxResultSize");
    expect([limit?.from, limit?.to]).toEqual([null, "2g"]);
    expect(limit?.evidence).toEqual([
      {
        metric: "Result Size of a stage's tasks",
        executor: null,
        stage: report.stages[0]?.stageId,
        bytes: 600 * MiB,
        log: 0,
      },
    ]);
    // the peaks alone lower the driver to 1g; the results need twice the limit
    const heap = r.changes.find((c) => c.key === "spark.driver.memory");
    expect([heap?.from, heap?.to]).toEqual(["2g", "4g"]);
    expect(heap?.why).toMatch(/raised from the 1g advised otherwise/);
    expect(r.advised.driver.heapBytes).toBe(4 * GiB);
  });

  it("2 GiB of results: 1.5 × that in whole GiB, 3g, and a 6g heap; under half the limit, or no limit: no change", () => {
    const big = advise([withResults(2 * GiB)]);
    expect(big.changes.find((c) => c.key === "spark.driver.maxResultSize")?.to).toBe("3g");
    expect(big.changes.find((c) => c.key === "spark.driver.memory")?.to).toBe("6g");
    const small = advise([withResults(500 * MiB)]);
    expect(small.changes.find((c) => c.key === "spark.driver.maxResultSize")).toBeUndefined();
    const unlimited = advise([withResults(2 * GiB)], { conf: { "spark.driver.maxResultSize": "0" } });
    expect(unlimited.changes.find((c) => c.key === "spark.driver.maxResultSize")).toBeUndefined();
  });
});

describe("advise: several logs", () => {
  it("logs of different applications are advised as one job, with a note naming them", () => {
    const other: AnalyzeReport = { ...report, application: { ...report.application, name: "OtherJob" } };
    const r = advise([report, other]);
    expect(r.application.logs).toBe(2);
    expect(r.notes[0]).toBe(
      "the logs are of different applications (LargeBlocks, OtherJob): advised as one job",
    );
    expect(advise([report, report]).notes.some((n) => n.includes("different applications"))).toBe(false);
  });
});
