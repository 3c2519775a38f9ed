import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { checkBySimulation, type SimulationCheck } from "../src/advise/simulated.js";
import { explain } from "../src/model/explain.js";
import { type LogSimulation, LogTimeline, simulateLog } from "../src/simulate/index.js";
import { FIXTURES } from "./support/fixtures.js";

const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** A log's events as analyze's pass hands them to the timeline: 16 cached blocks, then one task of 1 GiB. */
function timeline(): LogTimeline {
  const t = new LogTimeline();
  t.onEvent("SparkListenerStageSubmitted", {
    "Stage Info": {
      "RDD Info": [{ "RDD ID": 1, "Storage Level": { "Use Memory": true, "Use Disk": false } }],
    },
  });
  // as Spark logs them: a block's update comes before the end of the task that cached it
  for (let i = 0; i < 16; i++) {
    t.onEvent("SparkListenerBlockUpdated", {
      "Block Updated Info": {
        "Block Manager ID": { "Executor ID": "1" },
        "Block ID": `rdd_1_${i}`,
        "Storage Level": { "Use Memory": true, "Use Disk": false },
        "Memory Size": 128 * MiB,
        "Disk Size": 0,
      },
    });
    t.onTaskEnd({
      outcome: "succeeded",
      executorId: "1",
      stageId: 0,
      launchTimeMs: 1000 + i,
      finishTimeMs: 1100 + i,
      peakExecutionMemoryBytes: 0,
      spillMemoryBytes: 0,
    } as never);
  }
  t.onTaskEnd({
    outcome: "succeeded",
    executorId: "1",
    stageId: 1,
    launchTimeMs: 5000,
    finishTimeMs: 9000,
    peakExecutionMemoryBytes: GiB,
    spillMemoryBytes: 0,
  } as never);
  return t;
}
const layout = (heap: string) =>
  explain({
    sparkVersion: "3.5.1",
    master: "yarn",
    javaVersion: 17,
    conf: { "spark.executor.memory": heap },
  });

describe("simulate --from-log: a log's tasks and blocks through a layout", () => {
  it("the worked example as a log: the 1 GiB task evicts 7 of the 16 cached blocks and gets its peak", () => {
    const r: LogSimulation = simulateLog(layout("4g"), timeline());
    expect(r.cache).toEqual({
      blocks: 16,
      bytes: 16 * 128 * MiB,
      observedInMemoryBytes: 16 * 128 * MiB,
      predictedInMemoryBytes: 16 * 128 * MiB,
      evictedBlocks: 7,
      evictedBytes: 939524096,
      observedAtEndBytes: 16 * 128 * MiB,
      predictedAtEndBytes: 9 * 128 * MiB,
    });
    const none = { shortTasks: 0, memorySpilledBytes: 0, shortfallBytes: 0, waitingTasks: 0 };
    expect(r.stages.map((s) => [s.stageId, s.tasks, s.predicted])).toEqual([
      [0, 16, none],
      [1, 1, none],
    ]);
  });

  it("with a 2g heap instead: fewer blocks fit, and the task spills the pages it holds when one is refused", () => {
    const l = layout("2g");
    const r = simulateLog(l, timeline());
    const p = l.executor as NonNullable<typeof l.executor>;
    // blocks fit while storage can borrow: ⌊unified / 128 MiB⌋ of them
    expect(r.cache.predictedInMemoryBytes).toBe(Math.floor(p.unifiedBytes / (128 * MiB)) * 128 * MiB);
    // MemoryManager.defaultPageSizeBytes: (unified − storage region) / 1 core / 16, to a power of 2, ≤ 64 MiB
    const page = Math.min(64 * MiB, 2 ** Math.ceil(Math.log2((p.unifiedBytes - p.storageRegionBytes) / 16)));
    expect(page).toBe(64 * MiB);
    // the task grows by 16 pages of 64 MiB; alone, it can hold all but the blocks left cached, in whole pages:
    // the page past them is refused, so it spills them (TaskMemoryManager: the requester last) and goes on
    const cap = p.unifiedBytes - r.cache.predictedAtEndBytes;
    expect(cap).toBeLessThan(GiB);
    expect(r.stages[1]?.predicted).toEqual({
      shortTasks: 1,
      memorySpilledBytes: Math.floor(cap / page) * page,
      shortfallBytes: 0,
      waitingTasks: 0,
    });
    expect(r.cache.evictedBytes).toBe(r.cache.predictedInMemoryBytes - r.cache.predictedAtEndBytes);
  });

  it("a real log without block updates: stages replayed, and the note says the cache is not", () => {
    const log = new URL("spark-events/application_1628109047826_1317105", FIXTURES).pathname;
    const r = spawnSync(process.execPath, [BIN, "simulate", "--from-log", log, "--json"], {
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as LogSimulation;
    expect(j.stages.length).toBeGreaterThan(0);
    expect(j.stages.reduce((n, s) => n + s.tasks, 0)).toBeGreaterThan(0);
    expect(j.notes.some((n) => n.startsWith("The log records no block updates"))).toBe(true);
  });
});

describe("advise checks its advice by simulating the log", () => {
  it("a smaller advised heap that leaves the log's 1 GiB task short is named in a note", () => {
    const { check, notes } = checkBySimulation(layout("4g"), layout("2g"), timeline());
    expect(check.current).toMatchObject({ shortTasks: 0, waitingTasks: 0, cachedBytes: 16 * 128 * MiB });
    expect(check.advised.shortTasks).toBe(1);
    expect(notes[0]).toMatch(
      /^checked by simulate: with the advised settings 1 of the log's tasks would get less/,
    );
    expect(notes[1]).toMatch(
      /^checked by simulate: with the advised settings \d+ fewer bytes of the log's cached/,
    );
    expect(checkBySimulation(layout("4g"), layout("8g"), timeline()).notes).toEqual([]);
  });

  it("sparkmem advise --json carries the check, equal to simulate --from-log on the same log", () => {
    const log = new URL("spark-events/application_1628109047826_1317105", FIXTURES).pathname;
    const run = (args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args, "--json"], { encoding: "utf8" });
    const a = run(["advise", log]);
    expect(a.status, a.stderr).toBe(0);
    const advised = JSON.parse(a.stdout) as { simulated: SimulationCheck };
    const s = JSON.parse(run(["simulate", "--from-log", log]).stdout) as LogSimulation;
    const short = s.stages.reduce((n, x) => n + x.predicted.shortTasks, 0);
    expect(advised.simulated.current.shortTasks).toBe(short);
    expect(advised.simulated.current.waitingTasks).toBe(
      s.stages.reduce((n, x) => n + x.predicted.waitingTasks, 0),
    );
  });
});
