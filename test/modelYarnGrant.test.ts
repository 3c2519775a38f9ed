import { describe, expect, it } from "vitest";
import { SparkmemError } from "../src/conf/errors.js";
import { toConf } from "../src/model/explain.js";
import { yarnScheduler } from "../src/model/yarnScheduler.js";
import { layoutOf, MiB } from "./helpers.js";

/**
 * What YARN grants for a container request (src/model/yarnScheduler.ts, cluster-specifics.md §2.2):
 * min(roundUp(max(request, minimum), step), maximum). The CapacityScheduler's step is
 * yarn.scheduler.minimum-allocation-mb; the FairScheduler's is its increment
 * (yarn.resource-types.memory-mb.increment-allocation, else the legacy yarn.scheduler.increment-allocation-mb),
 * and it always uses the DominantResourceCalculator. A 3.5.1 executor of 4g asks for 4096 + 409 = 4505 MiB.
 */
const FAIR = "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler";
const DOMINANT = "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator";

const executor = (conf: Record<string, string>) => {
  const l = layoutOf({
    sparkVersion: "3.5.1",
    master: "yarn",
    conf: { "spark.executor.memory": "4g", ...conf },
  });
  const e = l.executor;
  if (!e) throw new Error("no executor on YARN");
  return {
    requestMiB: (e.containerBytes as number) / MiB,
    grantMiB: (e.containerAllocatedBytes as number) / MiB,
    why: e.derivation.containerAllocatedBytes?.formula,
    errors: l.errors.map((x) => x.code),
  };
};

describe("CapacityScheduler: multiples of yarn.scheduler.minimum-allocation-mb", () => {
  it("4505 MiB is rounded up to 5120", () => {
    expect(executor({})).toEqual({
      requestMiB: 4505,
      grantMiB: 5120,
      why: "YARN rounds 4505 MiB up to a multiple of yarn.scheduler.minimum-allocation-mb = 1024: 5120 MiB",
      errors: [],
    });
  });
  it("a request exactly on a multiple is granted as is; one MiB more takes the next multiple", () => {
    // 4655 + ⌊0.1 × 4655⌋ = 4655 + 465 = 5120; 4656 + 465 = 5121
    expect(executor({ "spark.executor.memory": "4655m" })).toMatchObject({
      requestMiB: 5120,
      grantMiB: 5120,
    });
    expect(executor({ "spark.executor.memory": "4656m" })).toMatchObject({
      requestMiB: 5121,
      grantMiB: 6144,
    });
  });
  it("a request below the minimum is granted the minimum (the AM: 512 + 384 = 896 → 2048)", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      deployMode: "client",
      conf: { "yarn.scheduler.minimum-allocation-mb": "2048" },
    });
    expect(l.am?.containerBytes).toBe(896 * MiB);
    expect(l.am?.containerAllocatedBytes).toBe(2048 * MiB);
    expect(l.executor?.containerAllocatedBytes).toBe(2048 * MiB); // 1024 + 384 = 1408 → 2048
  });
  it("the maximum caps the rounded grant: 4505 → 5120, capped at 5000", () => {
    expect(executor({ "yarn.scheduler.maximum-allocation-mb": "5000" })).toMatchObject({
      requestMiB: 4505,
      grantMiB: 5000,
      errors: [],
    });
    // a maximum exactly at the request: granted, and Spark's client check passes
    expect(executor({ "yarn.scheduler.maximum-allocation-mb": "4505" })).toMatchObject({
      grantMiB: 4505,
      errors: [],
    });
    expect(executor({ "yarn.scheduler.maximum-allocation-mb": "4504" }).errors).toEqual([
      "yarn-container-above-max",
    ]);
  });
});

describe("FairScheduler: multiples of its increment", () => {
  it("the legacy yarn.scheduler.increment-allocation-mb = 512: 4505 → 4608", () => {
    expect(
      executor({
        "yarn.resourcemanager.scheduler.class": FAIR,
        "yarn.scheduler.increment-allocation-mb": "512",
      }),
    ).toEqual({
      requestMiB: 4505,
      grantMiB: 4608,
      why: "YARN rounds 4505 MiB up to a multiple of yarn.scheduler.increment-allocation-mb = 512 (FairScheduler): 4608 MiB",
      errors: [],
    });
  });
  it("Hadoop trims the class name: a trailing newline from yarn-site.xml still selects the FairScheduler", () => {
    expect(
      executor({
        "yarn.resourcemanager.scheduler.class": `${FAIR} \n`,
        "yarn.scheduler.increment-allocation-mb": "512",
      }).grantMiB,
    ).toBe(4608);
  });
  it("the minimum still applies under the FairScheduler: 1408 → 2048 with an increment of 512", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: {
        "yarn.resourcemanager.scheduler.class": FAIR,
        "yarn.scheduler.increment-allocation-mb": "512",
        "yarn.scheduler.minimum-allocation-mb": "2048",
      },
    });
    expect(l.executor?.containerAllocatedBytes).toBe(2048 * MiB);
  });
  it.each([
    ["1 Gi", 1024, 5120],
    ["256Mi", 256, 4608],
    ["768", 768, 4608],
  ])(
    "yarn.resource-types.memory-mb.increment-allocation = %j replaces the legacy key",
    (inc, step, grant) => {
      expect(
        executor({
          "yarn.resourcemanager.scheduler.class": FAIR,
          "yarn.scheduler.increment-allocation-mb": "512",
          "yarn.resource-types.memory-mb.increment-allocation": inc,
        }),
      ).toEqual({
        requestMiB: 4505,
        grantMiB: grant,
        why: `YARN rounds 4505 MiB up to a multiple of yarn.resource-types.memory-mb.increment-allocation = ${step} (FairScheduler): ${grant} MiB`,
        errors: [],
      });
    },
  );
  it.each(["0", "1.5Gi", "-512"])("an increment of %j is refused", (inc) => {
    let err: unknown;
    try {
      executor({
        "yarn.resourcemanager.scheduler.class": FAIR,
        "yarn.resource-types.memory-mb.increment-allocation": inc,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SparkmemError);
    const { where, problem, expected } = err as SparkmemError;
    expect({ where, problem, expected }).toEqual({
      where: "yarn.resource-types.memory-mb.increment-allocation",
      problem: `"${inc}" is not a memory increment`,
      expected: "a positive whole number of MiB, optionally with the unit Mi, Gi or Ti (e.g. 512 or 1Gi)",
    });
  });
  it("a zero step never divides by zero: with no minimum either, the request is granted as is", () => {
    // A ResourceManager refuses an increment ≤ 0 at start (FairScheduler.validateConf), but the model must not
    // print NaN for it: DominantResourceCalculator.normalize skips roundUp when the step is 0, max(4505, 0) = 4505.
    expect(
      executor({
        "yarn.resourcemanager.scheduler.class": FAIR,
        "yarn.scheduler.increment-allocation-mb": "0",
        "yarn.scheduler.minimum-allocation-mb": "0",
      }),
    ).toMatchObject({ requestMiB: 4505, grantMiB: 4505 });
  });
});

describe("yarnScheduler: the settings read", () => {
  const read = (conf: Record<string, string>) => yarnScheduler(toConf(conf));

  it("Hadoop's defaults: CapacityScheduler, DefaultResourceCalculator, 1024 MiB minimum, no maximum or node size", () => {
    expect(read({})).toEqual({
      scheduler: "capacity",
      minAllocationMiB: 1024,
      maxAllocationMiB: null,
      stepMiB: 1024,
      stepKey: "yarn.scheduler.minimum-allocation-mb",
      resourceCalculator: "default",
      nodeMemoryMiB: null,
    });
  });
  it("the CapacityScheduler with the DominantResourceCalculator (trailing whitespace trimmed, as Hadoop does)", () => {
    expect(read({ "yarn.scheduler.capacity.resource-calculator": DOMINANT }).resourceCalculator).toBe(
      "dominant",
    );
    expect(read({ "yarn.scheduler.capacity.resource-calculator": `${DOMINANT} ` }).resourceCalculator).toBe(
      "dominant",
    );
    expect(
      read({
        "yarn.scheduler.capacity.resource-calculator":
          "org.apache.hadoop.yarn.util.resource.DefaultResourceCalculator",
      }).resourceCalculator,
    ).toBe("default");
  });
  it("the FairScheduler always uses the DominantResourceCalculator, whatever the capacity key says", () => {
    expect(
      read({
        "yarn.resourcemanager.scheduler.class": FAIR,
        "yarn.scheduler.capacity.resource-calculator":
          "org.apache.hadoop.yarn.util.resource.DefaultResourceCalculator",
        "yarn.scheduler.maximum-allocation-mb": "8192",
      }),
    ).toEqual({
      scheduler: "fair",
      minAllocationMiB: 1024,
      maxAllocationMiB: 8192,
      stepMiB: 1024,
      stepKey: "yarn.scheduler.increment-allocation-mb",
      resourceCalculator: "dominant",
      nodeMemoryMiB: null,
    });
  });
  it.each([
    ["65536", 65536],
    ["1", 1],
    ["0", null],
    ["-1", null], // Hadoop 3's default: detect from the hardware, size unknown here
  ])("yarn.nodemanager.resource.memory-mb = %s → node memory %s", (text, mib) => {
    expect(read({ "yarn.nodemanager.resource.memory-mb": text }).nodeMemoryMiB).toBe(mib);
  });
});
