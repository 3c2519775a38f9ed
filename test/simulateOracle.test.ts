import { describe, expect, it } from "vitest";
import { type OracleVersion, selectedVersions } from "../tools/oracle/client.js";
import { simulateVersion } from "../tools/oracle/simulate.js";
import { onCi } from "./support/ci.js";

/**
 * simulate's oracle (issue 16): random scenarios through sparkmem's simulator and through Spark's own
 * UnifiedMemoryManager, MemoryStore and TaskMemoryManager (scripts/oracle/SparkmemMemorySim.java), every
 * step compared. Needs `npm run oracle:setup`; on CI a missing Spark fails (test/oracle.test.ts checks it).
 */
let versions: OracleVersion[] = [];
try {
  versions = selectedVersions();
} catch {
  versions = [];
}
const N = Number(process.env.SPARKMEM_SIMULATE_N ?? 2000);

describe("simulate's oracle: Spark is installed", () => {
  it.runIf(onCi)("CI has Spark versions to check the simulator against", () => {
    expect(versions.map((v) => v.version)).not.toEqual([]);
  });
});

describe.skipIf(versions.length === 0)("simulate: every step equals Spark's own memory classes", () => {
  for (const v of versions) {
    it(`Spark ${v.version}: ${N} random scenarios, grant, evictions, spills, waits and pools exact`, {
      timeout: 900_000,
    }, async () => {
      const r = await simulateVersion(v, N, 20261205);
      expect(r.mismatches.slice(0, 2)).toEqual([]);
      expect(r.checked).toBe(N);
      // only scenarios that part after several waiting tasks woke at once (the JVM sets no order) differ
      expect(r.exact + r.racedApart).toBe(N);
      expect(r.racedApart).toBeLessThanOrEqual(N / 100);
      // the scenarios reach every part of the protocol
      const { waits, evictions, spills, woken, raced } = r.reached;
      for (const [what, n] of Object.entries({ waits, evictions, spills }))
        expect(n, what).toBeGreaterThan(N / 10);
      expect(woken, "woken").toBeGreaterThan(N / 100);
      expect(raced, "raced").toBeGreaterThan(0);
      // 2.4 runs half its scenarios on the static manager (spark.memory.useLegacyMode)
      if (v.version.startsWith("2.4.")) expect(r.staticScenarios).toBeGreaterThan(N / 3);
      expect(r.answeredBy).toMatch(/(Unified|Static)MemoryManager .* \(Spark \d+\.\d+\.\d+\)$/);
    });
  }
});
