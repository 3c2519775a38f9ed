import { describe, expect, it } from "vitest";
import { explain } from "../src/model/explain.js";
import {
  containerOf,
  heapsForContainer,
  largestFitting,
  largestHeapThatFits,
  largestOverheadThatFits,
  layoutWith,
  smallestHeapWhere,
} from "../src/model/inverse.js";

const MiB = 1048576;
const FAIR = "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler";

describe("YARN's grant under each scheduler", () => {
  const ask = (conf: Record<string, string>) =>
    explain({ sparkVersion: "3.5.1", master: "yarn", conf: { "spark.executor.memory": "4g", ...conf } })
      .executor?.containerAllocatedBytes;

  it("CapacityScheduler rounds 4505 MiB to the minimum allocation (5120), the FairScheduler to its increment (4608)", () => {
    expect(ask({})).toBe(5120 * MiB);
    expect(
      ask({ "yarn.resourcemanager.scheduler.class": FAIR, "yarn.scheduler.increment-allocation-mb": "512" }),
    ).toBe(4608 * MiB);
    // the FairScheduler's default increment is 1024 MiB
    expect(ask({ "yarn.resourcemanager.scheduler.class": FAIR })).toBe(5120 * MiB);
    // the minimum still applies below it
    expect(
      ask({
        "spark.executor.memory": "1g",
        "yarn.resourcemanager.scheduler.class": FAIR,
        "yarn.scheduler.increment-allocation-mb": "128",
        "yarn.scheduler.minimum-allocation-mb": "2048",
      }),
    ).toBe(2048 * MiB);
  });

  it("Hadoop 3's yarn.resource-types.memory-mb.increment-allocation wins over the legacy key, with units", () => {
    const fair = {
      "yarn.resourcemanager.scheduler.class": FAIR,
      "yarn.scheduler.increment-allocation-mb": "512",
    };
    expect(ask({ ...fair, "yarn.resource-types.memory-mb.increment-allocation": "256" })).toBe(4608 * MiB);
    expect(ask({ ...fair, "yarn.resource-types.memory-mb.increment-allocation": "1Gi" })).toBe(5120 * MiB);
    expect(() => ask({ ...fair, "yarn.resource-types.memory-mb.increment-allocation": "1 GB" })).toThrow(
      /yarn\.resource-types\.memory-mb\.increment-allocation.*"1 GB" is not a memory increment/,
    );
  });

  it("the derivation names the step's setting; spark.hadoop.yarn.* is the same key", () => {
    const l = explain({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: {
        "spark.executor.memory": "4g",
        "spark.hadoop.yarn.resourcemanager.scheduler.class": FAIR,
        "spark.hadoop.yarn.scheduler.increment-allocation-mb": "512",
      },
    });
    expect(l.executor?.derivation.containerAllocatedBytes?.formula).toBe(
      "YARN rounds 4505 MiB up to a multiple of yarn.scheduler.increment-allocation-mb = 512 (FairScheduler): 4608 MiB",
    );
    expect(l.driver.containerAllocatedBytes).toBeNull();
  });
});

describe("largestFitting", () => {
  const upTo = (n: number) => (x: number) => x <= n;
  it("finds the boundary from any guess, and null when even the smallest value fails", () => {
    for (const guess of [undefined, 1, 37, 500, 999, 5000])
      expect(largestFitting(1, 1000, upTo(437), guess)).toBe(437);
    expect(largestFitting(1, 1000, upTo(1000), 3)).toBe(1000);
    expect(largestFitting(1, 1000, upTo(1))).toBe(1);
    expect(largestFitting(5, 1000, upTo(4))).toBeNull();
    expect(largestFitting(10, 9, upTo(100))).toBeNull();
  });
  it("asks few questions with a close guess", () => {
    let calls = 0;
    const fits = (x: number) => {
      calls++;
      return x <= 57_344;
    };
    expect(largestFitting(1, 65_536, fits, 57_340)).toBe(57_344);
    expect(calls).toBeLessThanOrEqual(8);
  });
});

describe("the largest heap whose container fits", () => {
  it("4.0's spark.executor.minMemoryOverhead is part of the answer (60g → 56g on a 64 GiB node)", () => {
    const input = {
      sparkVersion: "4.0.1",
      master: "yarn",
      conf: { "spark.executor.memory": "60g", "spark.executor.minMemoryOverhead": "8g" },
    };
    const fit = largestHeapThatFits(input, "executor", 65536 * MiB);
    // max(⌊0.1 × h⌋, 8192) = 8192 for h ≤ 81920: h + 8192 ≤ 65536
    expect(fit?.mib).toBe(57344);
    expect(fit?.layout.executor?.containerAllocatedBytes).toBe(65536 * MiB);
  });

  it("Kubernetes Python cluster-mode pods: the 0.4 non-JVM factor", () => {
    const input = {
      sparkVersion: "3.5.1",
      master: "k8s://https://k:443",
      deployMode: "cluster",
      appType: "python" as const,
    };
    // h + max(⌊0.4 h⌋, 384) ≤ 10240: 7314 + 2925 = 10239, 7315 + 2926 = 10241
    expect(largestHeapThatFits(input, "executor", 10240 * MiB)?.mib).toBe(7314);
    // a JVM app keeps 0.1: 9309 + 930 = 10239, 9310 + 931 = 10241
    expect(largestHeapThatFits({ ...input, appType: "jvm" as const }, "executor", 10240 * MiB)?.mib).toBe(
      9309,
    );
  });

  it("off-heap counts in YARN containers from 3.0, not in 2.4", () => {
    const conf = { "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "2g" };
    // 3.0: h + ⌊0.1 h⌋ + 2048 ≤ 8192 → 5586 (5586 + 558 = 6144)
    expect(
      largestHeapThatFits({ sparkVersion: "3.0.3", master: "yarn", conf }, "executor", 8192 * MiB)?.mib,
    ).toBe(5586);
    // 2.4: h + ⌊0.1 h⌋ ≤ 8192 → 7448
    expect(
      largestHeapThatFits({ sparkVersion: "2.4.8", master: "yarn", conf }, "executor", 8192 * MiB)?.mib,
    ).toBe(7448);
  });

  it("PySpark memory of a Python app on YARN", () => {
    const input = {
      sparkVersion: "3.5.1",
      master: "yarn",
      appType: "python" as const,
      conf: { "spark.executor.pyspark.memory": "1g" },
    };
    // h + ⌊0.1 h⌋ + 1024 ≤ 8192 → 6517 (6517 + 651 = 7168)
    expect(largestHeapThatFits(input, "executor", 8192 * MiB)?.mib).toBe(6517);
  });

  it("an explicit overhead stays; the client-mode AM and the cluster-mode driver have their own keys", () => {
    const fixed = { sparkVersion: "3.5.1", master: "yarn", conf: { "spark.executor.memoryOverhead": "3g" } };
    expect(largestHeapThatFits(fixed, "executor", 16384 * MiB)?.mib).toBe(13312);
    // AM: am + max(⌊0.1 am⌋, 384) ≤ 2048 → 1664
    expect(largestHeapThatFits({ sparkVersion: "3.5.1", master: "yarn" }, "am", 2048 * MiB)?.mib).toBe(1664);
    const cluster = { sparkVersion: "3.5.1", master: "yarn", deployMode: "cluster" };
    expect(largestHeapThatFits(cluster, "driver", 4096 * MiB)?.mib).toBe(3712);
    // a client-mode driver has no container to fit
    expect(largestHeapThatFits({ sparkVersion: "3.5.1", master: "yarn" }, "driver", 4096 * MiB)).toBeNull();
  });

  it("as asked (Spark's check against the maximum) or as granted (a node), and null when nothing fits", () => {
    const input = { sparkVersion: "3.5.1", master: "yarn" };
    // asked ≤ 5000: h + ⌊0.1 h⌋ ≤ 5000 → 4546; granted ≤ 5000 means ≤ 4096 after rounding → 3712
    expect(largestHeapThatFits(input, "executor", 5000 * MiB, { measure: "request" })?.mib).toBe(4546);
    expect(largestHeapThatFits(input, "executor", 5000 * MiB)?.mib).toBe(3712);
    expect(largestHeapThatFits(input, "executor", 300 * MiB)).toBeNull();
  });

  it("refuses a heap Spark would refuse (below its minimum system memory)", () => {
    // 1 GiB with a 1 GiB step: heap ≤ 640 MiB fits, but executors need 450 MiB of system memory
    const r = largestHeapThatFits({ sparkVersion: "3.5.1", master: "yarn" }, "executor", 1024 * MiB);
    expect(r?.mib).toBe(640);
    const tiny = largestHeapThatFits(
      { sparkVersion: "3.5.1", master: "yarn", conf: { "spark.executor.memoryOverhead": "900m" } },
      "executor",
      1024 * MiB,
    );
    expect(tiny).toBeNull();
  });
});

describe("the other inverses", () => {
  it("the largest explicit overhead that keeps the container", () => {
    const input = { sparkVersion: "3.5.1", master: "yarn", conf: { "spark.executor.memory": "4g" } };
    const grown = largestOverheadThatFits(input, "executor", 6144 * MiB, { measure: "request" });
    expect(grown?.mib).toBe(2048);
    expect(containerOf(grown?.layout as never, "executor")?.requestBytes).toBe(6144 * MiB);
  });

  it("the heaps a killed container's limit allows: the seed's 33 GiB", () => {
    const r = heapsForContainer({ sparkVersion: "2.4.8", master: "yarn" }, "executor", 33792 * MiB);
    // h + ⌊0.1 h⌋ in (32768, 33792]: 29790 + 2979 = 32769 … 30720 + 3072 = 33792
    expect(r).toEqual({ minMiB: 29790, maxMiB: 30720 });
    // no heap gives a container that is not a multiple of the step
    expect(heapsForContainer({ sparkVersion: "2.4.8", master: "yarn" }, "executor", 33000 * MiB)).toBeNull();
  });

  it("the smallest heap with at least 384 MiB of unified memory per task slot", () => {
    const input = { sparkVersion: "3.5.1", master: "yarn", conf: { "spark.executor.cores": "8" } };
    const enough = (p: { unifiedBytes: number; taskSlots: number }) =>
      p.unifiedBytes / p.taskSlots >= 384 * MiB;
    const r = smallestHeapWhere(input, "executor", enough);
    expect(r).not.toBeNull();
    const at = (h: number) => layoutWith(input, { "spark.executor.memory": `${h}m` }).executor as never;
    expect(enough(at(r?.mib as number))).toBe(true);
    expect(enough(at((r?.mib as number) - 1))).toBe(false);
  });
});
