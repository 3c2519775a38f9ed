import { describe, expect, it } from "vitest";
import type { Origin } from "../src/conf/sparkConf.js";
import { lintConf, whole } from "./support/lint.js";

/**
 * Whole findings of the rules about values Spark or YARN refuses or cannot place: the wrong kind, out of
 * range, start-up checks, the AM's share of a queue, a container above a node, PySpark memory left unset.
 */
const YARN = { master: "yarn", sparkVersion: "3.5.9" };
const K8S = { master: "k8s://https://k8s.example:6443", deployMode: "cluster", sparkVersion: "3.5.9" };

describe("invalid-value: what each kind of key takes, and its default where it has one", () => {
  const invalid = (key: string, value: string) => whole(lintConf({ [key]: value }, YARN), "invalid-value");
  it("a MiB-sized key says what a bare number means; a key with no default gets no fix", () => {
    expect(invalid("spark.executor.memoryOverhead", "lots")).toEqual([
      {
        key: "spark.executor.memoryOverhead",
        severity: "error",
        message:
          'spark.executor.memoryOverhead="lots" is not a size such as 4g or 512m; a bare number means MiB',
        fix: [],
      },
    ]);
  });
  it("a byte-sized key does not; its default is the fix", () => {
    expect(invalid("spark.driver.maxResultSize", "lots")).toEqual([
      {
        key: "spark.driver.maxResultSize",
        severity: "error",
        message: 'spark.driver.maxResultSize="lots" is not a size such as 4g or 512m',
        fix: [{ key: "spark.driver.maxResultSize", from: "lots", to: "1g" }],
      },
    ]);
  });
  it("a double, an int (2.5, and 1.0 which Java's parseInt refuses), a boolean", () => {
    expect(invalid("spark.memory.fraction", "abc").map((f) => [f.message, f.fix[0]?.to])).toEqual([
      ['spark.memory.fraction="abc" is not a number such as 0.6', "0.6"],
    ]);
    expect(invalid("spark.executor.cores", "2.5").map((f) => [f.message, f.fix])).toEqual([
      ['spark.executor.cores="2.5" is not a whole number such as 4', []],
    ]);
    expect(invalid("spark.task.cpus", "1.0").map((f) => f.fix[0]?.to)).toEqual(["1"]);
    expect(invalid("spark.memory.offHeap.enabled", "yes").map((f) => [f.message, f.fix[0]?.to])).toEqual([
      ['spark.memory.offHeap.enabled="yes" is not true or false', "false"],
    ]);
  });
  it("spaces around a valid value and free text in a text key are not findings", () => {
    expect(invalid("spark.executor.memory", " 4g ")).toEqual([]);
    expect(invalid("spark.memory.fraction", " 0.5 ")).toEqual([]);
    expect(invalid("spark.executor.cores", " 4 ")).toEqual([]);
    expect(invalid("spark.app.name", "x y")).toEqual([]);
  });
});

describe("am-resource-percent-low: 0.1 in client mode, 0.2 in cluster mode (the AM is the driver)", () => {
  const AM = "yarn.scheduler.capacity.maximum-am-resource-percent";
  const low = (deployMode: string, value: string) =>
    whole(
      lintConf(
        {},
        {
          ...YARN,
          deployMode,
          facts: {
            cluster: { [AM]: { value, origin: { kind: "emr-json", file: "emr.json", line: 12 } as Origin } },
          },
        },
      ),
      "am-resource-percent-low",
    );
  it("client mode: 0.05 is 5 % and 0.2 the fix; 0.1 is not a finding", () => {
    expect(low("client", "0.05")).toEqual([
      {
        key: AM,
        severity: "warning",
        message: `${AM}=0.05: application masters may use only 5% of a queue`,
        fix: [{ key: AM, from: "0.05", to: "0.2" }],
      },
    ]);
    expect(low("client", "0.1")).toEqual([]);
    expect(low("client", "abc")).toEqual([]);
  });
  it("cluster mode: 0.15 is 15 % of a queue for drivers and 0.3 the fix; 0.2 is not a finding", () => {
    expect(low("cluster", "0.15")).toEqual([
      {
        key: AM,
        severity: "warning",
        message: `${AM}=0.15: application masters (here the drivers) may use only 15% of a queue`,
        fix: [{ key: AM, from: "0.15", to: "0.3" }],
      },
    ]);
    expect(low("cluster", "0.2")).toEqual([]);
  });
});

describe("container-above-node: the granted container against the node, per role", () => {
  const N = "yarn.nodemanager.resource.memory-mb";
  const onNode = (conf: Record<string, string>, node: string, deployMode = "client") =>
    whole(
      lintConf(conf, {
        ...YARN,
        deployMode,
        facts: {
          cluster: {
            [N]: { value: node, origin: { kind: "emr-json", file: "emr.json", line: 12 } as Origin },
          },
        },
      }),
      "container-above-node",
    );
  it("12g asks 13516 MiB, granted 14336 MiB in 1024 MiB steps: above a 13516 MiB node; 12102m + 1210m = 13312 MiB fits", () => {
    expect(onNode({ "spark.executor.memory": "12g" }, "13516")).toEqual([
      {
        key: "spark.executor.memory",
        severity: "error",
        message: "the executor container (14.0 GiB) is larger than a node's YARN memory (13516 MiB)",
        fix: [{ key: "spark.executor.memory", from: "12g", to: "12102m" }],
      },
    ]);
    expect(onNode({ "spark.executor.memory": "12102m" }, "13516")).toEqual([]);
    expect(onNode({ "spark.executor.memory": "10g" }, "11264")).toEqual([]);
  });
  it("the cluster-mode driver is a container too; the client-mode driver is not", () => {
    expect(
      onNode({ "spark.driver.memory": "12g" }, "12288", "cluster").map((f) => [f.key, f.fix[0]?.to]),
    ).toEqual([["spark.driver.memory", "11171m"]]);
    expect(onNode({ "spark.driver.memory": "12g" }, "12288")).toEqual([]);
  });
  it("no heap fits when the overhead alone fills the node: the finding without a fix", () => {
    const conf = { "spark.executor.memory": "12g", "spark.executor.memoryOverhead": "12g" };
    expect(onNode(conf, "12288").map((f) => [f.message, f.fix])).toEqual([
      ["the executor container (24.0 GiB) is larger than a node's YARN memory (12288 MiB)", []],
    ]);
  });
  it("a node size of 0 or not a number says nothing", () => {
    expect(onNode({ "spark.executor.memory": "12g" }, "0")).toEqual([]);
    expect(onNode({ "spark.executor.memory": "12g" }, "abc")).toEqual([]);
  });
});

describe("value-out-of-range and startup-error: Spark's refusals, one finding per failing check", () => {
  const both = (conf: Record<string, string>) => {
    const f = lintConf(conf, YARN);
    return [...whole(f, "value-out-of-range"), ...whole(f, "startup-error")];
  };
  it("a fraction above 1 quotes Spark and restores the default; cores of 0 have no default to restore", () => {
    expect(both({ "spark.memory.storageFraction": "1.5" })).toEqual([
      {
        key: "spark.memory.storageFraction",
        severity: "error",
        message:
          "spark.memory.storageFraction: 1.5 is outside 0..1; expected a fraction between 0 and 1; Spark says: spark.memory.storageFraction should be between 0 and 1 (was '1.5').",
        fix: [{ key: "spark.memory.storageFraction", from: "1.5", to: "0.5" }],
      },
    ]);
    expect(both({ "spark.executor.cores": "0" }).map((f) => [f.key, f.fix])).toEqual([
      ["spark.executor.cores", []],
    ]);
    expect(both({ "spark.executor.memory": "-4g" })[0]?.message).toBe(
      "spark.executor.memory: -4096 MiB is negative; expected a positive size such as 4g",
    );
  });
  it("startup-error carries Spark's message and sparkmem's hint, once for the driver and executors alike", () => {
    expect(both({ "spark.task.cpus": "4", "spark.executor.cores": "2" })).toEqual([
      {
        key: "spark.task.cpus",
        severity: "error",
        message:
          "The number of cores per executor (=2) has to be >= the number of cpus per task = 4. (Lower spark.task.cpus to at most 2, or give each executor at least 4 cores.)",
        fix: [],
      },
    ]);
  });
  it("Spark stops at its first failing check: behind a heap below the minimum, storageFraction = 1 is not reported", () => {
    const f = lintConf({ "spark.memory.storageFraction": "1", "spark.executor.memory": "100m" }, YARN);
    expect(whole(f, "startup-error")).toEqual([]);
    expect(f.map((x) => x.ruleId)).toContain("memory-below-minimum");
  });
});

describe("pyspark-memory-unset: 512 MiB per concurrent task, where Spark adds it to the container", () => {
  const unset = (cores: string, at: object) =>
    whole(lintConf({ "spark.executor.cores": cores }, { ...at, appType: "python" }), "pyspark-memory-unset");
  it("one task (singular) on YARN: 512m beside the 384 MiB overhead; four tasks: 2048m", () => {
    expect(unset("1", YARN)).toEqual([
      {
        key: "spark.executor.pyspark.memory",
        severity: "info",
        message:
          "Python workers of 1 concurrent task share the 384.0 MiB overhead with the JVM's native memory",
        fix: [{ key: "spark.executor.pyspark.memory", from: null, to: "512m" }],
      },
    ]);
    expect(unset("4", YARN).map((f) => [f.message, f.fix[0]?.to])).toEqual([
      [
        "Python workers of 4 concurrent tasks share the 384.0 MiB overhead with the JVM's native memory",
        "2048m",
      ],
    ]);
  });
  it("Kubernetes cluster mode (0.4 of 1g: 409 MiB of overhead), not client mode, where the pod would not count it", () => {
    expect(unset("2", K8S)[0]?.message).toBe(
      "Python workers of 2 concurrent tasks share the 409.0 MiB overhead with the JVM's native memory",
    );
    expect(unset("2", { ...K8S, deployMode: "client" })).toEqual([]);
  });
  it("an R application is not a Python one", () => {
    expect(
      whole(lintConf({ "spark.executor.cores": "2" }, { ...YARN, appType: "r" }), "pyspark-memory-unset"),
    ).toEqual([]);
  });
});
