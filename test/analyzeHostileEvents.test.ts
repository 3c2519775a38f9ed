import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../src/analyze/report.js";
import { FIXTURES } from "./support/fixtures.js";

/**
 * Event fields no Spark writes but a damaged or forged log holds: analyze and diagnose read past them
 * (the field reads as absent) instead of failing with an internal error.
 */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const SOURCE = readFileSync(new URL("spark-events/application_1553914137147_0018", FIXTURES), "utf8");
const dir = mkdtempSync(join(tmpdir(), "sparkmem-events-"));

function variant(name: string, edit: (log: string) => string): string {
  const path = join(dir, name);
  const text = edit(SOURCE);
  expect(text).not.toBe(SOURCE);
  writeFileSync(path, text);
  return path;
}
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

describe("hostile event fields", () => {
  const cases = {
    "every time 1e400 (Infinity)": variant("times", (l) =>
      l.replace(/("(?:Timestamp|Submission Time|Completion Time|Launch Time|Finish Time)":)\d+/g, "$11e400"),
    ),
    'a property value {"toString":1}': variant("property", (l) =>
      l.replace('"spark.master":"yarn"', '"spark.master":{"toString":1}'),
    ),
    "JVMHeapMemory -1e308": variant("heap", (l) =>
      l.replaceAll('"JVMHeapMemory":', '"JVMHeapMemory":-1e308,"Was":'),
    ),
  };

  it.each(Object.entries(cases))("%s: analyze (text and JSON) and diagnose exit 0", (_, path) => {
    for (const args of [
      ["analyze", path],
      ["analyze", "--json", path],
      ["diagnose", path],
    ]) {
      const r = run(args);
      expect([r.status, r.stderr], args.join(" ")).toEqual([0, ""]);
    }
  });

  it("the fields read as absent: no start time, no spark.master, no heap peak below zero drawn", () => {
    const times = JSON.parse(
      run(["analyze", "--json", cases["every time 1e400 (Infinity)"]]).stdout,
    ) as AnalyzeReport;
    expect([times.application.startTimeMs, times.application.endTimeMs]).toEqual([null, null]);
    const prop = JSON.parse(
      run(["analyze", "--json", cases['a property value {"toString":1}']]).stdout,
    ) as AnalyzeReport;
    expect(prop.environment.sparkProperties["spark.master"]).toBeUndefined();
    const heap = run(["analyze", cases["JVMHeapMemory -1e308"]]).stdout;
    expect(heap).toMatch(/heap +░{30} /);
  });
});
