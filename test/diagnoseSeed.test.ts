import { describe, expect, it } from "vitest";
import { diagnose } from "../src/diagnose/index.js";
import { explain } from "../src/model/explain.js";
import { SEED_SETTINGS, SEED_YARN_KILL } from "./support/seed.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

const OPTS = { conf: { ...SEED_SETTINGS }, sparkVersion: "2.4.8", master: "yarn" };

describe("the seed case: a YARN physical-memory kill of an executor", () => {
  const { causes } = diagnose(SEED_YARN_KILL, OPTS);
  const top = causes[0];

  it("the model's container for this configuration is the 33 GiB of the message", () => {
    const e = explain(OPTS).executor;
    // 30g + max(384m, 0.1 × 30g) = 30720 + 3072 = 33792 MiB = 33 GiB, already a multiple of 1024
    expect(e?.containerBytes).toBe(33792 * MiB);
    expect(e?.containerAllocatedBytes).toBe(35433480192);
    expect(e?.overheadBytes).toBe(3 * GiB);
  });

  it("is a pmem kill of executor 7, with YARN's figures read as binary bytes", () => {
    expect(top?.id).toBe("yarn-pmem-kill");
    expect(top?.process).toBe("executor");
    expect(top?.confidence).toBe(0.95);
    expect(top?.evidence).toEqual([SEED_YARN_KILL]);
    expect(top?.figures.usedBytes).toBe(Math.round(33.2 * GiB));
    expect(top?.figures.usedBytes).toBe(35648228557);
    expect(top?.figures.limitBytes).toBe(35433480192);
    expect(top?.figures.containerBytes).toBe(35433480192);
    expect(top?.figures.heapBytes).toBe(30 * GiB);
    expect(top?.figures.overheadBytes).toBe(3 * GiB);
    expect(top?.figures.executorId).toBe("7");
  });

  it("explains that memory outside the heap ran out, not the heap", () => {
    expect(top?.title).toMatch(/outside the heap/);
    expect(top?.title).toMatch(/not the heap/);
    expect(top?.explanation).toMatch(/no OutOfMemoryError/);
    expect(top?.explanation).toMatch(/overhead/);
    expect(top?.explanation).toMatch(/3 GiB overhead/);
  });

  it("recommends spark.executor.memoryOverhead (the current name) so the container is ≥ used + 10%", () => {
    // 33.2 GiB × 1.1 = 36.52 GiB → 37397 MiB → YARN's 1024-MiB step: 37888 MiB; 37888 − 30720 = 7168 MiB
    expect(top?.changes).toMatchObject([{ key: "spark.executor.memoryOverhead", from: null, to: "7g" }]);
    expect(top?.figures.recommendedContainerBytes).toBe(37 * GiB);
    expect(
      explain({ ...OPTS, conf: { ...SEED_SETTINGS, "spark.executor.memoryOverhead": "7g" } }).executor
        ?.containerBytes,
    ).toBe(37 * GiB);
  });

  it("alternatives: fewer cores in the same container, memory moved from the heap, a bigger executor — sized by the model", () => {
    const alts = top?.alternatives ?? [];
    expect(alts).toHaveLength(3);
    const [cores, shift, bigger] = alts;
    expect(cores?.changes).toMatchObject([{ key: "spark.executor.cores", from: "10", to: "5" }]);
    expect(cores?.containerBytes).toBe(33 * GiB);
    expect(cores?.heapBytes).toBe(30 * GiB);
    expect(shift?.changes).toMatchObject([
      { key: "spark.executor.memory", from: "30g", to: "26g" },
      { key: "spark.executor.memoryOverhead", from: null, to: "7g" },
    ]);
    expect(shift?.containerBytes).toBe(33 * GiB);
    expect(shift?.heapBytes).toBe(26 * GiB);
    expect(bigger?.changes).toMatchObject([
      { key: "spark.executor.memory", from: "30g", to: "34g" },
      { key: "spark.executor.memoryOverhead", from: null, to: "7g" },
    ]);
    expect(bigger?.containerBytes).toBe(41 * GiB);
    expect(bigger?.heapBytes).toBe(34 * GiB);
    for (const a of alts) {
      const model = explain({
        ...OPTS,
        conf: {
          ...SEED_SETTINGS,
          ...(Object.fromEntries(a.changes.map((c) => [c.key, c.to])) as Record<string, string>),
        },
      });
      expect(a.containerBytes).toBe(model.executor?.containerAllocatedBytes);
      expect(a.heapBytes).toBe(model.executor?.heapBytes);
    }
  });

  it("asks to check for skew in the write with sparkmem analyze", () => {
    const checks = top?.nextChecks.join("\n") ?? "";
    expect(checks).toMatch(/sparkmem analyze/);
    expect(checks).toMatch(/max and median task peak execution memory and shuffle write/);
    expect(checks).toMatch(/skew/);
    expect(checks).toMatch(/writing/);
  });

  it("nothing else is claimed", () => {
    expect(causes.map((c) => c.id)).toEqual(["yarn-pmem-kill"]);
  });

  it("the deprecated alias in the configuration is removed and the current key set", () => {
    const r = diagnose(SEED_YARN_KILL, {
      ...OPTS,
      conf: { ...SEED_SETTINGS, "spark.yarn.executor.memoryOverhead": "3072" },
    });
    expect(r.causes[0]?.changes).toMatchObject([
      { key: "spark.yarn.executor.memoryOverhead", from: "3072", to: null },
      { key: "spark.executor.memoryOverhead", from: null, to: "7g" },
    ]);
  });

  it("without a configuration: the same overhead, derived from the message's figures alone", () => {
    const c = diagnose(SEED_YARN_KILL).causes[0];
    expect(c?.id).toBe("yarn-pmem-kill");
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memoryOverhead", from: null, to: "7g" }]);
    expect(c?.figures.estimatedHeapBytes).toBe(30 * GiB);
    expect(c?.figures.recommendedContainerBytes).toBe(37 * GiB);
    // the executor's cores are not in the message: no value to halve, a check says so instead of "-50%"
    expect(c?.alternatives).toEqual([]);
    expect(c?.nextChecks.some((n) => /spark\.executor\.cores above 1/.test(n))).toBe(true);
  });

  it("a yarn.scheduler.maximum-allocation-mb below the grown container: said, and the same-size shift recommended", () => {
    const c = diagnose(SEED_YARN_KILL, {
      ...OPTS,
      conf: { ...SEED_SETTINGS, "yarn.scheduler.maximum-allocation-mb": "34816" },
    }).causes[0];
    expect(c?.nextChecks.join("\n")).toMatch(/above yarn\.scheduler\.maximum-allocation-mb \(34816 MiB\)/);
    expect(c?.changes).toMatchObject([
      { key: "spark.executor.memory", from: "30g", to: "26g" },
      { key: "spark.executor.memoryOverhead", from: null, to: "7g" },
    ]);
  });
});
