import { describe, expect, it } from "vitest";
import type { StartupError } from "../src/model/context.js";
import { buildContext } from "../src/model/explain.js";
import { toConf } from "../src/model/index.js";
import { javaDoubleString } from "../src/model/messages.js";
import { GiB, layoutOf } from "./helpers.js";
import { errorOf } from "./support/errors.js";

/**
 * The checks spark-submit and the launcher make before any JVM sizes memory (src/model/layout.ts), the
 * input explain() accepts (src/model/explain.ts), and Spark's start-up texts (src/model/messages.ts).
 */
const STANDALONE = "spark://h:7077";
const K8S = "k8s://https://k:6443";
const codes = (errors: StartupError[]) => errors.map((e) => e.code);
const refusal = (f: () => unknown) => {
  const { where, problem, expected, sparkMessage } = errorOf(f);
  return { where, problem, expected, sparkMessage };
};

describe("submit checks (core/src/main/scala/org/apache/spark/deploy/SparkSubmit.scala)", () => {
  it("a local master in cluster mode: refused at submit on spark.submit.deployMode, in Spark's words", () => {
    const l = layoutOf({ sparkVersion: "3.5.1", master: "local[2]", deployMode: "cluster" });
    expect(l.errors).toEqual([
      {
        code: "cluster-mode-local",
        process: "submit",
        key: "spark.submit.deployMode",
        message: 'Cluster deploy mode is not compatible with master "local"',
        hint: "Use --deploy-mode client with a local master.",
      },
    ]);
    expect(layoutOf({ sparkVersion: "3.5.1", master: "local[2]", deployMode: "client" }).errors).toEqual([]);
  });

  it("a Python app in cluster mode on standalone: refused at submit", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: STANDALONE,
      deployMode: "cluster",
      appType: "python",
    });
    expect(l.clusterManager).toBe("standalone");
    expect(l.errors).toEqual([
      {
        code: "python-standalone-cluster",
        process: "submit",
        key: "spark.submit.deployMode",
        message:
          "Cluster deploy mode is currently not supported for python applications on standalone clusters.",
        hint: "Use --deploy-mode client on standalone for Python apps.",
      },
    ]);
  });

  it("the Python refusal needs all three: standalone, cluster mode and a Python app", () => {
    const conf = { "spark.executor.cores": "2" };
    const at = (master: string, deployMode: string, appType: "python" | "jvm" | "r") =>
      codes(layoutOf({ sparkVersion: "3.5.1", master, deployMode, appType, conf }).errors);
    expect(at(STANDALONE, "cluster", "python")).toEqual(["python-standalone-cluster"]);
    expect(at(STANDALONE, "cluster", "jvm")).toEqual([]);
    expect(at(STANDALONE, "cluster", "r")).toEqual([]);
    expect(at(STANDALONE, "client", "python")).toEqual([]);
    expect(at("yarn", "cluster", "python")).toEqual([]);
    expect(at(K8S, "cluster", "python")).toEqual([]);
    expect(at("yarn", "client", "jvm")).toEqual([]);
  });

  it("-Xmx in either JVM's Java options: SparkConf.validateSettings (executor), the launcher (driver)", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: {
        "spark.executor.extraJavaOptions": "-XX:+UseG1GC -Xmx2g",
        "spark.driver.extraJavaOptions": "-Xmx1g",
      },
    });
    expect(l.errors).toEqual([
      {
        code: "xmx-in-java-options",
        process: "executor",
        key: "spark.executor.extraJavaOptions",
        message:
          "spark.executor.extraJavaOptions is not allowed to specify max heap memory settings (was '-XX:+UseG1GC -Xmx2g'). Use spark.executor.memory instead.",
        hint: "Remove -Xmx from spark.executor.extraJavaOptions and set spark.executor.memory.",
      },
      {
        code: "xmx-in-java-options",
        process: "driver",
        key: "spark.driver.extraJavaOptions",
        // launcher/src/main/java/org/apache/spark/launcher/SparkSubmitCommandBuilder.java
        message:
          "Not allowed to specify max heap(Xmx) memory settings through java options (was -Xmx1g). Use the corresponding --driver-memory or spark.driver.memory configuration instead.",
        hint: "Remove -Xmx from spark.driver.extraJavaOptions and set spark.driver.memory.",
      },
    ]);
  });

  it("a refusal both JVMs' memory managers make is listed once", () => {
    // MemoryManager: require(offHeapSize > 0) in the driver and in every executor; one line for the user
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.memory.offHeap.enabled": "true" },
    });
    expect(l.errors.map((e) => e.message)).toEqual([
      "requirement failed: spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true",
    ]);
    expect(l.errors[0]?.code).toBe("offheap-size-zero");
  });
});

describe("explain's input", () => {
  it("a plain map becomes a conf of JSON-origin entries, even with a key named 'entries'", () => {
    const c = toConf({ entries: "x", "spark.executor.memory": "2g", "spark.executor.cores": 4 });
    expect(c.entries).toBeInstanceOf(Map);
    expect([...c.entries.values()]).toEqual([
      { key: "entries", value: "x", origin: { kind: "json" } },
      { key: "spark.executor.memory", value: "2g", origin: { kind: "json" } },
      { key: "spark.executor.cores", value: "4", origin: { kind: "json" } },
    ]);
    expect(toConf(c)).toBe(c);
    expect([...toConf(undefined).entries]).toEqual([]);
  });

  it("the app type: stated, else the Kubernetes resource type, else spark.yarn.isPython, else JVM", () => {
    const app = (conf: Record<string, string>, master = "yarn") =>
      layoutOf({ sparkVersion: "3.5.1", master, conf }).appType;
    expect(app({ "spark.kubernetes.resource.type": "r" }, K8S)).toBe("r");
    expect(app({ "spark.kubernetes.resource.type": "python" }, K8S)).toBe("python");
    expect(app({ "spark.kubernetes.resource.type": "java" }, K8S)).toBe("jvm");
    expect(app({ "spark.yarn.isPython": "true" })).toBe("python");
    expect(app({ "spark.yarn.isPython": "false" })).toBe("jvm");
    expect(app({})).toBe("jvm");
    expect(
      layoutOf({
        sparkVersion: "3.5.1",
        master: "yarn",
        appType: "r",
        conf: { "spark.yarn.isPython": "true" },
      }).appType,
    ).toBe("r");
  });

  it("the deploy mode defaults to client; anything but client or cluster is refused where it was given", () => {
    expect(layoutOf({ sparkVersion: "3.5.1", master: "yarn" }).deployMode).toBe("client");
    // SparkSubmitArguments.validateSubmitArguments
    const spark = "Deploy mode must be either client or cluster";
    expect(refusal(() => layoutOf({ sparkVersion: "3.5.1", master: "yarn", deployMode: "both" }))).toEqual({
      where: "--deploy-mode",
      problem: '"both" is not a deploy mode',
      expected: "client or cluster",
      sparkMessage: spark,
    });
    expect(
      refusal(() =>
        layoutOf({ sparkVersion: "3.5.1", master: "yarn", conf: { "spark.submit.deployMode": "both" } }),
      ),
    ).toEqual({
      where: "spark.submit.deployMode",
      problem: '"both" is not a deploy mode',
      expected: "client or cluster",
      sparkMessage: spark,
    });
  });

  it("a bad master is refused on the flag or the key it came from", () => {
    expect(errorOf(() => layoutOf({ sparkVersion: "3.5.1", master: "mesos2://x" })).where).toBe("--master");
    expect(
      errorOf(() => layoutOf({ sparkVersion: "3.5.1", conf: { "spark.master": "mesos2://x" } })).where,
    ).toBe("spark.master");
  });

  it("Java versions 8 to 30 are accepted, others refused", () => {
    const java = (javaVersion: number) => layoutOf({ sparkVersion: "3.5.1", master: "yarn", javaVersion });
    expect(() => java(8)).not.toThrow();
    expect(() => java(30)).not.toThrow();
    for (const [v, text] of [
      [31, "31"],
      [7, "7"],
      [17.5, "17.5"],
    ] as const) {
      expect(refusal(() => java(v))).toEqual({
        where: "--java-version",
        problem: `${text} is not a Java version`,
        expected: "8, 11, 17, 21 or 25",
        sparkMessage: undefined,
      });
    }
  });

  it("the host's cores and memory must be positive whole numbers; 1 is enough", () => {
    const host = (hostCores: number, hostMemoryBytes: number) =>
      buildContext({ sparkVersion: "3.5.1", master: "yarn", hostCores, hostMemoryBytes });
    const ctx = host(1, 1);
    expect([ctx.hostCores, ctx.hostMemoryBytes]).toEqual([1, 1]);
    expect(host(8, 32 * GiB).hostMemoryBytes).toBe(32 * GiB);
    const ctxNone = buildContext({ sparkVersion: "3.5.1", master: "yarn" });
    expect([ctxNone.hostCores, ctxNone.hostMemoryBytes]).toEqual([null, null]);
    const cases: [number, number, string, string][] = [
      [0, GiB, "--host-cores", "0"],
      [-1, GiB, "--host-cores", "-1"],
      [1.5, GiB, "--host-cores", "1.5"],
      [8, 0, "--host-memory", "0"],
      [8, 1.5, "--host-memory", "1.5"],
    ];
    for (const [cores, mem, where, text] of cases) {
      expect(refusal(() => host(cores, mem))).toEqual({
        where,
        problem: `${text} is not a positive whole number`,
        expected: "a positive whole number",
        sparkMessage: undefined,
      });
    }
  });
});

describe("Spark's start-up texts per version", () => {
  // UnifiedMemoryManager.getMaxMemory: an executor memory below 1.5 × 300 MiB = 471859200 bytes is refused;
  // 400m = 419430400 bytes. Texts: common/utils/src/main/resources/error/error-conditions.json
  const execMin = (sparkVersion: string) =>
    layoutOf({ sparkVersion, master: "yarn", conf: { "spark.executor.memory": "400m" } }).errors.find(
      (e) => e.code === "min-executor-memory",
    )?.message;

  it("too little executor memory: 3.4, 3.5, 4.0 and 4.3 each word it differently", () => {
    expect(execMin("3.4.4")).toBe(
      "Executor memory 419430400 must be at least 471859200. Please increase executor memory using the --executor-memory option or spark.executor.memory in Spark configuration.",
    );
    expect(execMin("3.5.1")).toBe(
      '[INVALID_EXECUTOR_MEMORY] Executor memory 419430400 must be at least 471859200. Please increase executor memory using the --executor-memory option or "spark.executor.memory" in Spark configuration.',
    );
    const v4 =
      '[INVALID_EXECUTOR_MEMORY] Executor memory 419430400 must be at least 471859200.\nPlease increase executor memory using the --executor-memory option or "spark.executor.memory" in Spark configuration. SQLSTATE: F0000';
    expect(execMin("4.0.0")).toBe(v4);
    expect(execMin("4.2.1")).toBe(v4);
    expect(execMin("4.3.0")).toBe(
      '[INVALID_EXECUTOR_MEMORY.CONFIG_MEMORY] Insufficient executor memory: Executor memory 419430400 must be at least 471859200.\nPlease increase executor memory using the --executor-memory option or "spark.executor.memory" in Spark configuration. SQLSTATE: F0000',
    );
  });

  it("an executor above YARN's maximum allocation: 2.4 has no off-heap part, 3.0 has", () => {
    // resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/Client.scala verifyClusterResources;
    // overhead = max(384, floor(0.1 × 4096)) = 409 MiB
    const above = (sparkVersion: string) =>
      layoutOf({
        sparkVersion,
        master: "yarn",
        conf: { "spark.executor.memory": "4g", "yarn.scheduler.maximum-allocation-mb": "4096" },
      }).errors.map((e) => e.message);
    const tail =
      "is above the max threshold (4096 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.";
    expect(above("2.4.8")).toEqual([
      `Required executor memory (4096), overhead (409 MB), and PySpark memory (0 MB) ${tail}`,
    ]);
    expect(above("3.0.3")).toEqual([
      `Required executor memory (4096 MB), offHeap memory (0) MB, overhead (409 MB), and PySpark memory (0 MB) ${tail}`,
    ]);
  });

  it("a fraction out of range is printed as Java prints a double (SparkConf.validateSettings)", () => {
    const shown = (fraction: string) =>
      errorOf(() =>
        layoutOf({ sparkVersion: "3.5.1", master: "yarn", conf: { "spark.memory.fraction": fraction } }),
      ).sparkMessage;
    expect(shown("10000000")).toBe("spark.memory.fraction should be between 0 and 1 (was '1.0E7').");
    expect(shown("9999999")).toBe("spark.memory.fraction should be between 0 and 1 (was '9999999.0').");
    expect(shown("1.5")).toBe("spark.memory.fraction should be between 0 and 1 (was '1.5').");
    expect(shown("-0.001")).toBe("spark.memory.fraction should be between 0 and 1 (was '-0.001').");
    expect(shown("-0.0001")).toBe("spark.memory.fraction should be between 0 and 1 (was '-1.0E-4').");
  });

  it("Java's Double.toString: plain decimals in [1e-3, 1e7), scientific with a decimal point outside", () => {
    expect(javaDoubleString(2)).toBe("2.0");
    expect(javaDoubleString(-9999999)).toBe("-9999999.0");
    expect(javaDoubleString(1e7)).toBe("1.0E7");
    expect(javaDoubleString(1.5e7)).toBe("1.5E7");
    expect(javaDoubleString(10000000.5)).toBe("1.00000005E7");
    expect(javaDoubleString(0.001)).toBe("0.001");
    expect(javaDoubleString(9999999.5)).toBe("9999999.5");
    expect(javaDoubleString(0.0009)).toBe("9.0E-4");
    expect(javaDoubleString(1.25e-5)).toBe("1.25E-5");
    expect(javaDoubleString(1e21)).toBe("1.0E21");
    expect(javaDoubleString(Number.POSITIVE_INFINITY)).toBe("Infinity");
  });
});
