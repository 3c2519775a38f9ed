import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { byteStringCheck, checksFor } from "../tools/oracle/checks.js";
import type { Recording } from "../tools/oracle/run.js";

/**
 * Real Spark's answers, recorded by tools/oracle/record.ts from each version's own classes (unified memory,
 * storage region, off-heap pools, YARN containers and AM, Kubernetes pods, byte strings, and the errors
 * Spark raises), replayed against the model without Spark: the live oracle (test/oracle.test.ts) asks
 * fresh random configurations; these fixed ones run with every test and every mutant.
 */
const DIR = new URL("./data/oracle/", import.meta.url);
const recordings = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), "utf8")) as Recording);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

describe("recorded Spark answers equal the model", () => {
  it("Spark 2.4 to 4.3 are recorded", () => {
    expect(recordings.map((r) => r.version.split(".").slice(0, 2).join("."))).toEqual(
      expect.arrayContaining(["2.4", "3.0", "3.1", "3.2", "3.5", "4.3"]),
    );
  });
  for (const r of recordings)
    it(`Spark ${r.version}: ${r.configs.length} configurations and ${r.byteStrings.length} byte strings, every quantity exact`, () => {
      const wrong: unknown[] = [];
      let answers = 0;
      for (const { config, answers: recorded } of r.configs) {
        const checks = checksFor(config, r.version);
        expect(checks.map((c) => c.quantity)).toEqual(recorded.map((a) => a.quantity));
        checks.forEach((c, i) => {
          answers++;
          const ours = c.ours();
          const spark = recorded[i]?.spark;
          if (!same(ours, spark)) wrong.push({ quantity: c.quantity, config: c.config, spark, ours });
        });
      }
      for (const { input, spark } of r.byteStrings) {
        const ours = byteStringCheck(input, r.version).ours();
        if (!same(ours, spark)) wrong.push({ quantity: "byte string", input, spark, ours });
      }
      expect(wrong.slice(0, 3)).toEqual([]);
      expect(answers).toBeGreaterThan(r.configs.length * 4);
    });
});
