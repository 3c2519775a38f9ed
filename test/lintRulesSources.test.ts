import { describe, expect, it } from "vitest";
import type { Origin } from "../src/conf/sparkConf.js";
import { type Finding, lint } from "../src/lint/index.js";
import { lintConf } from "./support/lint.js";

/**
 * Where each finding points (the setting's file and line, which an editor or SARIF jumps to) and each change
 * with its why, for rules whose tests checked only that they fire: settings read from a spark-defaults file
 * at line 7, cluster settings from an EMR JSON at line 12.
 */
const YARN = { master: "yarn", sparkVersion: "3.5.9" };
const FILE = { origin: { kind: "spark-defaults", file: "d.conf", line: 7 } as Partial<Origin> };
const cluster = (key: string, value: string) => ({
  facts: {
    cluster: { [key]: { value, origin: { kind: "emr-json", file: "emr.json", line: 12 } as Origin } },
  },
});
const whole = (f: Finding[], id: string) =>
  f
    .filter((x) => x.ruleId === id)
    .map(({ key, source, line, message, fix }) => ({
      key,
      at: `${source}:${line}`,
      message,
      fix: fix.map(({ key, from, to, why }) => ({ key, from, to, why })),
    }));

describe("executor-settings-in-local", () => {
  const NONE = "no executor runs in local mode";
  it("each executor key, the master it names, and the executor's memory moved to the driver", () => {
    const conf = { "spark.master": "local[2]", "spark.executor.memory": "4g", "spark.executor.cores": "2" };
    expect(whole(lintConf(conf, { sparkVersion: "3.5.9", ...FILE }), "executor-settings-in-local")).toEqual([
      {
        key: "spark.executor.memory",
        at: "d.conf:7",
        message: "spark.executor.memory=4g has no effect in local mode (master local[2])",
        fix: [
          { key: "spark.executor.memory", from: "4g", to: null, why: NONE },
          {
            key: "spark.driver.memory",
            from: null,
            to: "4g",
            why: "the driver runs the tasks in local mode",
          },
        ],
      },
      {
        key: "spark.executor.cores",
        at: "d.conf:7",
        message: "spark.executor.cores=2 has no effect in local mode (master local[2])",
        fix: [{ key: "spark.executor.cores", from: "2", to: null, why: NONE }],
      },
    ]);
  });
  it("a master given only as an option reads as local[*]", () => {
    const f = lintConf({ "spark.executor.memory": "4g" }, { sparkVersion: "3.5.9", master: "local[*]" });
    expect(whole(f, "executor-settings-in-local")[0]?.message).toBe(
      "spark.executor.memory=4g has no effect in local mode (master local[*])",
    );
  });
});

describe("container-above-max: Spark's Client message, per role, the heap that fits the maximum", () => {
  const WHY =
    'YARN never grants a container above its maximum allocation; Spark\'s Client checks this before submitting and fails with "is above the max threshold … of this cluster".';
  it("the executor: 30g + 3072 MB above 16384 MB, 14895m fits", () => {
    const conf = { "spark.executor.memory": "30g", "yarn.scheduler.maximum-allocation-mb": "16384" };
    expect(whole(lintConf(conf, { ...YARN, ...FILE }), "container-above-max")).toEqual([
      {
        key: "spark.executor.memory",
        at: "d.conf:7",
        message:
          "Required executor memory (30720 MB), offHeap memory (0) MB, overhead (3072 MB), and PySpark memory (0 MB) is above the max threshold (16384 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.",
        fix: [{ key: "spark.executor.memory", from: "30g", to: "14895m", why: WHY }],
      },
    ]);
  });
  it("the cluster-mode driver is the AM: its own message, spark.driver.memory resized", () => {
    const conf = { "spark.driver.memory": "30g", "yarn.scheduler.maximum-allocation-mb": "16384" };
    const f = whole(lintConf(conf, { ...YARN, deployMode: "cluster", ...FILE }), "container-above-max");
    expect(f.map((x) => [x.key, x.message.slice(0, 46), x.fix.map((c) => c.to)])).toEqual([
      ["spark.driver.memory", "Required AM memory (30720+3072 MB) is above th", ["14895m"]],
    ]);
  });
});

describe("off-heap: the key each finding is about, where the setting came from", () => {
  it("enabled without a size: Spark's requirement, 2g as the size, at the enabled key's line", () => {
    const f = lintConf({ "spark.memory.offHeap.enabled": "true" }, { ...YARN, ...FILE });
    expect(whole(f, "offheap-enabled-without-size")).toEqual([
      {
        key: "spark.memory.offHeap.size",
        at: "d.conf:7",
        message:
          "requirement failed: spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true",
        fix: [
          {
            key: "spark.memory.offHeap.size",
            from: null,
            to: "2g",
            why: "With spark.memory.offHeap.enabled=true Spark requires spark.memory.offHeap.size > 0 and fails at start-up otherwise.",
          },
        ],
      },
    ]);
  });
  it("a size without enabled: enabled=true as the fix, at the size key's line", () => {
    const f = lintConf({ "spark.memory.offHeap.size": "2g" }, { ...YARN, ...FILE });
    expect(
      whole(f, "offheap-size-without-enabled").map((x) => [x.key, x.at, x.fix.map((c) => [c.key, c.to])]),
    ).toEqual([["spark.memory.offHeap.size", "d.conf:7", [["spark.memory.offHeap.enabled", "true"]]]]);
  });
});

describe("pyspark-memory-jvm-app", () => {
  it("names the application's kind (an R one, a JVM one) and removes the key", () => {
    const r = lintConf({ "spark.executor.pyspark.memory": "2g" }, { ...YARN, appType: "r", ...FILE });
    expect(
      whole(r, "pyspark-memory-jvm-app").map((x) => [x.at, x.message, x.fix.map((c) => [c.key, c.to])]),
    ).toEqual([
      [
        "d.conf:7",
        "spark.executor.pyspark.memory=2g is set for an R application",
        [["spark.executor.pyspark.memory", null]],
      ],
    ]);
    const jvm = lintConf({ "spark.executor.pyspark.memory": "2g" }, { ...YARN, appType: "jvm" });
    expect(whole(jvm, "pyspark-memory-jvm-app")[0]?.message).toBe(
      "spark.executor.pyspark.memory=2g is set for a JVM application",
    );
  });
});

describe("default-resource-calculator", () => {
  const RC = "yarn.scheduler.capacity.resource-calculator";
  const DEFAULT = "org.apache.hadoop.yarn.util.resource.DefaultResourceCalculator";
  const calc = (cores: string, value: string) =>
    whole(
      lintConf({ "spark.executor.cores": cores }, { ...YARN, ...cluster(RC, value) }),
      "default-resource-calculator",
    );
  it("four cores under the memory-only calculator: the Dominant one as the fix, at the EMR file's line", () => {
    expect(
      calc("4", DEFAULT).map(({ key, at, message, fix }) => ({
        key,
        at,
        message,
        fix: fix.map((c) => c.to),
      })),
    ).toEqual([
      {
        key: RC,
        at: "emr.json:12",
        message: `${DEFAULT} ignores spark.executor.cores=4: YARN counts memory only`,
        fix: ["org.apache.hadoop.yarn.util.resource.DominantResourceCalculator"],
      },
    ]);
  });
  it("one core, the Dominant calculator, or a class merely named like it are not findings", () => {
    expect(calc("1", DEFAULT)).toEqual([]);
    expect(calc("4", "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator")).toEqual([]);
    expect(calc("4", "DefaultResourceCalculatorX")).toEqual([]);
  });
});

describe("driver-memory-at-runtime: the launch flag for each key, the notebook's own wording", () => {
  const inProgram = (key: string, value: string, via: string, extra: object = {}) =>
    whole(
      lint({
        entries: [{ key, value, origin: { kind: "python", file: "job.py", line: 5, via } as Origin }],
        ...YARN,
        ...extra,
      }),
      "driver-memory-at-runtime",
    );
  it("spark.driver.memory from the builder: --driver-memory, the same value as the change", () => {
    expect(inProgram("spark.driver.memory", "4g", "builder")).toEqual([
      {
        key: "spark.driver.memory",
        at: "job.py:5",
        message:
          'spark.driver.memory=4g is set from inside the program in client mode; it has no effect. Use --driver-memory 4g (or PYSPARK_SUBMIT_ARGS="--driver-memory 4g pyspark-shell" before the session starts).',
        fix: [
          {
            key: "spark.driver.memory",
            from: "4g",
            to: "4g",
            why: "the same value, given when the driver JVM starts: --driver-memory 4g",
          },
        ],
      },
    ]);
  });
  it("other launch keys from a SparkConf: --conf key=value", () => {
    expect(inProgram("spark.driver.extraJavaOptions", "-Dx=1", "sparkconf")[0]?.fix[0]?.why).toBe(
      "the same value, given when the driver JVM starts: --conf spark.driver.extraJavaOptions=-Dx=1",
    );
  });
  it("not from other calls, not executor keys, not in cluster mode — except in a notebook", () => {
    expect(inProgram("spark.driver.memory", "4g", "other")).toEqual([]);
    expect(inProgram("spark.executor.memory", "4g", "builder")).toEqual([]);
    expect(inProgram("spark.driver.memory", "4g", "builder", { deployMode: "cluster" })).toEqual([]);
    expect(
      inProgram("spark.driver.memory", "4g", "builder", {
        deployMode: "cluster",
        facts: { notebook: true },
      })[0]?.message,
    ).toMatch(
      /^spark\.driver\.memory=4g is set from inside the program \(a notebook: its driver JVM already runs\); /,
    );
  });
});

describe("yarn-rounding-waste: a tenth of the request unused, and the overhead that uses it", () => {
  const STEP = { "yarn.scheduler.minimum-allocation-mb": "1100" };
  const waste = (conf: Record<string, string>) =>
    whole(lintConf(conf, { ...YARN, ...FILE }), "yarn-rounding-waste");
  it("at the boundary: 616m + 384m = 1000 MiB granted 1100 loses exactly a tenth, not a finding; 615m loses more", () => {
    expect(waste({ "spark.executor.memory": "616m", ...STEP })).toEqual([]);
    expect(waste({ "spark.executor.memory": "615m", ...STEP })).toEqual([
      {
        key: "spark.executor.memoryOverhead",
        at: "default:null",
        message: "999.0 MiB asked, 1100.0 MiB granted: 101.0 MiB per executor is reserved and unused",
        fix: [
          {
            key: "spark.executor.memoryOverhead",
            from: null,
            to: "485m",
            why: "YARN rounds each request up to a multiple of yarn.scheduler.minimum-allocation-mb; the difference is reserved on the node but Spark never uses it.",
          },
        ],
      },
    ]);
  });
  it("a set overhead: its line, and the overhead grown to fill the 2 GiB granted", () => {
    const f = waste({ "spark.executor.memoryOverhead": "700m" });
    expect(f.map((x) => [x.at, x.message, x.fix.map((c) => [c.from, c.to])])).toEqual([
      [
        "d.conf:7",
        "1724.0 MiB asked, 2.0 GiB granted: 324.0 MiB per executor is reserved and unused",
        [["700m", "1g"]],
      ],
    ]);
  });
});

describe("key-not-in-version and too-many-executor-cores point at the setting", () => {
  it("a 3.3 key on 3.2.4 is removed; six cores become five", () => {
    const early = lintConf(
      { "spark.executor.memoryOverheadFactor": "0.2" },
      { master: "yarn", sparkVersion: "3.2.4", ...FILE },
    );
    expect(
      whole(early, "key-not-in-version").map((x) => [
        x.at,
        x.message,
        x.fix.map((c) => [c.key, c.from, c.to]),
      ]),
    ).toEqual([
      [
        "d.conf:7",
        "spark.executor.memoryOverheadFactor exists from Spark 3.3; 3.2.4 ignores it",
        [["spark.executor.memoryOverheadFactor", "0.2", null]],
      ],
    ]);
    const cores = lintConf(
      { "spark.executor.cores": "6", "spark.executor.memory": "8g" },
      { ...YARN, ...FILE },
    );
    expect(whole(cores, "too-many-executor-cores").map((x) => [x.key, x.at, x.message])).toEqual([
      [
        "spark.executor.cores",
        "d.conf:7",
        "6 cores per executor: 6 tasks share 8.0 GiB of heap and the container's overhead",
      ],
    ]);
  });
});
