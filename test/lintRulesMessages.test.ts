import { describe, expect, it } from "vitest";
import type { Origin } from "../src/conf/sparkConf.js";
import { lint } from "../src/lint/index.js";
import { lintConf, whole } from "./support/lint.js";

/**
 * Whole findings (key, severity, message with its figures, each change) of rules whose tests saw only the
 * fix: Kubernetes CPU quantities, the Python/R overhead boundary, removed keys, overridden and unresolved
 * settings.
 */
const YARN = { master: "yarn", sparkVersion: "3.5.9" };
const K8S = { master: "k8s://https://k8s.example:6443", deployMode: "cluster", sparkVersion: "3.5.9" };

describe("k8s-cores-mismatch: CPU quantities read as Kubernetes does", () => {
  const mismatch = (conf: Record<string, string>) => whole(lintConf(conf, K8S), "k8s-cores-mismatch");
  const LIMIT = "spark.kubernetes.executor.limit.cores";
  const REQUEST = "spark.kubernetes.executor.request.cores";
  it("a limit in millicores below the cores, spaces around it: 3500m is 3.5 CPUs", () => {
    expect(mismatch({ "spark.executor.cores": "4", [LIMIT]: " 3500m " })).toEqual([
      {
        key: LIMIT,
        severity: "warning",
        message:
          "the CPU limit  3500m  is below spark.executor.cores=4: 4 concurrent tasks share 3.5 CPUs and are throttled",
        fix: [{ key: LIMIT, from: " 3500m ", to: "4" }],
      },
    ]);
  });
  it("a limit equal to the cores (4000m = 4) and a quantity it cannot read are not findings", () => {
    expect(mismatch({ "spark.executor.cores": "4", [LIMIT]: "4000m" })).toEqual([]);
    expect(mismatch({ "spark.executor.cores": "4", [LIMIT]: "x4" })).toEqual([]);
    expect(mismatch({ "spark.executor.cores": "4", [LIMIT]: "3x" })).toEqual([]);
  });
  it("a fractional request above the cores; a request equal to them is not a finding", () => {
    expect(mismatch({ "spark.executor.cores": "2", [REQUEST]: "2.5" })).toEqual([
      {
        key: REQUEST,
        severity: "warning",
        message: "the CPU request 2.5 is above spark.executor.cores=2: the pod reserves CPUs no task uses",
        fix: [{ key: REQUEST, from: "2.5", to: "2" }],
      },
    ]);
    expect(mismatch({ "spark.executor.cores": "2", [REQUEST]: "2" })).toEqual([]);
    expect(mismatch({ "spark.executor.cores": "2", [REQUEST]: "2000m" })).toEqual([]);
  });
  it("both at once: two findings, the limit first", () => {
    expect(mismatch({ "spark.executor.cores": "2", [REQUEST]: "3", [LIMIT]: "1" }).map((f) => f.key)).toEqual(
      [LIMIT, REQUEST],
    );
  });
  it("the executor's cores, not the driver's, are the measure", () => {
    expect(mismatch({ "spark.driver.cores": "8", [REQUEST]: "2" })).toEqual([
      expect.objectContaining({ message: expect.stringContaining("above spark.executor.cores=1") }),
    ]);
  });
});

describe("k8s-cpu-limit-below-request (4.1+): Spark's own message, the limit raised to the request", () => {
  const at41 = { ...K8S, sparkVersion: "4.1.0" };
  it("the request defaults to the cores; a request set apart from them is what the limit must reach", () => {
    const LIMIT = "spark.kubernetes.executor.limit.cores";
    expect(
      whole(lintConf({ "spark.executor.cores": "4", [LIMIT]: "2" }, at41), "k8s-cpu-limit-below-request"),
    ).toEqual([
      {
        key: LIMIT,
        severity: "error",
        message: "The executor cpu request (4) should be less than or equal to cpu limit (2)",
        fix: [{ key: LIMIT, from: "2", to: "4" }],
      },
    ]);
    const conf = {
      "spark.executor.cores": "4",
      "spark.kubernetes.executor.request.cores": "3",
      [LIMIT]: "2",
    };
    expect(whole(lintConf(conf, at41), "k8s-cpu-limit-below-request")[0]?.fix).toEqual([
      { key: LIMIT, from: "2", to: "3" },
    ]);
  });
});

describe("overhead-small-for-python: 384 MiB for the JVM and 384 MiB per worker", () => {
  const python = (conf: Record<string, string>, at: object = YARN) =>
    whole(lintConf(conf, { ...at, appType: "python" }), "overhead-small-for-python");
  it("one core wants 768 MiB: 767m is a finding (one worker, singular), 768m is not", () => {
    expect(python({ "spark.executor.cores": "1", "spark.executor.memoryOverhead": "767m" })).toEqual([
      {
        key: "spark.executor.memoryOverhead",
        severity: "warning",
        message: "767.0 MiB of overhead for the JVM and 1 Python worker",
        fix: [{ key: "spark.executor.memoryOverhead", from: "767m", to: "768m" }],
      },
    ]);
    expect(python({ "spark.executor.cores": "1", "spark.executor.memoryOverhead": "768m" })).toEqual([]);
  });
  it("R workers, plural, and the default overhead (384 MiB) for three cores: 1536m", () => {
    expect(
      whole(
        lintConf({ "spark.executor.cores": "3" }, { ...YARN, appType: "r" }),
        "overhead-small-for-python",
      ),
    ).toEqual([
      {
        key: "spark.executor.memoryOverhead",
        severity: "warning",
        message: "384.0 MiB of overhead for the JVM and 3 R workers",
        fix: [{ key: "spark.executor.memoryOverhead", from: null, to: "1536m" }],
      },
    ]);
  });
  it("on Kubernetes the non-JVM factor 0.4 gives 409 MiB of a 1g heap, still short of 1536 MiB", () => {
    expect(python({ "spark.executor.cores": "3" }, K8S)[0]?.message).toBe(
      "409.0 MiB of overhead for the JVM and 3 Python workers",
    );
  });
  it("local mode has no container to outgrow", () => {
    expect(python({ "spark.executor.cores": "3" }, { master: "local[4]", sparkVersion: "3.5.9" })).toEqual(
      [],
    );
  });
});

describe("removed-key: the last line that read it, or the version and Spark's own note", () => {
  it("a core key last read in 2.4", () => {
    expect(whole(lintConf({ "spark.memory.useLegacyMode": "true" }, YARN), "removed-key")).toEqual([
      {
        key: "spark.memory.useLegacyMode",
        severity: "warning",
        message: "spark.memory.useLegacyMode is not read by Spark 3.5 (last in 2.4)",
        fix: [{ key: "spark.memory.useLegacyMode", from: "true", to: null }],
      },
    ]);
  });
  it("a SQL key removed in 4.0.0, with SQLConf's message", () => {
    const f = lintConf(
      { "spark.sql.hive.verifyPartitionPath": "true" },
      { master: "yarn", sparkVersion: "4.0.0" },
    );
    expect(whole(f, "removed-key")[0]?.message).toBe(
      "spark.sql.hive.verifyPartitionPath is not read by Spark 4.0 (removed in 4.0.0): This config was replaced by 'spark.sql.files.ignoreMissingFiles'.",
    );
  });
});

describe("overridden-setting: which value wins and where it came from", () => {
  const entry = (key: string, value: string, origin: Partial<Origin>) => ({
    key,
    value,
    origin: origin as Origin,
  });
  it("names the winning value and its file and line, or the flag; the same value up to spaces is not a finding", () => {
    const entries = [
      entry("spark.executor.memory", "4g", { kind: "spark-defaults", file: "spark-defaults.conf", line: 3 }),
      entry("spark.executor.memory", "8g", { kind: "conf-flag" }),
      entry("spark.executor.cores", "4", { kind: "conf-flag" }),
      entry("spark.executor.cores", "2", { kind: "spark-defaults", file: "d.conf", line: 9 }),
      entry("spark.driver.memory", "2g ", { kind: "spark-defaults", file: "d.conf", line: 1 }),
      entry("spark.driver.memory", " 2g", { kind: "conf-flag" }),
    ];
    expect(whole(lint({ entries, ...YARN }), "overridden-setting")).toEqual([
      {
        key: "spark.executor.cores",
        severity: "info",
        message: "spark.executor.cores=4 is overridden by 2 from d.conf:9",
        fix: [],
      },
      {
        key: "spark.executor.memory",
        severity: "info",
        message: "spark.executor.memory=4g is overridden by 8g from --conf",
        fix: [],
      },
    ]);
  });
});

describe("unresolved-setting: the key when the text names one, in either quotes", () => {
  it("a call with no key in it keeps an empty key; a YARN key in single quotes is found", () => {
    const at = (line: number) => ({ kind: "python", file: "job.py", line }) as Origin;
    const unresolved = [
      { origin: at(3), text: "conf.setAll(pairs)" },
      { origin: at(4), text: "config('yarn.nodemanager.resource.memory-mb', n)" },
    ];
    const f = lint({ entries: [], ...YARN, unresolved }).filter((x) => x.ruleId === "unresolved-setting");
    expect(f.map(({ key, message, fix, source, line }) => ({ key, message, fix, source, line }))).toEqual([
      {
        key: "",
        message: "conf.setAll(pairs): the value is not a literal, so it is not checked",
        fix: [],
        source: "job.py",
        line: 3,
      },
      {
        key: "yarn.nodemanager.resource.memory-mb",
        message:
          "config('yarn.nodemanager.resource.memory-mb', n): the value is not a literal, so it is not checked",
        fix: [],
        source: "job.py",
        line: 4,
      },
    ]);
  });
});
