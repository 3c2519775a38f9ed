import { describe, expect, it } from "vitest";
import type { StartupError } from "../src/model/context.js";
import { layoutOf, MiB } from "./helpers.js";

/**
 * How each JVM's -Xmx is written (src/model/heap.ts, spec §2.4), and what the JVM makes of it:
 * - the launcher (client-mode and local drivers, Kubernetes drivers, Kubernetes executors before 3.1) passes
 *   spark.*.memory to the JVM as written, and HotSpot reads a bare number as BYTES and refuses "b" suffixes;
 * - YARN (and Kubernetes executors from 3.1) read the config entry in MiB and write -Xmx<MiB>m;
 * - standalone (executors, and drivers in cluster mode) go through Utils.memoryStringToMb, where a bare
 *   number is BYTES, and write -Xmx<MB>M.
 * HotSpot refuses a heap below 2 MiB with "Too small maximum heap".
 */
const STANDALONE = "spark://h:7077";
const K8S = "k8s://https://k:443";
const LAUNCHER = "launcher/src/main/java/org/apache/spark/launcher/SparkSubmitCommandBuilder.java";
const SPARK_CONTEXT = "core/src/main/scala/org/apache/spark/SparkContext.scala";
const TOO_SMALL = "Error occurred during initialization of VM\nToo small maximum heap";

const heapErrors = (errors: StartupError[]) => errors.filter((e) => e.code === "invalid-heap-size");
const standaloneExecutor = (memory: string) => {
  const l = layoutOf({
    sparkVersion: "3.5.1",
    master: STANDALONE,
    conf: { "spark.executor.memory": memory, "spark.executor.cores": "2" },
  });
  if (!l.executor) throw new Error("no executor in a standalone layout");
  return { e: l.executor, errors: heapErrors(l.errors) };
};

describe("which rule writes the driver's -Xmx", () => {
  it("local mode passes spark.driver.memory as written, even with --deploy-mode cluster (which spark-submit refuses)", () => {
    const l = layoutOf({ master: "local[2]", deployMode: "cluster", conf: { "spark.driver.memory": "1g" } });
    expect(l.driver.jvm.xmx).toBe("-Xmx1g");
    expect(l.driver.heapBytes).toBe(1024 * MiB);
    expect(l.errors.map((e) => e.code)).toEqual(["cluster-mode-local"]);
  });
  it("a standalone cluster-mode driver gets DriverRunner's -Xmx<MB>M from Utils.memoryStringToMb", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: STANDALONE,
      deployMode: "cluster",
      conf: { "spark.driver.memory": "1g" },
    });
    expect(l.driver.jvm.xmx).toBe("-Xmx1024M");
    expect(l.driver.derivation.heapBytes).toEqual({
      formula: "Utils.memoryStringToMb(1g) = 1024 MB → -Xmx1024M",
      source: SPARK_CONTEXT,
    });
  });
  it("a Kubernetes cluster-mode driver runs spark-submit again inside the pod: the string as written", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: K8S,
      deployMode: "cluster",
      conf: { "spark.driver.memory": "1g" },
    });
    expect(l.driver.jvm.xmx).toBe("-Xmx1g");
    expect(l.driver.derivation.heapBytes).toEqual({
      formula: "spark.driver.memory = 1g is passed to the JVM as written: -Xmx1g = 1073741824 bytes",
      source: LAUNCHER,
    });
  });
  it("a YARN cluster-mode driver's heap comes from Client.scala's MiB entry, the executor's from ResourceProfile", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      deployMode: "cluster",
      conf: { "spark.driver.memory": "2g" },
    });
    expect(l.driver.jvm.xmx).toBe("-Xmx2048m");
    expect(l.driver.derivation.heapBytes).toEqual({
      formula: "spark.driver.memory = 2g → 2048 MiB (a bare number means MiB) → -Xmx2048m",
      source: "resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/Client.scala",
    });
    expect(l.executor?.derivation.heapBytes).toEqual({
      formula: "spark.executor.memory (default) = 1g → 1024 MiB (a bare number means MiB) → -Xmx1024m",
      source: "core/src/main/scala/org/apache/spark/resource/ResourceProfile.scala",
    });
  });
});

describe("standalone: Utils.memoryStringToMb, where a bare number means bytes", () => {
  it("1073741824 bytes is 1024 MB, and --why says the bare number was read as bytes", () => {
    const { e, errors } = standaloneExecutor("1073741824");
    expect(e.jvm.xmx).toBe("-Xmx1024M");
    expect(e.heapBytes).toBe(1024 * MiB);
    expect(e.derivation.heapBytes).toEqual({
      formula: "Utils.memoryStringToMb(1073741824) = 1024 MB (a bare number means BYTES here) → -Xmx1024M",
      source: SPARK_CONTEXT,
    });
    expect(errors).toEqual([]);
  });
  it("Spark trims the value first, so a bare number after a space is bytes too", () => {
    const { e } = standaloneExecutor(" 1073741824");
    expect(e.derivation.heapBytes?.formula).toBe(
      "Utils.memoryStringToMb( 1073741824) = 1024 MB (a bare number means BYTES here) → -Xmx1024M",
    );
  });
  it("with a unit the value is not bytes, and no such note is printed", () => {
    const { e } = standaloneExecutor("4g");
    expect(e.jvm.xmx).toBe("-Xmx4096M");
    expect(e.heapBytes).toBe(4096 * MiB);
    expect(e.derivation.heapBytes).toEqual({
      formula: "Utils.memoryStringToMb(4g) = 4096 MB → -Xmx4096M",
      source: SPARK_CONTEXT,
    });
  });
  it("1m is below HotSpot's 2 MiB minimum: Too small maximum heap", () => {
    const { e, errors } = standaloneExecutor("1m");
    expect(e.jvm.xmx).toBe("-Xmx1M");
    expect(errors).toEqual([
      {
        code: "invalid-heap-size",
        process: "executor",
        key: "spark.executor.memory",
        message: TOO_SMALL,
        hint: "-Xmx1M is below 2 MiB; give spark.executor.memory a unit, e.g. 4g.",
      },
    ]);
  });
  it("2m is exactly HotSpot's minimum: the JVM starts", () => {
    const { e, errors } = standaloneExecutor("2m");
    expect(e.jvm.xmx).toBe("-Xmx2M");
    expect(e.heapBytes).toBe(2 * MiB);
    expect(errors).toEqual([]);
  });
  it("a bare 1000000 is under 1 MB: -Xmx0M, too small", () => {
    const { e, errors } = standaloneExecutor("1000000");
    expect(e.jvm.xmx).toBe("-Xmx0M");
    expect(e.heapBytes).toBe(0);
    expect(e.derivation.heapBytes?.formula).toBe(
      "Utils.memoryStringToMb(1000000) = 0 MB (a bare number means BYTES here) → -Xmx0M",
    );
    expect(errors.map((x) => x.hint)).toEqual([
      "-Xmx0M is below 2 MiB; give spark.executor.memory a unit, e.g. 4g.",
    ]);
  });
  it("a standalone cluster-mode driver of 1m is refused by its JVM as well", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: STANDALONE,
      deployMode: "cluster",
      conf: { "spark.driver.memory": "1m", "spark.executor.cores": "2" },
    });
    expect(heapErrors(l.errors)).toEqual([
      {
        code: "invalid-heap-size",
        process: "driver",
        key: "spark.driver.memory",
        message: TOO_SMALL,
        hint: "-Xmx1M is below 2 MiB; give spark.driver.memory a unit, e.g. 4g.",
      },
    ]);
  });
});

describe("as written: HotSpot parses -Xmx itself", () => {
  const clientDriver = (memory: string) =>
    layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      deployMode: "client",
      conf: { "spark.driver.memory": memory },
    });

  it('"4gb" is a size to Spark but not to the JVM: Invalid maximum heap size', () => {
    const l = clientDriver("4gb");
    expect(l.driver.jvm.xmx).toBe("-Xmx4gb");
    // what Spark's entry reads, for the figures that follow
    expect(l.driver.heapBytes).toBe(4096 * MiB);
    expect(l.driver.derivation.heapBytes).toEqual({
      formula: "spark.driver.memory = 4gb is passed to the JVM as written",
      source: LAUNCHER,
    });
    expect(heapErrors(l.errors)).toEqual([
      {
        code: "invalid-heap-size",
        process: "driver",
        key: "spark.driver.memory",
        message: "Invalid maximum heap size: -Xmx4gb\nError: Could not create the Java Virtual Machine.",
        hint: 'The JVM takes only k, m, g or t suffixes (no "b", no decimals): write spark.driver.memory as e.g. 4g or 4096m.',
      },
    ]);
  });
  it('"100mb": the suggested g figure never drops below 1g', () => {
    const l = clientDriver("100mb");
    expect(heapErrors(l.errors).map((e) => e.hint)).toEqual([
      'The JVM takes only k, m, g or t suffixes (no "b", no decimals): write spark.driver.memory as e.g. 1g or 100m.',
    ]);
  });
  it("a bare number is bytes to the JVM, and --why says so", () => {
    const l = clientDriver("2147483648");
    expect(l.driver.jvm.xmx).toBe("-Xmx2147483648");
    expect(l.driver.heapBytes).toBe(2048 * MiB);
    expect(l.driver.derivation.heapBytes?.formula).toBe(
      "spark.driver.memory = 2147483648 is passed to the JVM as written: -Xmx2147483648 = 2147483648 bytes (a bare number means BYTES to the JVM)",
    );
    expect(heapErrors(l.errors)).toEqual([]);
  });
  it("a bare 1048576 is 1 MiB of heap: Too small maximum heap", () => {
    const l = clientDriver("1048576");
    expect(l.driver.heapBytes).toBe(MiB);
    expect(heapErrors(l.errors)).toEqual([
      {
        code: "invalid-heap-size",
        process: "driver",
        key: "spark.driver.memory",
        message: TOO_SMALL,
        hint: "-Xmx1048576 is below 2 MiB; give spark.driver.memory a unit, e.g. 4g.",
      },
    ]);
  });
  it("a bare 2097152 is exactly 2 MiB: no heap-size error", () => {
    const l = clientDriver("2097152");
    expect(l.driver.heapBytes).toBe(2 * MiB);
    expect(heapErrors(l.errors)).toEqual([]);
  });
});
