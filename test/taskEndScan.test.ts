import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../src/analyze/json.js";
import { readTaskEnd } from "../src/analyze/taskEnd.js";
import { scanTaskEnd } from "../src/analyze/taskEndScan.js";
import { createDecoder } from "../src/eventlog/codecs/index.js";
import { resolveCodec } from "../src/eventlog/detect.js";
import { FIXTURES } from "./support/fixtures.js";

/** Every file under a directory: the shared fixtures and our Spark-written logs, any codec. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

async function taskEndLines(path: string): Promise<Buffer[]> {
  const raw = new Uint8Array(readFileSync(path));
  let bytes: Buffer;
  try {
    const d = await createDecoder(resolveCodec(path, raw.subarray(0, 16)).codec);
    bytes = Buffer.concat([...d.push(raw), ...d.end()]);
  } catch {
    return []; // not a log (READMEs, expectations)
  }
  const out: Buffer[] = [];
  let from = 0;
  for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, from)) {
    const line = bytes.subarray(from, nl);
    if (line.subarray(0, 32).toString("latin1").includes("SparkListenerTaskEnd")) out.push(line);
    from = nl + 1;
  }
  return out;
}

const LOGS = [
  ...files(new URL("spark-events/", FIXTURES).pathname),
  ...files(new URL("./data/eventlogs/", import.meta.url).pathname),
];
const scan = (line: string | Buffer) => {
  const s = typeof line === "string" ? line : line.toString("latin1");
  return scanTaskEnd(s, 0, s.length);
};

describe("scanTaskEnd reads a task end as JSON.parse + readTaskEnd does", () => {
  it("for every task end it accepts in every fixture and Spark-written log, and it accepts most", async () => {
    let seen = 0;
    let scanned = 0;
    const modern = { seen: 0, scanned: 0 };
    for (const log of LOGS) {
      for (const line of await taskEndLines(log)) {
        seen++;
        const text = line.toString("utf8");
        const t = scan(line);
        const success = text.includes('"Task End Reason":{"Reason":"Success"}');
        const hasExecutorMetrics = text.includes('"Task Executor Metrics"');
        if (success && hasExecutorMetrics) modern.seen++;
        if (t === null) continue;
        scanned++;
        if (success && hasExecutorMetrics) modern.scanned++;
        expect(t, `${log}: ${text.slice(0, 120)}`).toEqual(readTaskEnd(JSON.parse(text) as JsonObject));
      }
    }
    expect(seen).toBeGreaterThan(14_000);
    // successful task ends of 3.0+ logs (with executor metrics) take the fast path
    expect(modern.scanned / modern.seen).toBeGreaterThan(0.99);
    expect(scanned).toBe(modern.scanned);
  });

  const line = JSON.stringify({
    Event: "SparkListenerTaskEnd",
    "Stage ID": 3,
    "Stage Attempt ID": 1,
    "Task Type": "ShuffleMapTask",
    "Task End Reason": { Reason: "Success" },
    "Task Info": {
      "Task ID": 7,
      "Launch Time": 1000,
      "Executor ID": "12",
      "Finish Time": 1750,
      Accumulables: [{ ID: 1, Name: '"Executor Run Time":', Update: "9", Value: "9" }],
    },
    "Task Executor Metrics": { JVMHeapMemory: 123456789, TotalGCTime: 5 },
    "Task Metrics": {
      "Executor Run Time": 700,
      "Executor CPU Time": 600000000,
      "Peak Execution Memory": 4096,
      "Result Size": 2048,
      "JVM GC Time": 12,
      "Memory Bytes Spilled": 1,
      "Disk Bytes Spilled": 2,
      "Shuffle Read Metrics": { "Remote Bytes Read": 30, "Local Bytes Read": 40 },
      "Shuffle Write Metrics": { "Shuffle Bytes Written": 50 },
      "Input Metrics": { "Bytes Read": 60 },
      "Output Metrics": { "Bytes Written": 70 },
      "Updated Blocks": [],
    },
  });

  it("reads each field from its own object, not from an accumulable's text", async () => {
    expect(scan(line)).toEqual(readTaskEnd(JSON.parse(line) as JsonObject));
    expect(scan(line)).toMatchObject({
      runTimeMs: 700,
      durationMs: 750,
      shuffleReadBytes: 70,
      inputBytes: 60,
      resultSizeBytes: 2048,
    });
  });

  it("leaves every other shape to JSON.parse (null)", async () => {
    const variants = [
      line.slice(0, -1), // cut: an in-progress log's last line
      line.replace('"Reason":"Success"', '"Reason":"TaskKilled"'),
      line.replace('"JVM GC Time":12', '"JVM GC Time":1.5'),
      line.replace('"JVM GC Time":12', '"JVM GC Time":1e3'),
      line.replace('"Executor ID":"12"', '"Executor ID":"ex\\"1"'),
      line.replace('"Executor ID":"12"', '"Executor ID":"é"'),
      line.replace('"Peak Execution Memory":4096,', ""), // before 3.0: only an accumulable
      line.replace('"JVMHeapMemory":123456789', '"JVMHeapMemory":12345678901234567'),
      line.replace('"Memory Bytes Spilled":1', '"Memory Bytes Spilled":01'),
    ];
    for (const v of variants) expect(scan(v), v.slice(0, 80)).toBeNull();
  });
});
