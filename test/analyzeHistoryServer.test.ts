import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../src/analyze/report.js";
import { HistoryServer } from "../tools/eventlog/historyServer.js";
import { type OracleVersion, selectedVersions } from "../tools/oracle/client.js";
import { onCi } from "./support/ci.js";
import { pick } from "./support/fixtures.js";
import { analyzeLogDir, expectTaskSummaries, onTheirNames } from "./support/historyServer.js";

/**
 * Fresh logs from real Spark (cache, shuffle, a spilling sort, a Python UDF; every codec and a rolling log),
 * read by us and by a real History Server over the same directory: executor peaks, spill totals and task
 * quantiles must be equal. On CI (test/support/ci.ts) a missing Spark fails; elsewhere these tests are
 * skipped.
 */
let versions: OracleVersion[] = [];
try {
  versions = selectedVersions().filter((v) => v.python !== null);
} catch {
  // test/oracle.test.ts reports a missing version
}
/** Every codec on the newest version; one on the others, to keep CI short. */
const SPECS = (v: OracleVersion, newest: boolean) =>
  newest
    ? ["none", "lz4", "lzf", "snappy", "zstd", "rolling-zstd"]
    : [v.version.startsWith("3.") ? "lz4" : "zstd"];

const EXECUTOR_FIELDS = [
  "id",
  "maxMemory",
  "memoryMetrics",
  "totalTasks",
  "totalDuration",
  "totalGCTime",
  "totalShuffleRead",
  "totalShuffleWrite",
  "peakMemoryMetrics",
];
const STAGE_FIELDS = [
  "stageId",
  "attemptId",
  "status",
  "numTasks",
  "executorRunTime",
  "jvmGcTime",
  "memoryBytesSpilled",
  "diskBytesSpilled",
  "peakExecutionMemory",
  "shuffleReadBytes",
  "shuffleWriteBytes",
  "peakExecutorMetrics",
];

describe("real Spark is there to write logs", () => {
  it.runIf(onCi)("CI has a pyspark for the event-log checks", () => {
    expect(versions.map((v) => v.version)).not.toEqual([]);
  });
});

for (const [i, v] of versions.entries()) {
  describe.skipIf(versions.length === 0)(
    `Spark ${v.version}: our analysis equals its History Server's`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), `sparkmem-shs-${v.version}-`));
      const specs = SPECS(v, i === versions.length - 1);
      let appIds: string[] = [];
      let shs: HistoryServer;
      const ours = new Map<string, AnalyzeReport>();

      beforeAll(async () => {
        const script = new URL("../tools/eventlog/workload.py", import.meta.url).pathname;
        const r = spawnSync(v.python as string, [script, dir, ...specs], {
          encoding: "utf8",
          timeout: 600_000,
        });
        if (r.status !== 0) throw new Error(r.stderr.slice(-3000));
        // Spark 3.3 logs to stdout too: keep the application ids workload.py prints
        appIds = r.stdout.split("\n").filter((l) => /^local-\d+$/.test(l));
        for (const [id, report] of await analyzeLogDir(dir)) ours.set(id, report);
        shs = await HistoryServer.start(v, dir, specs.length);
      }, 900_000);
      afterAll(() => shs?.stop());

      it("one application per codec, each with spill", () => {
        expect(appIds).toHaveLength(specs.length);
        expect([...ours.keys()].sort()).toEqual([...appIds].sort());
        for (const r of ours.values()) {
          expect(r.input.files.every((f) => f.error === null && !f.truncated)).toBe(true);
          expect(r.stages.reduce((a, s) => a + s.diskBytesSpilled, 0)).toBeGreaterThan(0);
        }
      });

      it("executors, stages and task quantiles equal /allexecutors, /stages and /taskSummary", async () => {
        for (const id of appIds) {
          const r = ours.get(id) as AnalyzeReport;
          const execs = (await shs.get(`/applications/${id}/allexecutors`)) as Record<string, unknown>[];
          const byId = (a: { id?: unknown }, b: { id?: unknown }) => String(a.id).localeCompare(String(b.id));
          const theirExecs = execs.map((e) => pick(e, EXECUTOR_FIELDS)).sort(byId);
          const ourExecs = r.executors.map((e) => pick(e, EXECUTOR_FIELDS)).sort(byId);
          expect(ourExecs.map((e, k) => onTheirNames(e, theirExecs[k] ?? {}))).toEqual(theirExecs);
          const stages = (await shs.get(`/applications/${id}/stages`)) as Record<string, unknown>[];
          const theirStages = stages.map((s) => pick(s, STAGE_FIELDS));
          const ourStages = r.stages.map((s) => pick(s, STAGE_FIELDS));
          expect(ourStages.map((s, k) => onTheirNames(s, theirStages[k] ?? {}))).toEqual(theirStages);
          await expectTaskSummaries(shs, id, r.stages);
        }
      }, 120_000);
    },
  );
}
