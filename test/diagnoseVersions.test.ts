import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type DiagnoseResult, diagnose } from "../src/diagnose/index.js";
import type { Finding } from "../src/lint/index.js";

const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const GiB = 1024 ** 3;

function run(args: string[], input: string) {
  const r = spawnSync(process.execPath, [BIN, "diagnose", "-", "--json", ...args], {
    encoding: "utf8",
    input,
  });
  return {
    code: r.status,
    json: r.status === 0 ? (JSON.parse(r.stdout) as DiagnoseResult & { findings: Finding[] }) : null,
    err: r.stderr,
  };
}

// Spark 2.x's YarnAllocator text, as users posted it with 2.2 and earlier
const KILL_2X =
  "ExecutorLostFailure (executor 7 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 5.5 GB of 5.5 GB physical memory used. Consider boosting spark.yarn.executor.memoryOverhead.";

describe("any Spark version is diagnosed as its nearest modelled line, with a note", () => {
  it("1.6, 2.1, 2.2, 2.5.0-SNAPSHOT, 3.3.0-amzn-1, 3.5.0-cdh and Databricks runtimes: exit 0, a note, no refusal", () => {
    for (const [v, line] of [
      ["1.6.1", "2.4"],
      ["2.1.0", "2.4"],
      ["2.2.0", "2.4"],
      ["2.5.0-SNAPSHOT", "2.4"],
      ["3.0.0-SNAPSHOT", null],
      ["3.3.0-amzn-1", null],
      ["3.5.0-cdh7.1.9", null],
      ["Databricks Runtime 13.3 LTS", "3.4"],
    ] as const) {
      const r = run(["--spark-version", v, "--executor-memory", "5g", "--master", "yarn"], KILL_2X);
      expect(r.code, `${v}: ${r.err}`).toBe(0);
      expect(r.json?.causes[0]?.id, v).toBe("yarn-pmem-kill");
      if (line)
        expect(r.json?.notes[0], v).toMatch(
          new RegExp(`is laid out as (Spark )?${line.replace(".", "\\.")}`),
        );
      else expect(r.json?.notes, v).toEqual([]);
    }
  });

  it("a line before 2.3 is told its own overhead key (spark.yarn.executor.memoryOverhead), and lint keeps quiet about it", () => {
    const r = run(
      [
        "--spark-version",
        "2.2.0",
        "--executor-memory",
        "5g",
        "--conf",
        "spark.yarn.executor.memoryOverhead=512",
        "--master",
        "yarn",
      ],
      KILL_2X,
    );
    const c = r.json?.causes[0];
    // 5 GiB + 512 MiB in YARN's 1 GiB steps is 6 GiB, the limit 5.5 GB says otherwise: the message's usage × 1.1
    expect(c?.changes.map((x) => [x.key, x.from])).toEqual([["spark.yarn.executor.memoryOverhead", "512"]]);
    expect(r.json?.findings.filter((f) => f.ruleId === "deprecated-key")).toEqual([]);
    // on 2.3+ the same setting is the deprecated spelling: removed, and the current key set
    const now = run(
      [
        "--spark-version",
        "2.3.0",
        "--executor-memory",
        "5g",
        "--conf",
        "spark.yarn.executor.memoryOverhead=512",
        "--master",
        "yarn",
      ],
      KILL_2X,
    );
    expect(now.json?.causes[0]?.changes.map((x) => [x.key, x.to === null])).toEqual([
      ["spark.yarn.executor.memoryOverhead", true],
      ["spark.executor.memoryOverhead", false],
    ]);
  });

  it("1.6's unified manager had spark.memory.fraction 0.75: the executor's share per task follows it", () => {
    const heapOom =
      "ERROR Executor: Exception in task 1.0 in stage 2.0 (TID 3)\njava.lang.OutOfMemoryError: Java heap space";
    const conf = { "spark.executor.memory": "4g", "spark.executor.cores": "1", "spark.master": "yarn" };
    const at16 = diagnose(heapOom, { conf, sparkVersion: "1.6.3" }).causes[0];
    const at24 = diagnose(heapOom, { conf, sparkVersion: "2.4.8" }).causes[0];
    // (Runtime.maxMemory − 300 MiB) × fraction, one task: 2.4's Java 8 Parallel GC reports 3817865216 for -Xmx4g
    const usable = 3817865216 - 300 * 1024 ** 2;
    expect(at16?.figures.perTaskExecutionMaxBytes).toBe(Math.floor(usable * 0.75));
    expect(at24?.figures.perTaskExecutionMaxBytes).toBe(Math.floor(usable * 0.6));
    expect(at16?.figures.heapBytes).toBe(4 * GiB);
  });

  it("text that names no version: diagnosed on the newest line, and the note says so", () => {
    const r = diagnose("java.lang.OutOfMemoryError: Java heap space", { sparkVersion: "latest" });
    expect(r.notes).toEqual([
      '"latest" names no Spark version sparkmem can read: Spark\'s newest line is assumed',
    ]);
    expect(r.causes[0]?.changes[0]?.to).toBe("2g");
  });
});
