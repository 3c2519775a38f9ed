import { describe, expect, it } from "vitest";
import { type Cause, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * invalid-memory-settings, message by message: Spark's and the JVM's start-up refusals (UnifiedMemoryManager,
 * SparkConf.validateSettings, the launcher, HotSpot's argument parser and heap reservation), the process each
 * names, the figures it quotes and the change that gets past it.
 */
const find = (lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = diagnose(lines.join("\n"), opts).causes.find((x) => x.id === "invalid-memory-settings");
  expect(c, lines[0]).toBeDefined();
  return c as Cause;
};
const changes = (c: Cause) => c.changes.map(({ key, from, to, why }) => ({ key, from, to, why }));
const MINIMUM = "at least Spark's 450 MiB minimum heap";
const JVM_SIZE = "a size the JVM reads: whole k, m, g or t";

describe("a heap below Spark's minimum (1.5 × 300 MiB reserved)", () => {
  it("2.0's text prints the minimum as a Double followed by the period: 4.718592E8 is 450 MiB", () => {
    const c = find(
      [
        "java.lang.IllegalArgumentException: System memory 259522560 must be at least 4.718592E8. Please increase heap size using the --driver-memory option or spark.driver.memory in Spark configuration.",
      ],
      { conf: { "spark.driver.memory": "256m" } },
    );
    expect(c.figures).toEqual({ heapBytes: 259522560, minimumBytes: 471859200 });
    expect(c.title).toBe("The driver's memory (247.5 MiB) is below Spark's minimum of 450 MiB");
    expect(c.process).toBe("driver");
    expect(c.confidence).toBe(0.95);
    expect(changes(c)).toEqual([{ key: "spark.driver.memory", from: "256m", to: "1g", why: MINIMUM }]);
  });
  it("3.5's INVALID_EXECUTOR_MEMORY is the executor's, whatever process printed it", () => {
    const c = find(
      [
        'Exception in thread "main" org.apache.spark.SparkIllegalArgumentException: [INVALID_EXECUTOR_MEMORY] Executor memory 463470592 must be at least 471859200. Please increase executor memory using the --executor-memory option or "spark.executor.memory" in Spark configuration.',
      ],
      { conf: { "spark.executor.memory": "442m" } },
    );
    expect(c.process).toBe("executor");
    expect(c.title).toBe("The executor's memory (442 MiB) is below Spark's minimum of 450 MiB");
    expect(changes(c)).toEqual([{ key: "spark.executor.memory", from: "442m", to: "1g", why: MINIMUM }]);
  });
  it("a bare executor memory is bytes to that check: 1024 becomes 1024m, the same size with its unit; 449 becomes 1g", () => {
    const line = "[INVALID_EXECUTOR_MEMORY] Executor memory 1024 must be at least 471859200.";
    const to = (value: string) => changes(find([line], { conf: { "spark.executor.memory": value } }))[0];
    expect(to(" 1024 ")).toEqual({
      key: "spark.executor.memory",
      from: " 1024 ",
      to: "1024m",
      why: "the same size, with its unit",
    });
    expect(to("450")?.to).toBe("450m");
    expect(to("449")).toEqual({ key: "spark.executor.memory", from: "449", to: "1g", why: MINIMUM });
    expect(to("300m")).toEqual({ key: "spark.executor.memory", from: "300m", to: "1g", why: MINIMUM });
    expect(changes(find([line]))).toEqual([
      { key: "spark.executor.memory", from: null, to: "1g", why: MINIMUM },
    ]);
  });
  it("two refusals in one log: both changes, once each, in the order they appear", () => {
    const c = find(
      [
        "java.lang.IllegalArgumentException: System memory 259522560 must be at least 471859200.",
        "java.lang.IllegalArgumentException: System memory 259522560 must be at least 471859200.",
        "java.lang.IllegalArgumentException: spark.memory.fraction should be between 0 and 1 (was '2').",
      ],
      { conf: { "spark.driver.memory": "256m", "spark.memory.fraction": "2" } },
    );
    expect(changes(c).map((x) => [x.key, x.to])).toEqual([
      ["spark.driver.memory", "1g"],
      ["spark.memory.fraction", "0.6"],
    ]);
    // the same line twice is one piece of evidence
    expect(c.evidence).toHaveLength(2);
  });
});

describe("a size the JVM cannot parse (HotSpot: only whole k, m, g, t)", () => {
  const TITLE = /^The JVM cannot parse the heap size: it accepts only k, m, g and t/;
  it("-Xmx4.5g set as spark.driver.memory: 4608m, and the message's value as `from`", () => {
    const c = find(
      ["Invalid maximum heap size: -Xmx4.5g", "Error: Could not create the Java Virtual Machine."],
      {
        conf: { "spark.driver.memory": "4.5g" },
      },
    );
    expect(c.title).toMatch(TITLE);
    expect(c.figures).toEqual({});
    expect(changes(c)).toEqual([{ key: "spark.driver.memory", from: "4.5g", to: "4608m", why: JVM_SIZE }]);
  });
  it("the key whose value the message quotes: -Xms4gb from spark.executor.memory is 4g; the AM's 4.5g", () => {
    expect(
      changes(find(["Invalid initial heap size: -Xms4gb"], { conf: { "spark.executor.memory": "4gb" } })),
    ).toEqual([{ key: "spark.executor.memory", from: "4gb", to: "4g", why: JVM_SIZE }]);
    expect(
      changes(find(["Invalid maximum heap size: -Xmx4.5g"], { conf: { "spark.yarn.am.memory": " 4.5g" } }))[0]
        ?.key,
    ).toBe("spark.yarn.am.memory");
  });
  it("with no configuration, the process's memory key and the quoted value; sizes in t, k and bare numbers", () => {
    const fix = (v: string) => changes(find([`Invalid maximum heap size: -Xmx${v}`]))[0];
    expect(fix("1.5t")).toEqual({ key: "spark.driver.memory", from: "1.5t", to: "1572864m", why: JVM_SIZE });
    expect(fix("2048.0")?.to).toBe("2048m");
    expect(fix("512.5K")?.to).toBe("1m");
    expect(fix("1.5k")).toBeUndefined();
    expect(fix("lots")).toBeUndefined();
    const executor = find([
      // `yarn logs`: container 000002 is an executor (000001 is the AM)
      "Container: container_e12_1330511445220_0529_01_000002 on n1_45454",
      "LogType:stderr",
      "Invalid maximum heap size: -Xmx3.5g",
    ]);
    expect(executor.process).toBe("executor");
    expect(changes(executor)[0]?.key).toBe("spark.executor.memory");
  });
});

describe("the JVM cannot reserve the heap, off-heap without a size, a fraction outside 0..1", () => {
  it("reserve: its own title, a heap the JVM can reserve (8g → 1g), and the ulimit/64-bit check added", () => {
    const c = find(
      [
        "Error occurred during initialization of VM",
        "Could not reserve enough space for 8388608KB object heap",
      ],
      {
        conf: { "spark.driver.memory": "8g" },
      },
    );
    expect(c.title).toMatch(/^The JVM could not reserve its heap/);
    expect(c.changes.map((x) => [x.key, x.from, x.to])).toEqual([["spark.driver.memory", "8g", "1g"]]);
    // a heap of 1 GiB or less that could not be reserved: half of it (at least 256m)
    const small = find(["Could not reserve enough space for 1048576KB object heap"]);
    expect(small.changes.map((x) => [x.key, x.to])).toEqual([["spark.driver.memory", "512m"]]);
    expect(c.nextChecks).toHaveLength(2);
    expect(c.nextChecks[1]).toContain("ulimit -v");
    expect(find(["Invalid maximum heap size: -Xmx4.5g"]).nextChecks).toHaveLength(1);
  });
  it("off-heap enabled with no size: disable it", () => {
    const c = find(
      [
        "java.lang.IllegalArgumentException: requirement failed: spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true",
      ],
      { conf: { "spark.memory.offHeap.enabled": "true" } },
    );
    expect(c.title).toBe("Spark refused the memory settings at start-up");
    expect(changes(c)).toEqual([
      {
        key: "spark.memory.offHeap.enabled",
        from: "true",
        to: "false",
        why: "off-heap memory without a size cannot start",
      },
    ]);
  });
  it("each fraction back to its default, from the value Spark quotes; a fraction with no default gets none", () => {
    const fraction = (line: string) => changes(find([line]));
    expect(
      fraction(
        "java.lang.IllegalArgumentException: spark.memory.storageFraction should be between 0 and 1 (was '-0.1').",
      ),
    ).toEqual([
      { key: "spark.memory.storageFraction", from: "-0.1", to: "0.5", why: "a fraction between 0 and 1" },
    ]);
    expect(fraction("spark.memory.fraction should be between 0 and 1 (was '1.5').")[0]).toMatchObject({
      from: "1.5",
      to: "0.6",
    });
    expect(fraction("spark.shuffle.spill.fraction should be between 0 and 1 (was '7').")[0]).toMatchObject({
      key: "spark.shuffle.spill.fraction",
      from: "7",
      to: null,
    });
  });
});

describe("-Xmx in extraJavaOptions: SparkConf's text for the executor, the launcher's for the driver", () => {
  const WHY = "the heap is set by the memory key, not -Xmx";
  it("the executor's options keep everything but the -Xmx", () => {
    const c = find(
      [
        "java.lang.Exception: spark.executor.extraJavaOptions is not allowed to specify max heap memory settings (was '-XX:+UseG1GC -Xmx4g -Xms4g -verbose:gc'). Use spark.executor.memory instead.",
      ],
      { conf: { "spark.executor.extraJavaOptions": "-XX:+UseG1GC -Xmx4g -Xms4g -verbose:gc" } },
    );
    expect(changes(c)).toEqual([
      {
        key: "spark.executor.extraJavaOptions",
        from: "-XX:+UseG1GC -Xmx4g -Xms4g -verbose:gc",
        to: "-XX:+UseG1GC -verbose:gc",
        why: WHY,
      },
    ]);
  });
  const LAUNCHER =
    "java.lang.IllegalArgumentException: Not allowed to specify max heap(Xmx) memory settings through java options (was -Xmx2g). Use the corresponding --driver-memory or spark.driver.memory configuration instead.";
  it("the launcher's text names no key: the driver's options, removed when -Xmx was all", () => {
    expect(changes(find([LAUNCHER], { conf: { "spark.driver.extraJavaOptions": "-Xmx2g" } }))).toEqual([
      { key: "spark.driver.extraJavaOptions", from: "-Xmx2g", to: null, why: WHY },
    ]);
    expect(find([LAUNCHER]).changes).toEqual([]);
  });
});

describe("what is not this cause", () => {
  it("a heap OOM, the word 'System memory' without the check's figures", () => {
    const ids = (lines: string[]) => diagnose(lines.join("\n")).causes.map((c) => c.id);
    expect(ids(["java.lang.OutOfMemoryError: Java heap space"])).not.toContain("invalid-memory-settings");
    expect(ids(["System memory is low on this host"])).not.toContain("invalid-memory-settings");
    expect(ids(["Invalid maximum heap size"])).not.toContain("invalid-memory-settings");
  });
});
