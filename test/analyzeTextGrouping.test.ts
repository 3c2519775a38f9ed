import { describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../src/analyze/index.js";
import { renderAnalyzeText } from "../src/report/index.js";
import { analyzeLog } from "./support/fixtures.js";
import { SHARED } from "./support/shared.js";

/**
 * What analyze's text report says about waste, skew and failures on real logs: a container without process-tree
 * RSS is measured from the heap peak and says so; only real skew is listed (longest task ≥ 2× the median and
 * ≥ 10 s longer); failures that differ only in numbers are one line with their count.
 */
function read(p: string): Promise<AnalyzeReport> {
  return analyzeLog(new URL(`fixtures/spark-events/${p}`, SHARED).pathname);
}

describe("analyze's text report", () => {
  it("containers without process-tree RSS: waste from the heap peak, marked as such (nds_q72)", async () => {
    const r = await read("other/spark-rapids-tools/nds_q72_dataproc_2_2.zstd");
    if ("unavailable" in r.memory) throw new Error(r.memory.unavailable);
    const executors = r.memory.executors.filter((e) => e.id !== "driver");
    expect(executors.map((e) => e.wasteFrom)).toEqual(executors.map(() => "heap"));
    // 50 GiB containers, heap peaks of 12–17 GiB: the waste is counted, no longer null
    const e = executors[0];
    if (!e || e.wasteGibHours === null || e.lifetimeMs === null || e.heapPeakBytes === null)
      throw new Error("no peak");
    expect(e.wasteGibHours).toBeCloseTo(
      ((50 * 1024 ** 3 - e.heapPeakBytes) / 1024 ** 3) * (e.lifetimeMs / 3_600_000),
      10,
    );
    expect(r.memory.executors.find((x) => x.id === "driver")?.wasteFrom).toBeNull();
    const text = renderAnalyzeText(r);
    expect(text).toMatch(
      /GiB-hours \(8 of 9 without process-tree RSS: measured from their heap peak, an upper bound\)/,
    );
    expect(text).toMatch(/\(1 with no peak in the log, not counted\)/);
  });

  it("with process-tree RSS the container's waste is measured from it (application_1553914137147_0018)", async () => {
    const r = await read("application_1553914137147_0018");
    if ("unavailable" in r.memory) throw new Error(r.memory.unavailable);
    expect(
      r.memory.executors.filter((e) => e.id !== "driver").every((e) => e.wasteFrom === "process-tree RSS"),
    ).toBe(true);
    expect(renderAnalyzeText(r)).not.toMatch(/without process-tree RSS/);
  });

  it("only real skew is listed: 6.1× with a long tail, not 1.0× nor 3.0× of a short stage", async () => {
    const r = await read("other/spark-rapids-tools/multiple_attempts/attempt_1_eventlog.zstd");
    const skewLines = renderAnalyzeText(r)
      .split("\n")
      .filter((l) => l.startsWith("skew"));
    expect(skewLines).toEqual(["skew   stage 3.0: longest task 6.1× the median"]);
    const s2 = r.stages.find((s) => s.stageId === 2);
    expect(s2?.skew).toBeGreaterThanOrEqual(2); // skewed by ratio, but its longest task is < 10 s past the median
    expect((s2?.taskDurationMs?.[4] ?? 0) - (s2?.taskDurationMs?.[2] ?? 0)).toBeLessThan(10_000);
  });

  it("failures that differ only in their numbers are one line with the count", async () => {
    const r = await read("application_1628109047826_1317105");
    const containerExits = r.failures.filter((f) => /exited from explicit termination request/.test(f.text));
    expect(containerExits.length).toBe(6);
    const lines = renderAnalyzeText(r)
      .split("\n")
      .filter((l) => /explicit termination/.test(l));
    expect(lines).toEqual([`other              6× ${containerExits[0]?.text.split("\n")[0]}`]);
  });
});
