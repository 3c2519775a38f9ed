import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../src/analyze/report.js";
import { atLeast, parseSparkVersion } from "../src/conf/version.js";
import { HistoryServer } from "../tools/eventlog/historyServer.js";
import { type OracleVersion, selectedVersions } from "../tools/oracle/client.js";
import { onCi } from "./support/ci.js";
import { pick } from "./support/fixtures.js";
import {
  analyzeLogDir,
  EXECUTOR_FIELDS,
  expectTaskSummaries,
  onTheirNames,
  STAGE_FIELDS,
} from "./support/historyServer.js";

/**
 * Logs that only a cluster writes, from real Spark on a local-cluster (tools/eventlog/cluster_workload.py):
 * executors of a second resource profile under dynamic allocation, tasks resubmitted after their executor was
 * killed, and executors that registered but died before adding a block manager. Each is read by us and by the
 * version's own History Server: every executor, stage and job field we share with it must be equal. Spark 3.4+
 * (the workload pickles Python functions); on CI (test/support/ci.ts) a missing Spark fails.
 */
let versions: OracleVersion[] = [];
try {
  versions = selectedVersions().filter(
    (v) => v.python !== null && atLeast(parseSparkVersion(v.version), "3.4"),
  );
} catch {
  // test/oracle.test.ts reports a missing version
}
const SPECS = ["profiles", "resubmitted", "no-block-manager"];

const JOB_FIELDS = ["jobId", "name", "status", "submissionTime", "completionTime", "stageIds"];

type Row = Record<string, unknown>;
const byId = (a: Row, b: Row) => String(a.id).localeCompare(String(b.id), "en", { numeric: true });
const byStage = (a: Row, b: Row) =>
  Number(a.stageId) - Number(b.stageId) || Number(a.attemptId) - Number(b.attemptId);

describe("real Spark 3.4+ is there to run a local-cluster", () => {
  it.runIf(onCi)("CI has a pyspark 3.4+ for the cluster logs", () => {
    expect(versions.map((v) => v.version)).not.toEqual([]);
  });
});

for (const v of versions) {
  describe(`Spark ${v.version} on a local-cluster: our analysis equals its History Server's`, () => {
    const dir = mkdtempSync(join(tmpdir(), `sparkmem-shs-cluster-${v.version}-`));
    const apps = new Map<string, string>(); // spec -> application id
    let ours = new Map<string, AnalyzeReport>();
    let shs: HistoryServer;

    beforeAll(async () => {
      const script = new URL("../tools/eventlog/cluster_workload.py", import.meta.url).pathname;
      const r = spawnSync(v.python as string, [script, dir, ...SPECS], {
        encoding: "utf8",
        timeout: 600_000,
        env: { ...process.env, SPARK_LOCAL_IP: "127.0.0.1" },
      });
      if (r.status !== 0) throw new Error(r.stderr.slice(-3000));
      const ids = r.stdout.split("\n").filter((l) => /^app-\d+-\d+$/.test(l));
      for (const [k, spec] of SPECS.entries()) apps.set(spec, ids[k] as string);
      ours = await analyzeLogDir(dir);
      shs = await HistoryServer.start(v, dir, SPECS.length);
    }, 900_000);
    afterAll(() => shs?.stop());

    const report = (spec: string) => ours.get(apps.get(spec) as string) as AnalyzeReport;

    it("each log holds what it was made for", () => {
      expect([...ours.keys()].sort()).toEqual([...apps.values()].sort());
      // profiles: executors of profile 1 (2 cores, 2 CPUs per task) run one task at a time
      const profile1 = report("profiles").executors.filter((e) => e.resourceProfileId === 1);
      expect(profile1.length).toBeGreaterThan(0);
      expect(profile1.every((e) => e.totalCores === 2 && e.maxTasks === 1)).toBe(true);
      // resubmitted: TaskEnd events with reason Resubmitted, and the killed executor's id in its failures
      const raw = readFileSync(join(dir, apps.get("resubmitted") as string), "utf8");
      expect(raw.match(/"Reason":"Resubmitted"/g)?.length ?? 0).toBeGreaterThan(0);
      const lost = report("resubmitted").executors.filter(
        (e) => e.removeReason !== null && e.id !== "driver",
      );
      expect(lost.length).toBeGreaterThan(0);
      // no-block-manager: executors added without a BlockManagerAdded
      const log = readFileSync(join(dir, apps.get("no-block-manager") as string), "utf8");
      const added = log.match(/"Event":"SparkListenerExecutorAdded"/g)?.length ?? 0;
      const managers = log.match(/"Event":"SparkListenerBlockManagerAdded"/g)?.length ?? 0;
      expect(added + 1).toBeGreaterThan(managers); // the driver has a block manager and no ExecutorAdded
    });

    for (const spec of SPECS) {
      it(`${spec}: /allexecutors, /stages and /jobs equal ours`, async () => {
        const id = apps.get(spec) as string;
        const r = report(spec);
        const execs = (await shs.get(`/applications/${id}/allexecutors`)) as Row[];
        const theirExecs = execs.map((e) => pick(e, EXECUTOR_FIELDS)).sort(byId);
        const ourExecs = r.executors.map((e) => pick(e, EXECUTOR_FIELDS)).sort(byId);
        expect(ourExecs.map((e, k) => onTheirNames(e, theirExecs[k] ?? {}))).toEqual(theirExecs);
        const stages = (await shs.get(`/applications/${id}/stages`)) as Row[];
        const theirStages = stages.map((s) => pick(s, STAGE_FIELDS)).sort(byStage);
        const ourStages = r.stages.map((s) => pick(s, STAGE_FIELDS)).sort(byStage);
        expect(ourStages.map((s, k) => onTheirNames(s, theirStages[k] ?? {}))).toEqual(theirStages);
        const jobs = (await shs.get(`/applications/${id}/jobs`)) as Row[];
        // both list the newest job first
        expect(r.jobs.map((j) => pick(j, JOB_FIELDS))).toEqual(jobs.map((j) => pick(j, JOB_FIELDS)));
        await expectTaskSummaries(shs, id, r.stages);
      }, 120_000);
    }
  });
}
