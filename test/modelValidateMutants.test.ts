import { describe, expect, it } from "vitest";
import { executorOf, GiB, layoutOf } from "./helpers.js";
import { refusalWithoutExpected as refusal } from "./support/refusal.js";

/**
 * Where mutants of src/model/validate.ts and src/model/process.ts survived: the type check of every catalog key
 * in the versions it exists in (ConfigHelpers.toNumber / toBoolean, core/src/main/scala/org/apache/spark/internal/
 * config/ConfigBuilder.scala), 4.3's decimal spark.task.cpus on both sides of its range, and the per-task
 * execution memory of ExecutionMemoryPool.acquireMemory (core/src/main/scala/org/apache/spark/memory/
 * ExecutionMemoryPool.scala: each of N tasks may hold pool/N and is guaranteed pool/(2N)) with N > 1.
 */
const K8S = "k8s://https://k:443";
/** The last check of validateConf: with it in the conf, a key the type checks skip lets this one through. */
const LAST_CHECK = { "spark.executor.instances": "-1" };
const INSTANCES_NEGATIVE = { where: "spark.executor.instances", problem: "-1 is negative" };
const TYPE = (key: string, type: string, v: string) => `${key} should be ${type}, but was ${v}`;
const SIZE_MESSAGE =
  "Size must be specified as bytes (b), kibibytes (k), mebibytes (m), gibibytes (g), tebibytes (t), or pebibytes(p). E.g. 50b, 100k, or 250m.\nFailed to parse byte string: x";
const REQ = (v: string, key: string, text: string) =>
  `[INVALID_CONF_VALUE.REQUIREMENT] The value '${v}' in the config "${key}" is invalid. ${text} SQLSTATE: 22022`;
const CPUS_RANGE =
  "Number of cores to allocate for each task must be a positive value between 1E-9 and 2147483647 (inclusive).";

describe("a key the version does not have is ignored, as Spark ignores it", () => {
  it("spark.{driver,executor}.minMemoryOverhead (4.0+): not read on 3.5, refused on 4.0 when not a size or negative", () => {
    for (const key of ["spark.driver.minMemoryOverhead", "spark.executor.minMemoryOverhead"]) {
      expect(refusal("3.5.1", "yarn", { [key]: "x" }), key).toBe("accepted");
      expect(refusal("3.5.1", "yarn", { [key]: "-1g" }), key).toBe("accepted");
      expect(refusal("4.0.1", "yarn", { [key]: "-1g" }), key).toEqual({
        where: key,
        problem: "-1024 MiB is negative",
      });
      expect(refusal("4.0.1", "yarn", { [key]: "x" }), key).toMatchObject({ where: key });
    }
  });
});

describe("every set key of the catalog is type-checked before any other check, whatever the model reads", () => {
  it.each([
    [
      "bytes",
      "3.5.1",
      "spark.sql.autoBroadcastJoinThreshold",
      { problem: '"x" is not a size', sparkMessage: SIZE_MESSAGE },
    ],
    [
      "double (2.4, before the legacy fractions were removed)",
      "2.4.8",
      "spark.storage.safetyFraction",
      {
        problem: '"x" is not a number',
        sparkMessage: TYPE("spark.storage.safetyFraction", "double", "x"),
      },
    ],
    [
      "int",
      "3.5.1",
      "spark.sql.shuffle.partitions",
      {
        problem: '"x" is not a whole number up to 2147483647',
        sparkMessage: TYPE("spark.sql.shuffle.partitions", "int", "x"),
      },
    ],
    [
      "long",
      "3.5.1",
      "spark.storage.unrollMemoryThreshold",
      {
        problem: '"x" is not a whole number up to 9223372036854775807',
        sparkMessage: TYPE("spark.storage.unrollMemoryThreshold", "long", "x"),
      },
    ],
    [
      "boolean",
      "3.5.1",
      "spark.dynamicAllocation.enabled",
      {
        problem: '"x" is not true or false',
        sparkMessage: TYPE("spark.dynamicAllocation.enabled", "boolean", "x"),
      },
    ],
    [
      "int, 4.3 (error classes; only spark.task.cpus is left to its own check)",
      "4.3.0",
      "spark.sql.shuffle.partitions",
      {
        problem: '"x" is not a whole number up to 2147483647',
        sparkMessage:
          "[INVALID_CONF_VALUE.TYPE_MISMATCH] The value 'x' in the config \"spark.sql.shuffle.partitions\" is invalid. It should be a/an 'int' value. SQLSTATE: 22022",
      },
    ],
  ] as const)("%s: %s %s=x is refused as its type", (_kind, version, key, expected) => {
    expect(refusal(version, "yarn", { [key]: "x", ...LAST_CHECK })).toEqual({ where: key, ...expected });
  });

  it("a key removed in 3.0 is not checked on 3.5: spark.storage.safetyFraction=x passes to the next check", () => {
    expect(refusal("3.5.1", "yarn", { "spark.storage.safetyFraction": "x", ...LAST_CHECK })).toEqual(
      INSTANCES_NEGATIVE,
    );
    expect(refusal("3.5.1", "yarn", { "spark.memory.useLegacyMode": "maybe", ...LAST_CHECK })).toEqual(
      INSTANCES_NEGATIVE,
    );
  });

  it("before 4.3 spark.task.cpus is an int checked in catalog order, ahead of spark.cores.max", () => {
    expect(refusal("3.5.1", "yarn", { "spark.task.cpus": "x", "spark.cores.max": "y" })).toEqual({
      where: "spark.task.cpus",
      problem: '"x" is not a whole number up to 2147483647',
      sparkMessage: TYPE("spark.task.cpus", "int", "x"),
    });
    expect(refusal("4.2.0", "yarn", { "spark.task.cpus": "1.5" })).toMatchObject({
      where: "spark.task.cpus",
      problem: '"1.5" is not a whole number up to 2147483647',
    });
  });

  it("from 4.3 spark.task.cpus is left to its own (later) check, so spark.cores.max=y is reported first", () => {
    expect(refusal("4.3.0", "yarn", { "spark.task.cpus": "x", "spark.cores.max": "y" })).toMatchObject({
      where: "spark.cores.max",
      problem: '"y" is not a whole number up to 2147483647',
    });
  });
});

describe("spark.task.cpus from 4.3: a decimal in [1E-9, 2147483647] with at most 9 decimals", () => {
  const cpus = (v: string, cores = "1") =>
    layoutOf({
      sparkVersion: "4.3.0",
      master: "yarn",
      conf: { "spark.task.cpus": v, "spark.executor.cores": cores },
    }).executor;

  it.each(["0", "0.000000000", "2147483648", "9999999999.5"])("%s is refused with Spark's text", (v) => {
    expect(refusal("4.3.0", "yarn", { "spark.task.cpus": v })).toEqual({
      where: "spark.task.cpus",
      problem: `"${v}" is not a valid number of cpus per task`,
      sparkMessage: REQ(v, "spark.task.cpus", CPUS_RANGE),
    });
  });

  it("2147483647 (the upper bound, inclusive) is accepted: no slot on 1 core, with the task-cpus error", () => {
    const l = layoutOf({ sparkVersion: "4.3.0", master: "yarn", conf: { "spark.task.cpus": "2147483647" } });
    expect(l.executor?.taskSlots).toBe(0);
    expect(l.errors.map((e) => e.message)).toEqual([
      "The number of cores per executor (=1) has to be >= the number of cpus per task = 2147483647.",
    ]);
  });

  it("1E-9 (the lower bound) and leading-dot or multi-digit decimals are accepted: ⌊cores / cpus⌋ slots", () => {
    expect(refusal("4.3.0", "yarn", { "spark.task.cpus": "0.000000001" })).toBe("accepted");
    expect(cpus(".5")?.taskSlots).toBe(2); // ⌊1 / 0.5⌋
    expect(cpus("12.5", "25")?.taskSlots).toBe(2); // ⌊25 / 12.5⌋
    expect(cpus("10", "25")?.taskSlots).toBe(2);
  });

  it("the value is trimmed first, as Spark's s.trim: ' 0.5 ' on 3 cores is 6 slots", () => {
    expect(refusal("4.3.0", "yarn", { "spark.task.cpus": " 0.5 " })).toBe("accepted");
    expect(cpus(" 0.5 ", "3")?.taskSlots).toBe(6);
  });
});

describe("before 4.3 spark.task.cpus is read as a Java int (java.lang.String.trim strips control characters)", () => {
  it("'\\u00012' on 4 cores: 2 cpus per task, 2 slots, no error", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.task.cpus": "\u00012", "spark.executor.cores": "4" },
    });
    expect(l.executor?.taskSlots).toBe(2);
    expect(l.errors).toEqual([]);
  });
});

describe("range checks on the version boundaries the existing rows leave open", () => {
  it("4.1 renders a negative off-heap size in bytes with the b suffix, as INVALID_CONF_VALUE.REQUIREMENT", () => {
    expect(refusal("4.1.0", "yarn", { "spark.memory.offHeap.size": "-1" })).toEqual({
      where: "spark.memory.offHeap.size",
      problem: "is negative",
      sparkMessage: REQ("-1b", "spark.memory.offHeap.size", "The off-heap memory size must not be negative"),
    });
  });

  it("before 3.3 a negative spark.kubernetes.memoryOverheadFactor is outside [0, 1)", () => {
    expect(refusal("3.2.4", K8S, { "spark.kubernetes.memoryOverheadFactor": "-0.1" })).toEqual({
      where: "spark.kubernetes.memoryOverheadFactor",
      problem: "-0.1 is out of range",
      sparkMessage:
        "'-0.1' in spark.kubernetes.memoryOverheadFactor is invalid. Ensure that memory overhead is a double between 0 --> 1.0",
    });
    expect(refusal("3.2.4", K8S, { "spark.kubernetes.memoryOverheadFactor": "0" })).toBe("accepted");
  });
});

describe("per-task execution memory with several task slots (ExecutionMemoryPool.acquireMemory)", () => {
  it("3.5.1 unified, 4g and 4 cores: max = ⌊unified / 4⌋, min = ⌊execution region / 8⌋", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.executor.memory": "4g", "spark.executor.cores": "4" },
    });
    // UnifiedMemoryManager.scala: usable = 4294967296 − 300 MiB = 3980394496; unified = ⌊usable × 0.6⌋
    expect(e.unifiedBytes).toBe(2388236697);
    expect(e.executionRegionBytes).toBe(1194118349); // unified − ⌊unified × 0.5⌋
    expect(e.taskSlots).toBe(4);
    expect(e.perTaskExecutionMaxBytes).toBe(597059174); // ⌊2388236697 / 4⌋
    expect(e.perTaskExecutionMinBytes).toBe(149264793); // ⌊1194118349 / 8⌋
  });

  it("3.5.1 off-heap 1g, 4 cores: Tungsten's off-heap pool, max = ⌊1 GiB / 4⌋, min = ⌊off-heap execution / 8⌋", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: {
        "spark.executor.memory": "4g",
        "spark.executor.cores": "4",
        "spark.memory.offHeap.enabled": "true",
        "spark.memory.offHeap.size": "1g",
      },
    });
    expect(e.offHeapExecutionRegionBytes).toBe(GiB / 2); // 1 GiB − ⌊1 GiB × 0.5⌋
    expect(e.perTaskExecutionMaxBytes).toBe(268435456); // ⌊1073741824 / 4⌋
    expect(e.perTaskExecutionMinBytes).toBe(67108864); // ⌊536870912 / 8⌋
  });

  it("2.4.8 legacy StaticMemoryManager, 4g and 2 cores: the fixed execution pool / 2 and / 4", () => {
    const e = executorOf({
      sparkVersion: "2.4.8",
      master: "yarn",
      conf: {
        "spark.memory.useLegacyMode": "true",
        "spark.executor.memory": "4g",
        "spark.executor.cores": "2",
      },
    });
    // StaticMemoryManager.scala: ⌊3817865216 × spark.shuffle.memoryFraction 0.2 × safetyFraction 0.8⌋
    expect(e.memoryManager).toBe("static");
    expect(e.executionRegionBytes).toBe(610858434);
    expect(e.taskSlots).toBe(2);
    expect(e.perTaskExecutionMaxBytes).toBe(305429217); // ⌊610858434 / 2⌋
    expect(e.perTaskExecutionMinBytes).toBe(152714608); // ⌊610858434 / 4⌋
  });

  it("2.4.8 legacy StaticMemoryManager with 1g off-heap: Tungsten runs off-heap, on the whole 1 GiB pool", () => {
    // StaticMemoryManager.scala moves all off-heap memory into the off-heap execution pool (it has no
    // off-heap storage); MemoryManager.tungstenMemoryMode is OFF_HEAP for both managers
    const e = executorOf({
      sparkVersion: "2.4.8",
      master: "yarn",
      conf: {
        "spark.memory.useLegacyMode": "true",
        "spark.memory.offHeap.enabled": "true",
        "spark.memory.offHeap.size": "1g",
        "spark.executor.memory": "4g",
        "spark.executor.cores": "2",
      },
    });
    expect(e.offHeapExecutionRegionBytes).toBe(GiB);
    expect(e.perTaskExecutionMaxBytes).toBe(536870912); // ⌊1073741824 / 2⌋
    expect(e.perTaskExecutionMinBytes).toBe(268435456); // ⌊1073741824 / 4⌋
  });
});
