import { describe, expect, it } from "vitest";
import { DEFAULT_DIALECT } from "../src/conf/dialect.js";
import { confFromEntries, type SparkConf, withDialect } from "../src/conf/sparkConf.js";
import { changeProblems, introducedProblems } from "../src/model/changeCheck.js";
import { type ExplainInput, explain, toConf } from "../src/model/explain.js";
import {
  heapsForContainer,
  largestFitting,
  largestHeapThatFits,
  largestOverheadThatFits,
  layoutWith,
  smallestHeapWhere,
  withSettings,
} from "../src/model/inverse.js";
import { parseCpuQuantity } from "../src/model/quantity.js";
import { GiB, MiB } from "./helpers.js";

/** largestFitting's contract: only whole numbers in [lo, hi] are asked, none twice. */
function recorded(lo: number, hi: number, n: number) {
  const asked: unknown[] = [];
  const fits = (x: number) => {
    asked.push(x);
    return x <= n;
  };
  const check = () => {
    for (const x of asked) {
      expect(Number.isInteger(x), `asked ${String(x)}`).toBe(true);
      expect(x as number).toBeGreaterThanOrEqual(lo);
      expect(x as number).toBeLessThanOrEqual(hi);
    }
    expect(new Set(asked).size).toBe(asked.length);
  };
  return { fits, asked, check };
}

describe("largestFitting", () => {
  it("a one-value range: that value when it fits, null when not", () => {
    expect(largestFitting(5, 5, (x) => x <= 10)).toBe(5);
    expect(largestFitting(5, 5, (x) => x <= 4)).toBeNull();
    expect(largestFitting(6, 5, (x) => x <= 10)).toBeNull();
  });

  it("asks only whole numbers in range, never twice, whatever the guess and the range's sign", () => {
    for (const lo of [-5, 0, 1]) {
      for (const hi of [lo, lo + 1, lo + 2, lo + 10, 1000]) {
        for (const n of [lo - 1, lo, lo + 1, Math.floor((lo + hi) / 2), hi - 1, hi, hi + 5]) {
          for (const guess of [undefined, lo - 3, lo, lo + 1, n - 1, n, n + 1, hi - 2, hi, hi + 7]) {
            const r = recorded(lo, hi, n);
            const where = `lo ${lo} hi ${hi} n ${n} guess ${guess}`;
            expect(largestFitting(lo, hi, r.fits, guess), where).toBe(n < lo ? null : Math.min(n, hi));
            r.check();
          }
        }
      }
    }
  });

  it("galloping up stops at hi even when everything fits", () => {
    const r = recorded(1, 10, 1000);
    expect(largestFitting(1, 10, r.fits, 8)).toBe(10);
    r.check();
    expect(largestFitting(1, 10, () => true, 8)).toBe(10);
  });

  it("a guess just above the boundary gallops down: few questions", () => {
    const r = recorded(1, 65_536, 57_344);
    expect(largestFitting(1, 65_536, r.fits, 57_350)).toBe(57_344);
    r.check();
    // 1, the guess, 3 steps down (57349, 57347, 57343), then 2 bisections; a plain bisection needs 17
    expect(r.asked.length).toBeLessThanOrEqual(8);
  });
});

describe("withSettings and layoutWith", () => {
  it("a replaced setting is marked as derived, as changes name its source", () => {
    const out = withSettings({ conf: { "spark.executor.memory": "4g" } }, { "spark.executor.memory": "2g" });
    expect(toConf(out.conf).entries.get("spark.executor.memory")).toEqual({
      key: "spark.executor.memory",
      value: "2g",
      origin: { kind: "derived" },
    });
  });

  it("a configuration with a dialect keeps it and every other setting", () => {
    const conf = withDialect(
      confFromEntries([{ key: "spark.executor.memory", value: "4g", origin: { kind: "json" } }]),
      DEFAULT_DIALECT,
    );
    const input: ExplainInput = { sparkVersion: "3.5.1", master: "yarn", conf };
    const out = withSettings(input, { "spark.executor.cores": "2" }).conf as SparkConf;
    expect(out.dialect).toBe(DEFAULT_DIALECT);
    expect(out.entries.get("spark.executor.memory")?.value).toBe("4g");
    const l = layoutWith(input, { "spark.executor.cores": "2" });
    expect(l.executor?.heapBytes).toBe(4 * GiB);
    expect(l.executor?.cores).toBe(2);
  });
});

describe("the inverses over the layout", () => {
  it("an error the settings already had does not refuse a heap (spark.task.cpus 2 over 1 core)", () => {
    const input = { sparkVersion: "3.5.1", master: "yarn", conf: { "spark.task.cpus": "2" } };
    expect(explain(input).errors.map((e) => e.code)).toEqual(["task-cpus-above-cores"]);
    // YarnAllocator: h + max(⌊0.1 h⌋, 384) ≤ 8192 → 7448 (7448 + 744 = 8192)
    expect(largestHeapThatFits(input, "executor", 8192 * MiB)?.mib).toBe(7448);
  });

  it("a first guess from the smallest heap's container costs three layouts when the overhead is flat", () => {
    const input = {
      sparkVersion: "4.0.1",
      master: "yarn",
      conf: { "spark.executor.memory": "60g", "spark.executor.minMemoryOverhead": "8g" },
    };
    const asked: number[] = [];
    const fit = largestHeapThatFits(input, "executor", 65_536 * MiB, {
      settingsAt: (h) => {
        asked.push(h);
        return { "spark.executor.memory": `${h}m` };
      },
    });
    // h + max(⌊0.1 h⌋, 8192) ≤ 65536 → 57344; the guess 65536 − (8193 − 1) is the answer itself
    expect(fit?.mib).toBe(57_344);
    expect(asked).toHaveLength(3);
    expect(new Set(asked).size).toBe(3);
  });

  it("only a role that has a container in the input is fitted, whatever settingsAt moves", () => {
    const client = { sparkVersion: "3.5.1", master: "yarn" };
    const fit = largestHeapThatFits(client, "driver", 4096 * MiB, {
      settingsAt: (h) => ({ "spark.driver.memory": `${h}m`, "spark.submit.deployMode": "cluster" }),
    });
    expect(fit).toBeNull();
  });

  it("the largest overhead as asked and as granted (4g heap, 6000 MiB)", () => {
    const input = { sparkVersion: "3.5.1", master: "yarn", conf: { "spark.executor.memory": "4g" } };
    // asked: 4096 + o ≤ 6000 → 1904
    const asked = largestOverheadThatFits(input, "executor", 6000 * MiB, { measure: "request" });
    expect(asked?.mib).toBe(1904);
    expect(asked?.layout.executor?.containerBytes).toBe(6000 * MiB);
    // granted: CapacityScheduler rounds up to 1024 MiB, so ≤ 5120 → 1024
    expect(largestOverheadThatFits(input, "executor", 6000 * MiB)?.mib).toBe(1024);
    expect(largestOverheadThatFits(input, "executor", 4000 * MiB)).toBeNull();
  });

  it("no heap gives a container to a role that has none (client-mode driver, local executors)", () => {
    expect(heapsForContainer({ sparkVersion: "3.5.1", master: "yarn" }, "driver", 2048 * MiB)).toBeNull();
    expect(
      heapsForContainer({ sparkVersion: "3.5.1", master: "local[4]" }, "executor", 2048 * MiB),
    ).toBeNull();
    // the client-mode AM has one: am + max(⌊0.1 am⌋, 384) in (1024, 2048] → 641 … 1664
    expect(heapsForContainer({ sparkVersion: "3.5.1", master: "yarn" }, "am", 2048 * MiB)).toEqual({
      minMiB: 641,
      maxMiB: 1664,
    });
  });

  it("no heap gives a container smaller than the smallest grant", () => {
    expect(heapsForContainer({ sparkVersion: "3.5.1", master: "yarn" }, "executor", 300 * MiB)).toBeNull();
    // 1 GiB, the minimum allocation: heaps 1 … 640 (640 + 384 = 1024)
    expect(heapsForContainer({ sparkVersion: "3.5.1", master: "yarn" }, "executor", 1024 * MiB)).toEqual({
      minMiB: 1,
      maxMiB: 640,
    });
  });
});

describe("smallestHeapWhere", () => {
  // 384 MiB of unified memory per task slot: UnifiedMemoryManager, (heap − 300 MiB) × 0.6 / slots
  const enough = (p: { unifiedBytes: number; taskSlots: number }) =>
    p.unifiedBytes / p.taskSlots >= 384 * MiB;
  const local = { sparkVersion: "3.5.1", master: "local[8]", hostCores: 8, hostMemoryBytes: 32 * GiB };

  it("the driver's own layout in local mode, with the boundary on both sides", () => {
    const r = smallestHeapWhere(local, "driver", enough);
    expect(r?.mib).toBe(5417);
    expect(r?.layout.driver.taskSlots).toBe(8);
    expect(r?.layout.driver.unifiedBytes).toBe(3072 * MiB);
    const at = (h: number) => layoutWith(local, { "spark.driver.memory": `${h}m` }).driver;
    expect(enough(at(5417))).toBe(true);
    expect(enough(at(5416))).toBe(false);
  });

  it("up to maxMiB only: null one below the answer, the answer at it", () => {
    expect(smallestHeapWhere(local, "driver", enough, 5416)).toBeNull();
    expect(smallestHeapWhere(local, "driver", enough, 5417)?.mib).toBe(5417);
  });

  it("no executors in local mode: null, holds is never asked", () => {
    expect(smallestHeapWhere(local, "executor", enough)).toBeNull();
  });

  it("a heap Spark refuses is no answer (1 MiB is below the 450 MiB minimum)", () => {
    expect(smallestHeapWhere({ sparkVersion: "3.5.1", master: "yarn" }, "executor", () => true)).toBeNull();
  });
});

describe("introducedProblems and changeProblems", () => {
  const yarn = (conf: Record<string, string>) => explain({ sparkVersion: "3.5.1", master: "yarn", conf });
  // 8g: 8192 + max(⌊0.1 × 8192⌋, 384) = 9011 MiB, rounded to 1024 → 9216; 4g → 4505 → 5120
  const small = yarn({ "spark.executor.memory": "4g" });
  const big = yarn({ "spark.executor.memory": "8g" });
  const beyond = "the executor container (9216 MiB) is above a node's 8192 MiB";

  it("a YARN container newly beyond a node", () => {
    expect(big.executor?.containerAllocatedBytes).toBe(9216 * MiB);
    expect(introducedProblems(small, big, 8192)).toEqual([beyond]);
    expect(introducedProblems(small, big, 9216)).toEqual([]);
    expect(introducedProblems(small, big, 9215)).toEqual([
      "the executor container (9216 MiB) is above a node's 9215 MiB",
    ]);
  });

  it("no node size, or a container already beyond it that does not grow: nothing", () => {
    expect(introducedProblems(small, big, null)).toEqual([]);
    expect(introducedProblems(big, big, 8192)).toEqual([]);
    const bigger = yarn({ "spark.executor.memory": "9g" });
    expect(introducedProblems(big, bigger, 8192)).toEqual([
      "the executor container (10240 MiB) is above a node's 8192 MiB",
    ]);
  });

  it("only YARN containers are compared with a node", () => {
    const k8s = (m: string) =>
      explain({ sparkVersion: "3.5.1", master: "k8s://https://k:443", conf: { "spark.executor.memory": m } });
    expect(introducedProblems(k8s("4g"), k8s("8g"), 8192)).toEqual([]);
  });

  it("a layout without executors counts as no container", () => {
    expect(introducedProblems({ ...small, executor: null }, big, 8192)).toEqual([beyond]);
    expect(introducedProblems(small, { ...big, executor: null }, 8192)).toEqual([]);
  });

  it("errors the settings already had are not new; new ones are named with their process", () => {
    const input = { sparkVersion: "3.5.1", master: "yarn", conf: { "spark.task.cpus": "2" } };
    expect(changeProblems(input, { "spark.executor.memory": "2g" })).toEqual([]);
    expect(changeProblems(input, { "spark.executor.memory": "100m" })).toEqual([
      "min-executor-memory (driver)",
      "min-system-memory (executor)",
      "execution-memory-zero (executor)",
    ]);
  });

  it("changeProblems reads the node from the changed settings", () => {
    const input = {
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "yarn.nodemanager.resource.memory-mb": "8192" },
    };
    expect(changeProblems(input, { "spark.executor.memory": "8g" })).toEqual([beyond]);
    expect(changeProblems(input, { "spark.executor.memory": "7g" })).toEqual([]);
  });

  it("a change the model refuses is one problem: its one-line reason", () => {
    const r = changeProblems({ sparkVersion: "3.5.1", master: "yarn" }, { "spark.executor.memory": "lots" });
    expect(r).toEqual([expect.stringMatching(/^spark\.executor\.memory: "lots" is not a size; expected /)]);
  });

  it("an error that is not a refusal is not swallowed", () => {
    const input = {
      master: "yarn",
      get sparkVersion(): string {
        throw new RangeError("no version here");
      },
    };
    expect(() => changeProblems(input, {})).toThrow(RangeError);
  });
});

describe("parseCpuQuantity", () => {
  it("whole, fractional and milli cores, with blanks around", () => {
    expect(parseCpuQuantity("2")).toBe(2);
    expect(parseCpuQuantity(" 2 ")).toBe(2);
    expect(parseCpuQuantity("2 ")).toBe(2);
    expect(parseCpuQuantity("1.25")).toBe(1.25);
    expect(parseCpuQuantity("500m")).toBe(0.5);
    expect(parseCpuQuantity("1500m\t")).toBe(1.5);
  });

  it("anything else before or after the number is not a quantity", () => {
    for (const q of ["a2", "x 2", "2x", "2 cores", "2mm", "1.", ".5", "-1", ""])
      expect(parseCpuQuantity(q)).toBeNull();
  });
});
