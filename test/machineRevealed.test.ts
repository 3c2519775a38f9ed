import { describe, expect, it } from "vitest";
import { explain } from "../src/model/explain.js";
import { machineRevealed } from "../src/model/machineRevealed.js";

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const unified = (systemMemory: number) => Math.floor((systemMemory - 300 * MiB) * 0.6);

/** A YARN client-mode app whose driver runs Java 8 with -Xmx1g (the issue's public log). */
const input = {
  sparkVersion: "3.1.2",
  javaVersion: 8,
  conf: { "spark.master": "yarn", "spark.driver.memory": "1g", "spark.executor.memory": "2g" },
};

describe("what a block manager's maximum reveals about the machine (machineRevealed)", () => {
  it("Java 8 Parallel, 1g: Runtime.maxMemory 1029177344 is the initial heap of a machine with ≥ 64 GiB", () => {
    // by default the model gives Parallel's estimate, 954728448 (heap − a third of the young generation)
    expect(explain(input).driver.systemMemoryBytes).toBe(954728448);
    const found = machineRevealed(input, "driver", unified(1029177344));
    expect(found?.machine.memoryBytes).toBeDefined();
    // the smallest machine whose 1/64 (2 MiB aligned) reaches the whole 1 GiB heap: committed − one survivor
    const mem = found?.machine.memoryBytes as number;
    expect(mem).toBeGreaterThan(63 * GiB);
    expect(mem).toBeLessThanOrEqual(64 * GiB);
    expect(found?.reason).toContain("at least");
    const layout = explain({ ...input, machines: { driver: found?.machine ?? {} } });
    expect(layout.driver.systemMemoryBytes).toBe(1029177344);
    expect(layout.driver.uiStorageBytes).toBe(428762726);
    // the executors' machines are not the driver's
    expect(layout.executor?.systemMemoryBytes).toBe(explain(input).executor?.systemMemoryBytes);
  });

  it("between the estimate and the whole heap: a bounded range of machine memory", () => {
    // 62 GiB starts a 992 MiB heap (1/64): committed 992 MiB − its 41 MiB survivor = 951 MiB > the 910.5 estimate
    const fig = explain({ ...input, machines: { driver: { memoryBytes: 62 * GiB } } }).driver.uiStorageBytes;
    expect(fig).toBe(unified(951 * MiB));
    const found = machineRevealed(input, "driver", fig);
    expect(found?.reason).toMatch(/between 6[12]\.\d and 62\.\d GiB/);
    const again = explain({ ...input, machines: { driver: found?.machine ?? {} } });
    expect(again.driver.uiStorageBytes).toBe(fig);
  });

  it("a figure only Serial gives: a machine below server class", () => {
    const k8s = {
      sparkVersion: "3.5.3",
      conf: { "spark.master": "k8s://https://h:443", "spark.driver.memory": "512m" },
    };
    expect(explain(k8s).driver.jvm.gc).toBe("G1");
    const found = machineRevealed(k8s, "driver", 122644070);
    expect(found?.machine).toEqual({ cores: 1 });
    expect(explain({ ...k8s, machines: { driver: { cores: 1 } } }).driver.uiStorageBytes).toBe(122644070);
  });

  it("a figure no machine gives: null, and the settings' own figure is never 'revealed'", () => {
    expect(machineRevealed(input, "driver", 428762726 + 12345)).toBeNull();
    expect(machineRevealed({ ...input, javaVersion: 17 }, "driver", 400_000_000)).toBeNull();
    // 48 GiB starts a 768 MiB heap, below the estimate: the same figure as no machine at all
    const small = explain({ ...input, machines: { driver: { memoryBytes: 48 * GiB } } }).driver
      .uiStorageBytes;
    expect(small).toBe(explain(input).driver.uiStorageBytes);
    expect(machineRevealed(input, "driver", small)).toBeNull();
  });

  it("refuses a machine that is not a positive whole number, naming it", () => {
    expect(() => explain({ ...input, machines: { executor: { memoryBytes: -1 } } })).toThrow(
      /the executor's machine memory: -1 is not a positive whole number/,
    );
  });
});
