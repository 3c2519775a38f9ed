import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { advise, evidenceBytes } from "../src/advise/index.js";
import { modelConf } from "../src/analyze/environment.js";
import type { AnalyzeReport } from "../src/analyze/index.js";
import { explain, layoutWith } from "../src/model/index.js";
import { analyzeLog } from "./support/fixtures.js";
import { SHARED } from "./support/shared.js";

/**
 * advise on real logs: the advised heap is the smallest (rounded up) whose heap and unified region hold the
 * worst peaks times the headroom, found and checked through the model; the overhead follows the process tree.
 */
const GiB = 1024 ** 3;
const fixture = (p: string) => new URL(`fixtures/spark-events/${p}`, SHARED).pathname;
const NDS = fixture("other/spark-rapids-tools/nds_q72_dataproc_2_2.zstd");
const LARGE_BLOCKS = fixture("application_1553914137147_0018");
/** Spark 3.5.3 on Kubernetes, PySpark: executor heaps used up to 3.92 GiB of 4g, 4g of explicit overhead. */
const TAXI = fixture(
  "other/mcp-apache-spark-history-server/eventlog_v2_spark-110be3a8424d4a2789cb88134418217b",
);
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;

const peak = (r: AnalyzeReport, name: string, driver = false) =>
  Math.max(
    ...r.executors.filter((e) => (e.id === "driver") === driver).map((e) => e.peakMetrics?.[name] ?? 0),
  );
/** The model's input for the settings a log ran with, as advise builds it. */
const inputOf = (r: AnalyzeReport, version: string) => ({
  sparkVersion: version,
  conf: modelConf(r.environment),
});

let nds: AnalyzeReport;
let large: AnalyzeReport;
let taxi: AnalyzeReport;
beforeAll(async () => {
  [nds, large, taxi] = await Promise.all([analyzeLog(NDS), analyzeLog(LARGE_BLOCKS), analyzeLog(TAXI)]);
}, 60_000);

describe("advise: the executor heap", () => {
  it("nds_q72 (heap peaks 12–17 GiB of 40, execution memory to 11.6 GB): the smallest heap that holds both × 1.3", () => {
    const a = advise([nds]);
    const heap = a.changes.find((c) => c.key === "spark.executor.memory");
    expect(heap).toMatchObject({ process: "executor", from: "40G", to: "25g" });
    const unifiedPeak = peak(nds, "OnHeapUnifiedMemory");
    expect(unifiedPeak / 1e9).toBeCloseTo(11.8, 0);
    // the advised unified region holds the peak × 1.3; one GiB less would not (the rounding is up, to whole GiB)
    expect(a.advised.executor?.unifiedBytes).toBeGreaterThanOrEqual(unifiedPeak * 1.3);
    const smaller = layoutWith(inputOf(nds, "3.5.3"), { "spark.executor.memory": "24g" }).executor;
    expect(smaller?.unifiedBytes).toBeLessThan(unifiedPeak * 1.3);
    expect(a.advised.executor?.heapBytes).toBe(25 * GiB);
    // the explicit 10g overhead stays (no process-tree metrics), so the container is 25 + 10 GiB
    expect(a.advised.executor?.containerAllocatedBytes).toBe(35 * GiB);
    expect(a.current.executor?.containerAllocatedBytes).toBe(50 * GiB);
    expect(a.changes.map((c) => c.key)).toEqual([
      "spark.executor.memory",
      "spark.executor.processTreeMetrics.enabled",
    ]);
    expect(a.confidence).toBe("medium");
    expect(a.notes.join("\n")).toMatch(/no process-tree metrics/);
    expect(a.notes.join("\n")).toMatch(/no heap metrics for the driver/);
    expect(a.advised.errors).toEqual([]);
  });

  it("the evidence names the metric, the executor and the bytes it peaked at", () => {
    const heap = advise([nds]).changes[0];
    expect(heap?.evidence).toEqual([
      { metric: "JVMHeapMemory", executor: "5", stage: null, bytes: peak(nds, "JVMHeapMemory"), log: 0 },
      { metric: "OnHeapUnifiedMemory", executor: "6", stage: null, bytes: unified(nds, "6"), log: 0 },
    ]);
  });

  it("the goal sets the headroom: cost ≤ balanced ≤ reliability", () => {
    const heaps = (["cost", "balanced", "reliability"] as const).map(
      (goal) => advise([nds], { goal }).advised.executor?.heapBytes ?? 0,
    );
    expect(heaps.map((b) => b / GiB)).toEqual([22, 25, 28]);
  });

  it("never lowered where a stage spilled; the note names the stage", () => {
    const spilled = structuredClone(nds);
    const stage = spilled.stages[3];
    if (!stage) throw new Error("no stage");
    stage.memoryBytesSpilled = 3 * GiB;
    const a = advise([spilled]);
    expect(a.changes.find((c) => c.key === "spark.executor.memory")).toBeUndefined();
    expect(a.advised.executor?.heapBytes).toBe(40 * GiB);
    const tasks = Math.max(1, stage.numCompleteTasks + stage.numFailedTasks);
    const perExecutor = ((3 * GiB) / tasks) * Math.min(tasks, a.current.executor?.taskSlots ?? 0);
    expect(a.notes.join("\n")).toContain(
      `stage ${stage.stageId} spilled ${(perExecutor / GiB).toFixed(2)} GiB`,
    );
  });

  it("a heap used to its top is not raised without a spill; with one it grows by the headroom", () => {
    expect(peak(taxi, "JVMHeapMemory") / GiB).toBeCloseTo(3.92, 2);
    const kept = advise([taxi]);
    expect(kept.changes.find((c) => c.key === "spark.executor.memory")).toBeUndefined();
    expect(kept.notes.join("\n")).toMatch(
      /reach the top of its 4\.00 GiB heap, but no stage spilled that more memory is the fix for/,
    );
    const spilled = structuredClone(taxi);
    const stage = spilled.stages[0];
    if (!stage) throw new Error("no stage");
    stage.memoryBytesSpilled = 2 * GiB;
    const advice = advise([spilled]);
    const raised = advice.changes.find((c) => c.key === "spark.executor.memory");
    // what an executor lacked at once: the stage's spill per task × the tasks it ran together (its slots, or
    // fewer when the stage had fewer tasks), on top of the unified peak, × 1.3
    const tasks = Math.max(1, stage.numCompleteTasks + stage.numFailedTasks);
    const slots = advice.current.executor?.taskSlots ?? 0;
    const short = Math.ceil(((2 * GiB) / tasks) * Math.min(tasks, slots));
    expect(raised?.evidence.at(-1)).toEqual({
      metric: "memoryBytesSpilled per executor",
      executor: null,
      stage: stage.stageId,
      bytes: short,
      log: 0,
    });
    const need = (peak(taxi, "OnHeapUnifiedMemory") + short) * 1.3;
    expect(raised?.from).toBe("4g");
    const heap = advice.advised.executor?.heapBytes ?? 0;
    expect(heap).toBeGreaterThan(4 * GiB);
    expect(advice.advised.executor?.unifiedBytes).toBeGreaterThanOrEqual(need);
    // whole GiB above 4 GiB: one GiB less would not hold it
    const less = layoutWith(inputOf(taxi, "3.5.3"), {
      "spark.executor.memory": `${heap / GiB - 1}g`,
    }).executor;
    expect(less?.unifiedBytes).toBeLessThan(need);
  });

  it("several runs: the worst peak sizes the heap", () => {
    const bigger = structuredClone(nds);
    const e = bigger.executors.find((x) => x.id === "3");
    if (!e?.peakMetrics) throw new Error("no executor 3");
    e.peakMetrics.OnHeapUnifiedMemory = 14 * GiB;
    const a = advise([nds, bigger]);
    expect(a.application.logs).toBe(2);
    expect(a.changes[0]?.evidence[1]).toMatchObject({ executor: "3", bytes: 14 * GiB, log: 1 });
    expect(a.advised.executor?.unifiedBytes).toBeGreaterThanOrEqual(14 * GiB * 1.3);
    expect(a.advised.executor?.heapBytes).toBe(31 * GiB);
  });
});

describe("advise: overhead and driver", () => {
  it("application_1553914137147_0018 (heap peaks under 1 GiB of 7): 1536m, Spark's own overhead, a 2 GiB container", () => {
    const a = advise([large]);
    const by = Object.fromEntries(a.changes.map((c) => [c.key, c]));
    expect(by["spark.executor.memory"]).toMatchObject({ from: "7g", to: "1536m" });
    // 0.24 GB outside the heap × 1.3 fits the 384 MiB Spark computes for a 1536m heap: the explicit 1g goes
    expect(by["spark.executor.memoryOverhead"]).toMatchObject({ from: "1024", to: null });
    const outside = Math.max(
      ...large.executors
        .filter((e) => e.id !== "driver")
        .map((e) => (e.peakMetrics?.ProcessTreeJVMRSSMemory ?? 0) - (e.peakMetrics?.JVMHeapMemory ?? 0)),
    );
    expect(evidenceBytes(by["spark.executor.memoryOverhead"]?.evidence[0])).toBe(outside);
    expect(outside * 1.3).toBeLessThan(384 * 1024 ** 2);
    expect(a.advised.executor?.overheadBytes).toBe(384 * 1024 ** 2);
    // 1536 + 384 MiB asked; YARN grants whole multiples of its 1 GiB minimum allocation
    expect(a.advised.executor?.containerBytes).toBe(1920 * 1024 ** 2);
    expect(a.advised.executor?.containerAllocatedBytes).toBe(2 * GiB);
    expect(a.effect.executor?.containerBytes).toEqual({ from: 8 * GiB, to: 2 * GiB });
    // the driver (client mode, no container): 0.2 GiB used of 2g → Spark's default 1g, no lower
    expect(by["spark.driver.memory"]).toMatchObject({ process: "driver", from: "2g", to: "1g" });
    expect(peak(large, "JVMHeapMemory", true) * 1.3).toBeLessThan(GiB);
    expect(a.confidence).toBe("high");
    // four executors' lifetimes × 8 GiB before, × 2 GiB after
    const h = a.effect.executorGibHours;
    expect(h?.to).toBeCloseTo((h?.from ?? 0) / 4, 10);
  });

  it("an overhead too small for what lived outside the heap is raised, in 128 MiB steps", () => {
    const tight = structuredClone(large);
    for (const e of tight.executors)
      if (e.id !== "driver" && e.peakMetrics) e.peakMetrics.ProcessTreePythonRSSMemory = 900 * 1024 ** 2;
    const a = advise([tight]);
    const o = a.changes.find((c) => c.key === "spark.executor.memoryOverhead");
    // (0.24 GB above the heap + 900 MiB of Python) × 1.3, rounded up to 128 MiB
    const need = Math.ceil(((evidenceBytes(o?.evidence[0]) ?? 0) * 1.3) / (128 * 1024 ** 2)) * 128;
    expect(o?.to).toBe(`${need}m`);
    expect(a.advised.executor?.overheadBytes).toBe(need * 1024 ** 2);
    expect(o?.evidence.map((x) => x.metric)).toContain("ProcessTreePythonRSSMemory");
  });

  it("Kubernetes PySpark: 1.54 GiB outside the heap × 1.3 needs 2g of overhead, not the explicit 4g", () => {
    const a = advise([taxi]);
    const o = a.changes.find((c) => c.key === "spark.executor.memoryOverhead");
    expect(o).toMatchObject({ from: "4g", to: "2g" });
    // Spark's own overhead for a 4g heap of a Python app on Kubernetes (factor 0.4) would be too small
    expect(a.current.appType).toBe("python");
    const byDefault = layoutWith(inputOf(taxi, "3.5.3"), { "spark.executor.memoryOverhead": null }).executor;
    expect(byDefault?.overheadBytes).toBeLessThan((evidenceBytes(o?.evidence[0]) ?? 0) * 1.3);
    expect(a.effect.executor?.containerBytes).toEqual({ from: 8 * GiB, to: 6 * GiB });
  });

  it("memory failures in the log: a heap that ran out is not lowered, a killed container not shrunk", () => {
    const failure = (kind: "java-heap-oom" | "yarn-memory-kill", text: string) => ({
      kind,
      source: "task" as const,
      executorId: "2",
      stageId: 0,
      count: 3,
      text,
    });
    const oom = structuredClone(large);
    oom.failures.push(failure("java-heap-oom", "java.lang.OutOfMemoryError: Java heap space"));
    const a = advise([oom]);
    expect(a.changes.find((c) => c.key === "spark.executor.memory")).toBeUndefined();
    expect(a.advised.executor?.heapBytes).toBe(7 * GiB);
    expect(a.notes.join("\n")).toMatch(
      /spark\.executor\.memory not lowered.*3 executor failures with OutOfMemoryError/,
    );
    // with the 7g heap kept, Spark's own overhead (717 MiB) is within 512 MiB of the explicit 1g: no change
    expect(a.changes).toEqual([expect.objectContaining({ key: "spark.driver.memory" })]);
    const killed = structuredClone(large);
    killed.failures.push(
      failure(
        "yarn-memory-kill",
        "Container killed by YARN for exceeding physical memory limits. 8.1 GB of 8 GB physical memory used.",
      ),
    );
    const b = advise([killed]);
    expect(b.changes.filter((c) => c.process === "executor")).toEqual([]);
    expect(b.advised.executor?.containerAllocatedBytes).toBe(8 * GiB);
    expect(b.notes.join("\n")).toMatch(
      /memoryOverhead not lowered: 3 executors were killed for exceeding their container/,
    );
  });

  it("no executor metrics at all: nothing changes, and the notes say what is missing", () => {
    const bare = structuredClone(large);
    for (const e of bare.executors) e.peakMetrics = null;
    const a = advise([bare]);
    expect(a.changes.filter((c) => c.key.endsWith("memory"))).toEqual([]);
    expect(a.advised.executor?.heapBytes).toBe(a.current.executor?.heapBytes);
    expect(a.notes.join("\n")).toMatch(/no heap metrics for the executor/);
    expect(a.confidence).toBe("low");
  });

  it("--conf settings the next run has are applied before advising", () => {
    const a = advise([large], { conf: { "spark.executor.cores": "4" } });
    expect(a.current.executor?.cores).toBe(4);
    expect(explain({ sparkVersion: "3.0.0", conf: modelConf(large.environment) }).executor?.cores).toBe(1);
  });
});

describe("sparkmem advise (CLI)", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, "advise", ...args], { encoding: "utf8" });

  it("--json has the documented shape", () => {
    const r = run("--json", LARGE_BLOCKS);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual([
      "application",
      "goal",
      "changes",
      "current",
      "advised",
      "effect",
      "confidence",
      "simulated",
      "notes",
    ]);
    expect(Object.keys(j.simulated)).toEqual(["current", "advised"]);
    expect(Object.keys(j.simulated.advised)).toEqual([
      "shortTasks",
      "memorySpilledBytes",
      "shortfallBytes",
      "waitingTasks",
      "cachedBytes",
      "evictedBytes",
    ]);
    expect(Object.keys(j.changes[0])).toEqual(["process", "key", "from", "to", "why", "evidence"]);
    expect(Object.keys(j.changes[0].evidence[0])).toEqual(["metric", "executor", "stage", "bytes", "log"]);
    expect(Object.keys(j.effect)).toEqual(["driver", "executor", "executorGibHours"]);
    expect(j.advised.executor.heapBytes).toBe(1536 * 1024 ** 2);
  });

  it("--format spark-submit prints paste-ready flags, and what to remove", () => {
    const r = run("--format", "spark-submit", LARGE_BLOCKS);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("# remove spark.executor.memoryOverhead");
    expect(r.stdout).toContain("--executor-memory 1536m");
    expect(r.stdout).toContain("--driver-memory 1g");
  });

  it("--format sparkapplication: the executor's operator fields and the rest under sparkConf (Kubernetes)", () => {
    const r = run("--format", "sparkapplication", TAXI);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "spec:",
      "  type: Python",
      "  mode: client",
      '  sparkVersion: "3.5.3"',
      "  executor:",
      '    memoryOverhead: "2g"',
      "",
    ]);
  });

  it("--instance-type: EMR's YARN settings for the next run's nodes grant and check the containers", () => {
    // m4.large: YARN grants at most 6144 MiB, so the 8 GiB containers the log ran with would be refused there
    const r = run("--instance-type", "m4.large", "--json", LARGE_BLOCKS);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.current.errors.map((e: { code: string }) => e.code)).toEqual(["yarn-container-above-max"]);
    expect(j.advised.errors).toEqual([]);
    expect(j.advised.executor.containerAllocatedBytes).toBe(2 * GiB);
    expect(j.notes.join("\n")).toMatch(
      /would not start here \(Required executor memory \(7168 MB\).*the advised ones do/,
    );
    const unknown = run("--instance-type", "m5.nope", LARGE_BLOCKS);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--instance-type: "m5\.nope" is not an instance type/);
  });

  it("bad input: one line naming what is wrong, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "sparkmem-advise-"));
    const notes = join(dir, "notes.txt");
    writeFileSync(notes, "hello\n");
    // the first 60,000 bytes of a real log: its start, but not its environment
    const cut = join(dir, "cut.log");
    writeFileSync(cut, readFileSync(LARGE_BLOCKS).subarray(0, 60_000));
    for (const [args, pattern] of [
      [[notes], /notes\.txt/],
      [["--goal", "cheap", LARGE_BLOCKS], /--goal.*cost, balanced, reliability/],
      [["--format", "yaml", LARGE_BLOCKS], /--format/],
      [["--conf", "spark.executor.cores", LARGE_BLOCKS], /--conf spark\.executor\.cores.*key=value/],
      [[cut], /cut\.log: holds no Spark properties \(no SparkListenerEnvironmentUpdate/],
    ] as [string[], RegExp][]) {
      const r = run(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
  });
});

function unified(r: AnalyzeReport, id: string): number {
  return r.executors.find((e) => e.id === id)?.peakMetrics?.OnHeapUnifiedMemory ?? 0;
}
