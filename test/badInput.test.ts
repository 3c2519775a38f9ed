import { describe, expect, it } from "vitest";
import { SparkmemError } from "../src/conf/errors.js";
import { type ExplainInput, explain } from "../src/model/explain.js";
import { layoutOf } from "./helpers.js";

function failure(input: ExplainInput): SparkmemError {
  try {
    explain({ hostCores: 4, ...input });
  } catch (e) {
    if (e instanceof SparkmemError) return e;
    throw e;
  }
  throw new Error("expected a SparkmemError");
}

describe("bad values are refused with the key, what was expected, and Spark's own words", () => {
  it("unknown unit", () => {
    const e = failure({ sparkVersion: "3.5.1", master: "yarn", conf: { "spark.executor.memory": "4x" } });
    expect(e.where).toBe("spark.executor.memory");
    expect(e.oneLine()).toContain(
      'spark.executor.memory: "4x" is not a size; expected a whole number with an optional unit',
    );
    expect(e.sparkMessage).toContain('Invalid suffix: "x"');
    expect(
      failure({ sparkVersion: "4.3.0", master: "yarn", conf: { "spark.executor.memory": "4x" } })
        .sparkMessage,
    ).toBe(
      `[INVALID_CONF_VALUE.TYPE_MISMATCH] The value '4x' in the config "spark.executor.memory" is invalid. It should be a/an 'bytes in MiB' value. SQLSTATE: 22022`,
    );
  });
  it("4.1+ words type errors as INVALID_CONF_VALUE", () => {
    const e = failure({ sparkVersion: "4.1.1", master: "yarn", conf: { "spark.memory.fraction": "abc" } });
    expect(e.sparkMessage).toBe(
      `[INVALID_CONF_VALUE.TYPE_MISMATCH] The value 'abc' in the config "spark.memory.fraction" is invalid. It should be a/an 'double' value. SQLSTATE: 22022`,
    );
    expect(failure({ sparkVersion: "4.0.0", conf: { "spark.memory.fraction": "abc" } }).sparkMessage).toBe(
      "spark.memory.fraction should be double, but was abc",
    );
  });
  it("negative sizes", () => {
    expect(failure({ master: "yarn", conf: { "spark.executor.memory": "-2g" } }).oneLine()).toMatch(
      /spark\.executor\.memory: -2048 MiB is negative/,
    );
    const off = failure({ sparkVersion: "3.5.1", conf: { "spark.memory.offHeap.size": "-1" } });
    expect(off.sparkMessage).toBe(
      "'-1' in spark.memory.offHeap.size is invalid. The off-heap memory size must not be negative",
    );
  });
  it("fraction 1.5", () => {
    const e = failure({ conf: { "spark.memory.fraction": "1.5" } });
    expect(e.where).toBe("spark.memory.fraction");
    expect(e.sparkMessage).toBe("spark.memory.fraction should be between 0 and 1 (was '1.5').");
  });
  it("storage fraction 1.0 from 3.0", () => {
    expect(
      layoutOf({ sparkVersion: "2.4.8", conf: { "spark.memory.storageFraction": "1.0" } }).errors,
    ).toEqual([]);
    const first = (v: string) =>
      layoutOf({ sparkVersion: v, conf: { "spark.memory.storageFraction": "1.0" } }).errors.map((e) => [
        e.code,
        e.message,
      ])[0];
    // checkValue names the key from 3.2 (Spark 3.0.3 and 3.1.3 answered the oracle with the bare text)
    expect(first("3.0.0")).toEqual(["storage-fraction-range", "Storage fraction must be in [0,1)"]);
    expect(first("3.2.0")).toEqual([
      "storage-fraction-range",
      "'1.0' in spark.memory.storageFraction is invalid. Storage fraction must be in [0,1)",
    ]);
  });
  it("an empty execution region is refused from 3.0 (MemoryManager's require; oracle)", () => {
    const messages = (v: string) =>
      layoutOf({ sparkVersion: v, conf: { "spark.memory.fraction": "0" } }).errors.map((e) => e.message);
    expect(messages("3.0.0")).toContain("requirement failed: onHeapExecutionMemory must be > 0");
    expect(messages("2.4.8")).toEqual([]);
  });
  it("storage fraction 1.0 is checked after the minimum memory, as UnifiedMemoryManager.apply does (oracle)", () => {
    // Spark 3.5.9 answered INVALID_EXECUTOR_MEMORY for this configuration, not the fraction.
    const codes = layoutOf({
      sparkVersion: "3.5.9",
      master: "yarn",
      conf: { "spark.executor.memory": "257", "spark.memory.storageFraction": "1" },
    }).errors.map((e) => e.code);
    expect(codes.indexOf("min-executor-memory")).toBeGreaterThanOrEqual(0);
    expect(codes.indexOf("min-executor-memory")).toBeLessThan(codes.indexOf("storage-fraction-range"));
  });
  it("names the file and line a value came from", () => {
    const conf = {
      entries: new Map([
        [
          "spark.executor.cores",
          {
            key: "spark.executor.cores",
            value: "four",
            origin: { kind: "spark-defaults" as const, file: "spark-defaults.conf", line: 7 },
          },
        ],
      ]),
    };
    expect(failure({ master: "yarn", conf }).where).toBe("spark.executor.cores in spark-defaults.conf:7");
  });
  it("unsupported version, deploy mode, java version", () => {
    expect(failure({ sparkVersion: "1.6.3" }).oneLine()).toMatch(
      /--spark-version: Spark 1\.6 is not modelled/,
    );
    expect(failure({ deployMode: "clustr" }).sparkMessage).toBe(
      "Deploy mode must be either client or cluster",
    );
    expect(failure({ javaVersion: 7 }).where).toBe("--java-version");
  });
});

describe("settings Spark refuses at start-up come back as errors with Spark's text", () => {
  it("off-heap enabled with no size", () => {
    const l = layoutOf({ master: "yarn", conf: { "spark.memory.offHeap.enabled": "true" } });
    expect(l.errors.map((e) => e.message)).toContain(
      "requirement failed: spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true",
    );
  });
  it("off-heap under 1 MiB cannot size a 4.3 container", () => {
    const l = layoutOf({
      sparkVersion: "4.3.0",
      master: "yarn",
      conf: { "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "512k" },
    });
    expect(l.errors.map((e) => e.message)).toContain(
      "requirement failed: spark.memory.offHeap.size must be at least 1MiB when spark.memory.offHeap.enabled == true",
    );
  });
  it("heap below the minimum, per version", () => {
    const at = (v: string) =>
      layoutOf({ sparkVersion: v, master: "local[2]", gc: "G1", conf: { "spark.driver.memory": "400m" } })
        .errors[0]?.message;
    expect(at("2.4.8")).toBe(
      "System memory 419430400 must be at least 471859200. Please increase heap size using the --driver-memory option or spark.driver.memory in Spark configuration.",
    );
    expect(at("3.5.1")).toBe(
      '[INVALID_DRIVER_MEMORY] System memory 419430400 must be at least 471859200. Please increase heap size using the --driver-memory option or "spark.driver.memory" in Spark configuration.',
    );
    expect(at("4.0.0")).toBe(
      '[INVALID_DRIVER_MEMORY] System memory 419430400 must be at least 471859200.\nPlease increase heap size using the --driver-memory option or "spark.driver.memory" in Spark configuration. SQLSTATE: F0000',
    );
    expect(at("4.3.0")).toMatch(
      /^\[INVALID_DRIVER_MEMORY\.SYSTEM_MEMORY\] Insufficient driver memory: System memory 419430400/,
    );
  });
  it("an executor's own small heap prints the driver text until 4.2 and its own from 4.3", () => {
    const conf = { "spark.executor.memory": "460m" }; // passes the 450m config check, Parallel heap is below
    const msg = (v: string) =>
      layoutOf({ sparkVersion: v, master: "yarn", gc: "Parallel", conf }).errors.find(
        (e) => e.process === "executor",
      )?.message;
    expect(msg("4.2.1")).toMatch(/^\[INVALID_DRIVER_MEMORY\] System memory/);
    expect(msg("4.3.0")).toMatch(
      /^\[INVALID_EXECUTOR_MEMORY\.SYSTEM_MEMORY\] Insufficient executor memory: System memory \d+ must be at least 471859200/,
    );
  });
  it("a suffix-less spark.executor.memory fails the check that reads it as bytes", () => {
    const l = layoutOf({ sparkVersion: "3.4.1", master: "yarn", conf: { "spark.executor.memory": "4096" } });
    expect(l.executor?.heapBytes).toBe(4096 * 1048576); // YARN sizes 4096 MiB…
    expect(l.errors[0]?.message).toBe(
      "Executor memory 4096 must be at least 471859200. Please increase executor memory using the --executor-memory option or spark.executor.memory in Spark configuration.",
    );
  });
  it("a client driver memory the JVM cannot parse", () => {
    const l = layoutOf({ master: "yarn", conf: { "spark.driver.memory": "2gb" } });
    expect(l.errors[0]?.message).toBe(
      "Invalid maximum heap size: -Xmx2gb\nError: Could not create the Java Virtual Machine.",
    );
  });
  it("YARN maximum allocation exceeded", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.executor.memory": "8g", "yarn.scheduler.maximum-allocation-mb": "8192" },
    });
    expect(l.errors.map((e) => e.message)).toContain(
      "Required executor memory (8192 MB), offHeap memory (0) MB, overhead (819 MB), and PySpark memory (0 MB) is above the max threshold (8192 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.",
    );
  });
  it("task cpus above executor cores (3.0+ text)", () => {
    const l = layoutOf({ master: "yarn", conf: { "spark.task.cpus": "2" } });
    expect(l.errors[0]?.message).toBe(
      "The number of cores per executor (=1) has to be >= the number of cpus per task = 2.",
    );
  });
  it("-Xmx in extraJavaOptions", () => {
    const l = layoutOf({
      master: "yarn",
      conf: { "spark.executor.extraJavaOptions": "-Xmx4g -XX:+UseG1GC" },
    });
    expect(l.errors[0]?.message).toBe(
      "spark.executor.extraJavaOptions is not allowed to specify max heap memory settings (was '-Xmx4g -XX:+UseG1GC'). Use spark.executor.memory instead.",
    );
  });
});
