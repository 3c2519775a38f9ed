import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { advise } from "../src/advise/index.js";
import { read, runWorkload } from "../tools/rerun/run.js";
import { onCi } from "./support/ci.js";
import { newestPyspark } from "./support/pyspark.js";

/**
 * Stage-level scheduling (Spark 3.1+): executors of a profile that asks for its own memory and cores are started
 * with them, so their block managers report another maximum than the default profile's. A real run (a standalone
 * local-cluster with dynamic allocation) writes both; analyze lays out each profile, equal to every maximum.
 */
const newest = newestPyspark();

describe("the layout per resource profile, against a real log", () => {
  it.runIf(onCi)("CI has a pyspark to write the log (npm run oracle:setup)", () => {
    expect(newest, "no pyspark venv installed").toBeDefined();
  });

  it.skipIf(!newest)(
    `Spark ${newest?.version}: a 1536m, 2-core profile beside the default 1g, 1-core executors`,
    { timeout: 300_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "sparkmem-profiles-"));
      const run = runWorkload(newest as NonNullable<typeof newest>, dir, "profiles", {});
      expect(run.ok).toBe(true);
      const r = await read(dir, run.app);
      if ("unavailable" in r.memory) throw new Error(r.memory.unavailable);
      const { expected } = r.memory;
      expect(expected.profiles.map((p) => [p.id, p.settings])).toEqual([
        [1, { "spark.executor.cores": "2", "spark.executor.memory": "1536m" }],
      ]);
      // Java 17 G1: Runtime.maxMemory = -Xmx; unified = (heap − 300 MiB) × 0.6
      const unified = (mib: number) => Math.floor((mib * 2 ** 20 - 300 * 2 ** 20) * 0.6);
      expect(expected.executor?.unifiedBytes).toBe(unified(1024));
      expect(expected.profiles[0]?.executor?.unifiedBytes).toBe(unified(1536));
      const executors = r.executors.filter((e) => e.id !== "driver");
      expect(new Set(executors.map((e) => e.resourceProfileId))).toEqual(new Set([0, 1]));
      for (const e of executors) {
        const p = e.resourceProfileId === 1 ? expected.profiles[0]?.executor : expected.executor;
        expect(e.maxMemory, `executor ${e.id} (profile ${e.resourceProfileId})`).toBe(p?.unifiedBytes);
        expect(e.totalCores).toBe(e.resourceProfileId === 1 ? 2 : 1);
      }
      // each executor's allocated heap is its own profile's
      const heaps = "unavailable" in r.memory ? [] : r.memory.executors.filter((u) => u.id !== "driver");
      for (const u of heaps) {
        const e = executors.find((x) => x.id === u.id);
        expect(u.heapAllocatedBytes).toBe((e?.resourceProfileId === 1 ? 1536 : 1024) * 2 ** 20);
      }
      expect(expected.notes).toEqual([]);
      // advise sizes each profile from its own executors: the app's settings from the default profile's peaks,
      // the profile's request from its executors' (a small job: the 1536m request comes down to the 1g floor)
      const a = advise([r]);
      const byProfile = new Map(executors.map((e) => [e.id, e.resourceProfileId]));
      for (const c of a.changes.filter((x) => x.process === "executor"))
        for (const ev of c.evidence) if (ev.executor !== null) expect(byProfile.get(ev.executor)).toBe(0);
      const note = a.notes.find((n) => n.startsWith("resource profile 1 "));
      expect(note).toMatch(
        /^resource profile 1 \(cores 2, memory 1536m\): ExecutorResourceRequests\.memory\("1g"\)/,
      );
      const peak = Math.max(
        ...executors.filter((e) => e.resourceProfileId === 1).map((e) => e.peakMetrics?.JVMHeapMemory ?? 0),
      );
      expect(peak).toBeGreaterThan(0);
      expect(peak * 1.3).toBeLessThan(1024 * 2 ** 20);
    },
  );
});
