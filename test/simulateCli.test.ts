import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SimulateResult } from "../src/simulate/index.js";

const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const LAYOUT = [
  "--spark-version",
  "3.5.1",
  "--master",
  "yarn",
  "--executor-memory",
  "4g",
  "--java-version",
  "17",
];

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, "simulate", ...args], { encoding: "utf8", input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function json(args: string[], input?: string): SimulateResult {
  const r = cli([...args, "--json"], input);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as SimulateResult;
}
function scenarioFile(s: unknown): string {
  const f = join(mkdtempSync(join(tmpdir(), "sparkmem-sim-")), "scenario.json");
  writeFileSync(f, JSON.stringify(s));
  return f;
}

const WORKED = {
  process: "executor",
  events: [
    { cache: { id: "rdd_1", blocks: 16, blockBytes: 134217728, level: "MEMORY_ONLY" } },
    { task: 1, acquire: 1073741824 },
  ],
};

describe("sparkmem simulate", () => {
  it("--scenario FILE: explain's layout, then the worked example's steps and summary", () => {
    const r = json([...LAYOUT, "--scenario", scenarioFile(WORKED)]);
    expect(r.layout.executor?.unifiedBytes).toBe(2388236697);
    expect(r.process).toBe("executor");
    const s = r.steps[1];
    expect([s?.grantedBytes, s?.evictedBlocks.length, s?.evictedBytes]).toEqual([GiB, 7, 939524096]);
    expect([s?.storagePoolBytes, s?.executionPoolBytes]).toEqual([1207959552, 1180277145]);
    expect(r.summary).toEqual({
      grantedBytes: GiB,
      evictedBlocks: 7,
      evictedBytes: 939524096,
      droppedBytes: 939524096,
      uncachedBytes: 0,
      spilledBytes: 0,
      shortfallBytes: 0,
      waitingAtEnd: [],
    });
  });

  it("the same scenario on standard input, and as the shorthand flags", () => {
    const file = json([...LAYOUT, "--scenario", scenarioFile(WORKED)]);
    expect(json([...LAYOUT, "--scenario", "-"], JSON.stringify(WORKED)).steps).toEqual(file.steps);
    const short = json([...LAYOUT, "--cache", "2g", "--tasks", "1", "--task-memory", "1g"]);
    expect(short.steps.map((s) => s.event)).toEqual(WORKED.events);
    expect(short.steps).toEqual(file.steps);
  });

  it("the second worked example: task 3 waits, the text says so, and the summary lists it", () => {
    const r = json([...LAYOUT, "--tasks", "4", "--task-memory", "1g"]);
    expect(r.steps.map((s) => s.grantedBytes)).toEqual([GiB, GiB, 0, 0]);
    expect(r.summary.waitingAtEnd).toEqual([3, 4]);
    expect(r.notes.some((n) => n.startsWith("Tasks 3, 4 still wait for memory"))).toBe(true);
    const text = cli([...LAYOUT, "--tasks", "4", "--task-memory", "1g"]).out;
    expect(text).toContain("  3  task 3 acquires 1024.0 MiB (task)\n       waits: below its 1/2N");
  });

  it("bad input: one line naming the event and field", () => {
    const bad = (events: unknown[]) => cli([...LAYOUT, "--scenario", scenarioFile({ events })]);
    expect(bad([{ task: 1, acquire: -5 }]).err).toMatch(
      /^sparkmem: .*scenario\.json\.events\[0\]\.acquire: -5 is not a size; expected a whole number of bytes above 0 or a size such as "128m"\n$/,
    );
    expect(bad([{ task: 1, acquire: 5, sort: true }]).err).toMatch(
      /events\[0\]\.sort: is not a field of this event/,
    );
    expect(bad([{ cache: { id: "users", blocks: 1, blockBytes: 5 } }]).err).toMatch(
      /events\[0\]\.cache\.id: "users" is not an RDD id/,
    );
    expect(bad([{ cache: { id: "rdd_1", blocks: 30000, blockBytes: 5 } }]).err).toMatch(
      /events\[0\]\.cache\.blocks: 30000 is not allowed; expected a whole number from 1 to 20000/,
    );
    expect(cli([...LAYOUT, "--scenario", "-"], "{ nope").err).toMatch(/^sparkmem: stdin: is not valid JSON/);
    expect(cli(LAYOUT).err).toMatch(/^sparkmem: simulate: has no scenario/);
    expect(cli([...LAYOUT, "--tasks", "2"]).err).toMatch(/--tasks: needs --task-memory/);
    const legacy = cli([
      "--spark-version",
      "2.4",
      "--conf",
      "spark.memory.useLegacyMode=true",
      "--cache",
      "1g",
      "--cache-level",
      "OFF_HEAP",
    ]);
    expect([legacy.code, legacy.err]).toEqual([
      2,
      "sparkmem: OFF_HEAP: cannot be cached by the static memory manager (spark.memory.useLegacyMode); expected MEMORY_ONLY or MEMORY_AND_DISK; Spark says: requirement failed: StaticMemoryManager does not support off-heap storage memory\n",
    ]);
    for (const r of [bad([{ task: 1, acquire: -5 }]), cli(LAYOUT)]) {
      expect(r.code).toBe(2);
      expect(r.err.split("\n").length).toBe(2);
    }
  });

  it("local mode runs in the driver, and off-heap Tungsten memory comes from the off-heap pools", () => {
    const local = json([
      "--spark-version",
      "3.5.1",
      "--master",
      "local[4]",
      "--driver-memory",
      "2g",
      "--tasks",
      "2",
      "--task-memory",
      "256m",
    ]);
    expect(local.process).toBe("driver");
    expect(local.notes[0]).toMatch(/^Local mode: the driver is the only executor/);
    const off = json([
      ...LAYOUT,
      "--conf",
      "spark.memory.offHeap.enabled=true",
      "--conf",
      "spark.memory.offHeap.size=1g",
      "--tasks",
      "1",
      "--task-memory",
      "512m",
    ]);
    expect(off.steps[0]?.offHeap?.executionUsedBytes).toBe(512 * MiB);
    expect(off.steps[0]?.executionUsedBytes).toBe(0);
  });
});
