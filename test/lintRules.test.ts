import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../src/conf/catalog.js";
import type { Origin } from "../src/conf/sparkConf.js";
import { atLeast, parseSparkVersion, SUPPORTED_LINES } from "../src/conf/version.js";
import { type Finding, lint, RULES } from "../src/lint/index.js";
import { ids, lintConf } from "./support/lint.js";
import { SEED_SETTINGS } from "./support/seed.js";

const YARN = { master: "yarn", sparkVersion: "3.5.9" };
const K8S = { master: "k8s://https://k8s.example:6443", deployMode: "cluster", sparkVersion: "3.5.9" };
const of = (f: Finding[], id: string) => f.filter((x) => x.ruleId === id);
const one = (f: Finding[], id: string): Finding => {
  const found = of(f, id);
  expect(found, `${id} in ${JSON.stringify(ids(f))}`).toHaveLength(1);
  return found[0] as Finding;
};

describe("no rule fires on the default configuration", () => {
  it.each(SUPPORTED_LINES)("Spark %s, local, YARN and Kubernetes", (line) => {
    const v = `${line}.0`;
    for (const master of ["local[*]", "yarn", "k8s://https://k8s:443"])
      expect(lint({ entries: [], sparkVersion: v, master }), `${v} ${master}`).toEqual([]);
  });
});

describe("every modelled key written out at its default is not a finding either", () => {
  it.each(SUPPORTED_LINES)("Spark %s on YARN and Kubernetes", (line) => {
    const conf = Object.fromEntries(
      CATALOG.filter(
        (k) =>
          k.default !== null &&
          k.scope !== "testing" &&
          k.scope !== "cluster" &&
          atLeast(parseSparkVersion(`${line}.0`), k.since) &&
          !(k.removedIn && atLeast(parseSparkVersion(`${line}.0`), k.removedIn)),
      ).map((k) => [k.key, k.default as string]),
    );
    for (const master of ["yarn", "k8s://https://k8s:443"])
      expect(
        lintConf(conf, { master, sparkVersion: `${line}.0` }).map((f) => `${f.ruleId} ${f.key}`),
        master,
      ).toEqual([]);
  });
});

describe("keys Spark does not read", () => {
  it("unknown-key: the seed's spark.memory.memoryOverhead, with the keys meant and what each takes", () => {
    const f = one(lintConf(SEED_SETTINGS, { master: "yarn", sparkVersion: "2.4.8" }), "unknown-key");
    expect(f.severity).toBe("error");
    expect(f.message).toContain("spark.executor.memoryOverhead (a size)");
    // 2.4 has no overhead factor key: 0.1 of the 30g heap as a size
    expect(f.fix).toMatchObject([
      { key: "spark.memory.memoryOverhead", to: null },
      { key: "spark.executor.memoryOverhead", to: "3g" },
    ]);
    const v35 = one(lintConf(SEED_SETTINGS, YARN), "unknown-key");
    expect(v35.message).toContain("spark.executor.memoryOverheadFactor (a factor)");
    expect(v35.fix[1]).toMatchObject({ key: "spark.executor.memoryOverheadFactor", to: "0.1" });
  });

  it("unknown-key leaves libraries' namespaces and real keys alone", () => {
    const conf = {
      "spark.delta.logStore.class": "x",
      "spark.sql.shuffle.partitions": "400",
      "spark.hadoop.fs.s3a.fast.upload": "true",
    };
    expect(of(lintConf(conf, YARN), "unknown-key")).toEqual([]);
    expect(one(lintConf({ "spark.executor.memroy": "4g" }, YARN), "unknown-key").fix).toMatchObject([
      { key: "spark.executor.memroy", to: null },
      { key: "spark.executor.memory", to: "4g" },
    ]);
  });

  it("deprecated-key: spark.yarn.executor.memoryOverhead moves to spark.executor.memoryOverhead", () => {
    const f = one(lintConf({ "spark.yarn.executor.memoryOverhead": "2048" }, YARN), "deprecated-key");
    expect(f.fix).toMatchObject([
      { key: "spark.yarn.executor.memoryOverhead", to: null },
      { key: "spark.executor.memoryOverhead", to: "2048" },
    ]);
    expect(of(lintConf({ "spark.executor.memoryOverhead": "2048" }, YARN), "deprecated-key")).toEqual([]);
  });

  it("removed-key: spark.memory.useLegacyMode is gone from 3.0", () => {
    const f = one(lintConf({ "spark.memory.useLegacyMode": "true" }, YARN), "removed-key");
    expect(f.message).toContain("last in 2.4");
    expect(
      of(
        lintConf({ "spark.memory.useLegacyMode": "true" }, { master: "yarn", sparkVersion: "2.4.8" }),
        "removed-key",
      ),
    ).toEqual([]);
  });

  it("key-not-in-version: spark.executor.memoryOverheadFactor before 3.3", () => {
    const f = one(
      lintConf({ "spark.executor.memoryOverheadFactor": "0.2" }, { master: "yarn", sparkVersion: "3.2.4" }),
      "key-not-in-version",
    );
    expect(f.message).toContain("exists from Spark 3.3");
    expect(
      of(
        lintConf({ "spark.executor.memoryOverheadFactor": "0.2" }, { master: "yarn", sparkVersion: "3.3.4" }),
        "key-not-in-version",
      ),
    ).toEqual([]);
  });
});

describe("values Spark cannot use", () => {
  it("invalid-value: the wrong kind for the key, with the default as the fix", () => {
    const f = one(
      lintConf({ "spark.executor.memory": "4 gigs", "spark.memory.fraction": "0.6" }, YARN),
      "invalid-value",
    );
    expect(f).toMatchObject({
      key: "spark.executor.memory",
      severity: "error",
      fix: [{ key: "spark.executor.memory", to: "1g" }],
    });
    expect(f.message).toContain("a bare number means MiB");
    expect(
      of(lintConf({ "spark.executor.memory": "4g", "spark.memory.fraction": "0.6" }, YARN), "invalid-value"),
    ).toEqual([]);
    expect(one(lintConf({ "spark.memory.offHeap.enabled": "yes" }), "invalid-value").message).toContain(
      "true or false",
    );
  });

  it("value-out-of-range: a fraction outside [0, 1], a negative size; the default as the fix", () => {
    const f = one(lintConf({ "spark.memory.fraction": "1.5" }, YARN), "value-out-of-range");
    expect(f).toMatchObject({
      key: "spark.memory.fraction",
      fix: [{ key: "spark.memory.fraction", to: "0.6" }],
    });
    expect(f.message).toContain("spark.memory.fraction should be between 0 and 1 (was '1.5')");
    expect(one(lintConf({ "spark.executor.memory": "-4g" }, YARN), "value-out-of-range").key).toBe(
      "spark.executor.memory",
    );
    // unparsable is invalid-value's, not both
    expect(of(lintConf({ "spark.executor.memory": "4q" }, YARN), "value-out-of-range")).toEqual([]);
    expect(of(lintConf({ "spark.memory.fraction": "0.7" }, YARN), "value-out-of-range")).toEqual([]);
  });

  it("startup-error: Spark's own refusal, e.g. storageFraction = 1 from 3.0", () => {
    const f = one(lintConf({ "spark.memory.storageFraction": "1" }, YARN), "startup-error");
    expect(f.key).toBe("spark.memory.storageFraction");
    expect(of(lintConf({ "spark.memory.storageFraction": "0.9" }, YARN), "startup-error")).toEqual([]);
  });

  it("memory-below-minimum: a 400m executor (Spark needs 450 MiB), fixed with 1g", () => {
    const f = one(lintConf({ "spark.executor.memory": "400m" }, YARN), "memory-below-minimum");
    expect(f.fix).toMatchObject([{ key: "spark.executor.memory", to: "1g" }]);
    // the executor JVM fails its heap check first, with the text Spark prints there
    expect(f.message).toContain("System memory 419430400 must be at least 471859200");
    expect(of(lintConf({ "spark.executor.memory": "1g" }, YARN), "memory-below-minimum")).toEqual([]);
  });

  it("xmx-in-java-options: -Xmx moves to spark.executor.memory, the other options stay", () => {
    const f = one(
      lintConf({ "spark.executor.extraJavaOptions": "-XX:+UseG1GC -Xmx8g" }, YARN),
      "xmx-in-java-options",
    );
    expect(f.fix).toMatchObject([
      { key: "spark.executor.extraJavaOptions", to: "-XX:+UseG1GC" },
      { key: "spark.executor.memory", to: "8g" },
    ]);
    expect(
      of(lintConf({ "spark.executor.extraJavaOptions": "-XX:+UseG1GC" }, YARN), "xmx-in-java-options"),
    ).toEqual([]);
  });

  it("offheap-enabled-without-size", () => {
    const f = one(lintConf({ "spark.memory.offHeap.enabled": "true" }, YARN), "offheap-enabled-without-size");
    expect(f.fix).toMatchObject([{ key: "spark.memory.offHeap.size", to: "2g" }]);
    expect(
      of(
        lintConf({ "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1g" }, YARN),
        "offheap-enabled-without-size",
      ),
    ).toEqual([]);
  });

  it("container-above-max: 30g + 3g overhead on a 16 GiB maximum; the fix fits it", () => {
    const conf = { "spark.executor.memory": "30g", "yarn.scheduler.maximum-allocation-mb": "16384" };
    const f = one(lintConf(conf, YARN), "container-above-max");
    expect(f.key).toBe("spark.executor.memory");
    // h + ⌊0.1 h⌋ ≤ 16384 MiB → 14895 MiB heap, 1489 MiB overhead: 16384 MiB, which Spark accepts
    expect(f.fix).toMatchObject([{ key: "spark.executor.memory", to: "14895m" }]);
    const fixed = lintConf({ ...conf, "spark.executor.memory": "14895m" }, YARN);
    expect(of(fixed, "container-above-max")).toEqual([]);
  });

  it("k8s-cpu-limit-below-request (4.1+)", () => {
    const conf = { "spark.executor.cores": "4", "spark.kubernetes.executor.limit.cores": "2" };
    const f = one(lintConf(conf, { ...K8S, sparkVersion: "4.1.0" }), "k8s-cpu-limit-below-request");
    expect(f.fix).toMatchObject([{ key: "spark.kubernetes.executor.limit.cores", to: "4" }]);
    expect(of(lintConf(conf, K8S), "k8s-cpu-limit-below-request")).toEqual([]);
  });

  it("duplicate-spellings: the deprecated alias loses", () => {
    const f = one(
      lintConf({ "spark.yarn.executor.memoryOverhead": "2048", "spark.executor.memoryOverhead": "1g" }, YARN),
      "duplicate-spellings",
    );
    expect(f).toMatchObject({
      key: "spark.yarn.executor.memoryOverhead",
      fix: [{ key: "spark.yarn.executor.memoryOverhead", to: null }],
    });
    expect(
      of(lintConf({ "spark.yarn.executor.memoryOverhead": "2048" }, YARN), "duplicate-spellings"),
    ).toEqual([]);
  });

  it("overridden-setting: spark-defaults loses to --conf", () => {
    const entries = [
      {
        key: "spark.executor.memory",
        value: "4g",
        origin: { kind: "spark-defaults", file: "spark-defaults.conf", line: 3 } as Origin,
      },
      { key: "spark.executor.memory", value: "8g", origin: { kind: "conf-flag" } as Origin },
    ];
    const f = one(lint({ entries, ...YARN }), "overridden-setting");
    expect(f).toMatchObject({ source: "spark-defaults.conf", line: 3, severity: "info" });
    expect(of(lint({ entries: [entries[0] as (typeof entries)[0]], ...YARN }), "overridden-setting")).toEqual(
      [],
    );
  });
});

describe("settings with no effect", () => {
  const builder = { origin: { kind: "python", file: "job.py", line: 7, via: "builder" } as Partial<Origin> };
  it("driver-memory-at-runtime: builder.config in client mode; not in cluster mode", () => {
    const f = one(
      lintConf({ "spark.driver.memory": "8g" }, { ...YARN, ...builder }),
      "driver-memory-at-runtime",
    );
    expect(f).toMatchObject({ source: "job.py", line: 7, severity: "error" });
    expect(f.message).toContain("--driver-memory 8g");
    expect(
      of(
        lintConf({ "spark.driver.memory": "8g" }, { ...YARN, deployMode: "cluster", ...builder }),
        "driver-memory-at-runtime",
      ),
    ).toEqual([]);
    expect(of(lintConf({ "spark.driver.memory": "8g" }, YARN), "driver-memory-at-runtime")).toEqual([]);
    // a notebook's JVM already runs, whatever the deploy mode says
    const nb = lintConf(
      { "spark.driver.memory": "8g" },
      { ...YARN, deployMode: "cluster", ...builder, facts: { notebook: true } },
    );
    expect(of(nb, "driver-memory-at-runtime")).toHaveLength(1);
  });

  it("executor-settings-in-local: executor memory moves to the driver", () => {
    const f = one(
      lintConf({ "spark.executor.memory": "8g" }, { master: "local[4]" }),
      "executor-settings-in-local",
    );
    expect(f.fix).toMatchObject([
      { key: "spark.executor.memory", to: null },
      { key: "spark.driver.memory", to: "8g" },
    ]);
    expect(of(lintConf({ "spark.executor.memory": "8g" }, YARN), "executor-settings-in-local")).toEqual([]);
  });

  it("offheap-size-without-enabled", () => {
    const f = one(lintConf({ "spark.memory.offHeap.size": "2g" }, YARN), "offheap-size-without-enabled");
    expect(f.fix).toMatchObject([{ key: "spark.memory.offHeap.enabled", to: "true" }]);
    expect(
      of(
        lintConf({ "spark.memory.offHeap.size": "2g", "spark.memory.offHeap.enabled": "true" }, YARN),
        "offheap-size-without-enabled",
      ),
    ).toEqual([]);
  });

  it("pyspark-memory-jvm-app: only when the app is known to be a JVM one", () => {
    expect(
      one(
        lintConf({ "spark.executor.pyspark.memory": "1g" }, { ...YARN, appType: "jvm" }),
        "pyspark-memory-jvm-app",
      ).fix,
    ).toMatchObject([{ key: "spark.executor.pyspark.memory", to: null }]);
    expect(of(lintConf({ "spark.executor.pyspark.memory": "1g" }, YARN), "pyspark-memory-jvm-app")).toEqual(
      [],
    );
    expect(
      of(
        lintConf({ "spark.executor.pyspark.memory": "1g" }, { ...YARN, appType: "python" }),
        "pyspark-memory-jvm-app",
      ),
    ).toEqual([]);
  });

  it("k8s-cores-mismatch: a limit below the cores throttles, a request above wastes", () => {
    const f = lintConf(
      { "spark.executor.cores": "4", "spark.kubernetes.executor.limit.cores": "2000m" },
      { ...K8S, sparkVersion: "3.5.0" },
    );
    expect(one(f, "k8s-cores-mismatch").fix).toMatchObject([
      { key: "spark.kubernetes.executor.limit.cores", to: "4" },
    ]);
    const g = lintConf({ "spark.executor.cores": "2", "spark.kubernetes.executor.request.cores": "3" }, K8S);
    expect(one(g, "k8s-cores-mismatch").fix).toMatchObject([
      { key: "spark.kubernetes.executor.request.cores", to: "2" },
    ]);
    expect(
      of(
        lintConf({ "spark.executor.cores": "4", "spark.kubernetes.executor.limit.cores": "4" }, K8S),
        "k8s-cores-mismatch",
      ),
    ).toEqual([]);
  });
});

describe("risky sizing", () => {
  it("heap-above-64g and heap-loses-compressed-oops", () => {
    expect(one(lintConf({ "spark.executor.memory": "96g" }, YARN), "heap-above-64g").fix).toMatchObject([
      { key: "spark.executor.memory", to: "64g" },
    ]);
    expect(of(lintConf({ "spark.executor.memory": "64g" }, YARN), "heap-above-64g")).toEqual([]);
    expect(
      one(lintConf({ "spark.executor.memory": "40g" }, YARN), "heap-loses-compressed-oops").fix,
    ).toMatchObject([{ key: "spark.executor.memory", to: "31g" }]);
    expect(of(lintConf({ "spark.executor.memory": "31g" }, YARN), "heap-loses-compressed-oops")).toEqual([]);
    expect(of(lintConf({ "spark.executor.memory": "48g" }, YARN), "heap-loses-compressed-oops")).toEqual([]);
  });

  it("too-many-executor-cores", () => {
    expect(one(lintConf({ "spark.executor.cores": "8" }, YARN), "too-many-executor-cores").fix).toMatchObject(
      [{ key: "spark.executor.cores", to: "5" }],
    );
    expect(of(lintConf({ "spark.executor.cores": "5" }, YARN), "too-many-executor-cores")).toEqual([]);
    // the boundary: 5 passes, 6 is the first that fires
    expect(of(lintConf({ "spark.executor.cores": "6" }, YARN), "too-many-executor-cores")).toHaveLength(1);
  });

  it("low-memory-per-task: 2g with 8 cores; the fix gives 384 MiB per slot", () => {
    const f = one(
      lintConf({ "spark.executor.memory": "2g", "spark.executor.cores": "8" }, YARN),
      "low-memory-per-task",
    );
    // 8 × 384 MiB of unified memory needs 5420 MiB of system memory; G1 rounds a 5417 MiB heap up to its
    // 4 MiB regions, so 5417m is the smallest heap that gives it (a heap-only formula said 5420m)
    expect(f.fix).toMatchObject([{ key: "spark.executor.memory", to: "5417m" }]);
    const after = lintConf({ "spark.executor.memory": "5417m", "spark.executor.cores": "8" }, YARN);
    expect(of(after, "low-memory-per-task")).toEqual([]);
    const short = lintConf({ "spark.executor.memory": "5416m", "spark.executor.cores": "8" }, YARN);
    expect(of(short, "low-memory-per-task")).toHaveLength(1);
    expect(
      of(
        lintConf({ "spark.executor.memory": "8g", "spark.executor.cores": "4" }, YARN),
        "low-memory-per-task",
      ),
    ).toEqual([]);
  });

  it("low-memory-per-task: where no heap's container fits the node, the most cores the heap serves", () => {
    // 8g on 3.5/YARN: 4.6 GiB unified; 13 slots need 8617m whose 9479 MiB container YARN grants as 10240 MiB,
    // more than a 9216 MiB node: 12 cores × 384 MiB fit the present heap
    const node = { "spark.executor.memory": "8g", "yarn.nodemanager.resource.memory-mb": "9216" };
    for (const cores of ["13", "32"]) {
      const f = one(lintConf({ ...node, "spark.executor.cores": cores }, YARN), "low-memory-per-task");
      expect(f.fix).toMatchObject([{ key: "spark.executor.cores", from: cores, to: "12" }]);
    }
    expect(
      one(lintConf({ ...node, "spark.executor.cores": "13" }, YARN), "low-memory-per-task").message,
    ).toBe("364.2 MiB of unified memory per task slot (4.6 GiB shared by 13 tasks)");
    expect(of(lintConf({ ...node, "spark.executor.cores": "12" }, YARN), "low-memory-per-task")).toEqual([]);
    // a larger node takes the heap instead
    const roomy = { ...node, "yarn.nodemanager.resource.memory-mb": "10240", "spark.executor.cores": "13" };
    expect(one(lintConf(roomy, YARN), "low-memory-per-task").fix).toMatchObject([
      { key: "spark.executor.memory", to: "8617m" },
    ]);
  });

  it("small-heap: where 2g does not fit, the largest heap of at least 1g that does, else no fix", () => {
    const message =
      "300.0 MiB of the 768.0 MiB heap is reserved; 280.8 MiB is left for execution and storage";
    // 2g + 384 MiB overhead is more than a 2048 MiB node or maximum allocation; 1664m + 384 = 2048 fits
    for (const limit of ["yarn.nodemanager.resource.memory-mb", "yarn.scheduler.maximum-allocation-mb"]) {
      const f = one(lintConf({ "spark.executor.memory": "768m", [limit]: "2048" }, YARN), "small-heap");
      expect(f.message).toBe(message);
      expect(f.fix).toMatchObject([{ key: "spark.executor.memory", from: "768m", to: "1664m" }]);
    }
    // a 1280 MiB node holds at most an 896m heap, below 1g: no heap to propose
    const tiny = { "spark.executor.memory": "768m", "yarn.nodemanager.resource.memory-mb": "1280" };
    expect(one(lintConf(tiny, YARN), "small-heap").fix).toEqual([]);
  });

  it("offheap-outside-container (2.4): the overhead that holds the off-heap size, or a smaller heap beside it", () => {
    const V24 = { master: "yarn", sparkVersion: "2.4.8" };
    const base = {
      "spark.executor.memory": "4g",
      "spark.memory.offHeap.enabled": "true",
      "spark.memory.offHeap.size": "2g",
    };
    const f = one(lintConf(base, V24), "offheap-outside-container");
    // 2.4 sizes the container as heap + overhead: 2048 MiB off-heap + the usual max(384, 0.1 × 4096) = 409
    expect(f.message).toBe("2.0 GiB of off-heap memory must fit in the 409.0 MiB overhead");
    expect(f.severity).toBe("error");
    expect(f.fix).toMatchObject([{ key: "spark.executor.memoryOverhead", to: "2457m" }]);
    // 4096 + 2457 MiB is granted as 7168 MiB, more than a 6144 MiB node: 3712m + (2048 + 384) fills it
    const small = one(
      lintConf({ ...base, "yarn.nodemanager.resource.memory-mb": "6144" }, V24),
      "offheap-outside-container",
    );
    expect(small.fix).toMatchObject([
      { key: "spark.executor.memory", to: "3712m" },
      { key: "spark.executor.memoryOverhead", to: "2432m" },
    ]);
    // an overhead as large as the off-heap size is still an error; a larger one short of the usual margin warns
    const equal = { ...base, "spark.executor.memoryOverhead": "2g" };
    expect(one(lintConf(equal, V24), "offheap-outside-container").severity).toBe("error");
    const oneG = { ...base, "spark.memory.offHeap.size": "1g" };
    const short = one(
      lintConf({ ...oneG, "spark.executor.memoryOverhead": "1432m" }, V24),
      "offheap-outside-container",
    );
    expect(short.severity).toBe("warning");
    expect(short.fix).toMatchObject([{ key: "spark.executor.memoryOverhead", to: "1433m" }]);
    expect(
      of(lintConf({ ...oneG, "spark.executor.memoryOverhead": "1433m" }, V24), "offheap-outside-container"),
    ).toEqual([]);
    // 3.0 counts off-heap in the container; off-heap disabled counts nothing
    expect(
      of(lintConf(base, { master: "yarn", sparkVersion: "3.0.3" }), "offheap-outside-container"),
    ).toEqual([]);
    const disabled = { ...base, "spark.memory.offHeap.enabled": "false" };
    expect(of(lintConf(disabled, V24), "offheap-outside-container")).toEqual([]);
  });

  it("small-heap", () => {
    expect(one(lintConf({ "spark.executor.memory": "768m" }, YARN), "small-heap").fix).toMatchObject([
      { key: "spark.executor.memory", to: "2g" },
    ]);
    expect(of(lintConf({ "spark.executor.memory": "1g" }, YARN), "small-heap")).toEqual([]);
  });

  it("memory-fraction-extreme at its boundaries: fraction outside [0.3, 0.8], storageFraction in (0.9, 1)", () => {
    const fires = (conf: Record<string, string>) =>
      of(lintConf(conf, YARN), "memory-fraction-extreme").map((f) => f.message);
    expect(fires({ "spark.memory.fraction": "0.8" })).toEqual([]);
    expect(fires({ "spark.memory.fraction": "0.85" })).toEqual([
      "spark.memory.fraction=0.85 leaves little heap for user memory",
    ]);
    expect(fires({ "spark.memory.fraction": "0.3" })).toEqual([]);
    expect(fires({ "spark.memory.fraction": "0.29" })).toEqual([
      "spark.memory.fraction=0.29 leaves little unified memory for execution and storage",
    ]);
    // 0 and 1 are legal and extreme; outside [0, 1] is invalid-value's, not this rule's
    expect(fires({ "spark.memory.fraction": "0" })).toHaveLength(1);
    expect(fires({ "spark.memory.fraction": "1" })).toHaveLength(1);
    expect(fires({ "spark.memory.fraction": "1.5" })).toEqual([]);
    expect(fires({ "spark.memory.fraction": "-0.1" })).toEqual([]);
    expect(fires({ "spark.memory.storageFraction": "0.9" })).toEqual([]);
    expect(fires({ "spark.memory.storageFraction": "0.91" })).toEqual([
      "spark.memory.storageFraction=0.91: cached blocks protect 91% of unified memory from execution",
    ]);
    expect(fires({ "spark.memory.storageFraction": "1" })).toEqual([]);
  });

  it("memory-fraction-extreme", () => {
    expect(
      one(lintConf({ "spark.memory.fraction": "0.9" }, YARN), "memory-fraction-extreme").fix,
    ).toMatchObject([{ key: "spark.memory.fraction", to: "0.6" }]);
    expect(
      one(lintConf({ "spark.memory.storageFraction": "0.95" }, YARN), "memory-fraction-extreme").fix,
    ).toMatchObject([{ key: "spark.memory.storageFraction", to: "0.5" }]);
    expect(
      of(
        lintConf({ "spark.memory.fraction": "0.75", "spark.memory.storageFraction": "0.3" }, YARN),
        "memory-fraction-extreme",
      ),
    ).toEqual([]);
  });

  it("pyspark-memory-unset and overhead-small-for-python (Python on YARN)", () => {
    const f = lintConf(
      { "spark.executor.memory": "8g", "spark.executor.cores": "4" },
      { ...YARN, appType: "python" },
    );
    expect(one(f, "pyspark-memory-unset").fix).toMatchObject([
      { key: "spark.executor.pyspark.memory", to: "2048m" },
    ]);
    // 384 MiB + 4 × 384 MiB wanted, 819 MiB (10% of 8g) given
    expect(one(f, "overhead-small-for-python").fix).toMatchObject([
      { key: "spark.executor.memoryOverhead", to: "1920m" },
    ]);
    const ok = lintConf(
      { "spark.executor.memory": "8g", "spark.executor.cores": "4", "spark.executor.pyspark.memory": "2g" },
      { ...YARN, appType: "python" },
    );
    expect(ids(ok).filter((i) => i.includes("python") || i.includes("pyspark"))).toEqual([]);
    expect(
      of(lintConf({ "spark.executor.memory": "8g" }, { ...YARN, appType: "jvm" }), "pyspark-memory-unset"),
    ).toEqual([]);
  });

  it("offheap-outside-container: Spark 2.4 does not add off-heap to the container", () => {
    const conf = {
      "spark.executor.memory": "8g",
      "spark.memory.offHeap.enabled": "true",
      "spark.memory.offHeap.size": "2g",
    };
    const f = one(lintConf(conf, { master: "yarn", sparkVersion: "2.4.8" }), "offheap-outside-container");
    expect(f).toMatchObject({
      severity: "error",
      // 2048 MiB off-heap + the overhead Spark derives for an 8 GiB heap, ⌊0.1 × 8192⌋ = 819 MiB
      fix: [{ key: "spark.executor.memoryOverhead", to: "2867m" }],
    });
    expect(of(lintConf(conf, YARN), "offheap-outside-container")).toEqual([]);
    // the fix applied silences it; one MiB less still warns
    const v24 = { master: "yarn", sparkVersion: "2.4.8" };
    const fixed = { ...conf, "spark.executor.memoryOverhead": "2867m" };
    expect(of(lintConf(fixed, v24), "offheap-outside-container")).toEqual([]);
    const short = { ...conf, "spark.executor.memoryOverhead": "2866m" };
    expect(one(lintConf(short, v24), "offheap-outside-container").severity).toBe("warning");
  });

  it("max-result-size-unlimited and max-result-size-above-heap", () => {
    expect(
      one(
        lintConf({ "spark.driver.maxResultSize": "0", "spark.driver.memory": "4g" }, YARN),
        "max-result-size-unlimited",
      ).fix,
    ).toMatchObject([{ key: "spark.driver.maxResultSize", to: "2g" }]);
    expect(
      one(
        lintConf({ "spark.driver.maxResultSize": "8g", "spark.driver.memory": "4g" }, YARN),
        "max-result-size-above-heap",
      ).fix,
    ).toMatchObject([{ key: "spark.driver.maxResultSize", to: "2g" }]);
    expect(ids(lintConf({ "spark.driver.maxResultSize": "2g", "spark.driver.memory": "4g" }, YARN))).toEqual(
      [],
    );
  });
});

describe("the cluster around the application", () => {
  const cluster = (key: string, value: string) => ({
    facts: {
      cluster: { [key]: { value, origin: { kind: "emr-json", file: "emr.json", line: 12 } as Origin } },
    },
  });
  it("container-above-node", () => {
    const f = one(
      lintConf(
        { "spark.executor.memory": "12g" },
        { ...YARN, ...cluster("yarn.nodemanager.resource.memory-mb", "12288") },
      ),
      "container-above-node",
    );
    // 12288 + 1228 MiB on a 12 GiB node; 11171 + 1117 = 12288 MiB fits exactly
    expect(f.fix).toMatchObject([{ key: "spark.executor.memory", to: "11171m" }]);
    expect(
      of(
        lintConf(
          { "spark.executor.memory": "10g" },
          { ...YARN, ...cluster("yarn.nodemanager.resource.memory-mb", "12288") },
        ),
        "container-above-node",
      ),
    ).toEqual([]);
  });

  it("container-above-node on 4.0 with spark.executor.minMemoryOverhead: the fix, applied once, removes the finding", () => {
    const conf = {
      "spark.executor.memory": "60g",
      "spark.executor.minMemoryOverhead": "8g",
      "yarn.nodemanager.resource.memory-mb": "65536",
    };
    const v4 = { master: "yarn", sparkVersion: "4.0.1" };
    const f = one(lintConf(conf, v4), "container-above-node");
    // the overhead is max(⌊0.1 h⌋, 8192) = 8192 MiB: 57344 + 8192 = 65536 (a private 10% formula said 57825m)
    expect(f.fix).toMatchObject([{ key: "spark.executor.memory", to: "56g" }]);
    const fixed = lintConf({ ...conf, "spark.executor.memory": "56g" }, v4);
    expect(of(fixed, "container-above-node")).toEqual([]);
    expect(fixed.filter((x) => x.severity === "error")).toEqual([]);
  });

  it("container-above-max for the client-mode AM sizes spark.yarn.am.memory", () => {
    const conf = { "spark.yarn.am.memory": "4g", "yarn.scheduler.maximum-allocation-mb": "2048" };
    const f = one(lintConf(conf, YARN), "container-above-max");
    // am + max(⌊0.1 am⌋, 384) ≤ 2048 → 1664 + 384
    expect(f).toMatchObject({
      key: "spark.yarn.am.memory",
      fix: [{ key: "spark.yarn.am.memory", to: "1664m" }],
    });
    expect(of(lintConf({ ...conf, "spark.yarn.am.memory": "1664m" }, YARN), "container-above-max")).toEqual(
      [],
    );
  });

  it("yarn-rounding-waste: 4g + 409 MiB asked with 2 GiB steps", () => {
    const f = one(
      lintConf({ "spark.executor.memory": "4g", "yarn.scheduler.minimum-allocation-mb": "2048" }, YARN),
      "yarn-rounding-waste",
    );
    expect(f.fix).toMatchObject([{ key: "spark.executor.memoryOverhead", to: "2g" }]);
    // 8192 + 819 MiB rounded to 9216: 2% lost
    expect(of(lintConf({ "spark.executor.memory": "8g" }, YARN), "yarn-rounding-waste")).toEqual([]);
  });

  it("default-resource-calculator with multi-core executors", () => {
    const c = cluster(
      "yarn.scheduler.capacity.resource-calculator",
      "org.apache.hadoop.yarn.util.resource.DefaultResourceCalculator",
    );
    const f = one(
      lintConf({ "spark.executor.cores": "4" }, { ...YARN, ...c }),
      "default-resource-calculator",
    );
    expect(f).toMatchObject({ source: "emr.json", line: 12 });
    expect(
      of(lintConf({ "spark.executor.cores": "1" }, { ...YARN, ...c }), "default-resource-calculator"),
    ).toEqual([]);
  });

  it("am-resource-percent-low in cluster mode", () => {
    const c = cluster("yarn.scheduler.capacity.maximum-am-resource-percent", "0.1");
    expect(
      one(lintConf({}, { ...YARN, deployMode: "cluster", ...c }), "am-resource-percent-low").fix,
    ).toMatchObject([{ key: "yarn.scheduler.capacity.maximum-am-resource-percent", to: "0.3" }]);
    expect(of(lintConf({}, { ...YARN, ...c }), "am-resource-percent-low")).toEqual([]);
  });

  it("maximize-resource-allocation-overridden", () => {
    const f = lintConf(
      { "spark.executor.memory": "4g" },
      { ...YARN, facts: { maximizeResourceAllocation: true } },
    );
    expect(one(f, "maximize-resource-allocation-overridden").fix).toMatchObject([
      { key: "spark.executor.memory", to: null },
    ]);
    expect(
      of(lintConf({ "spark.executor.memory": "4g" }, YARN), "maximize-resource-allocation-overridden"),
    ).toEqual([]);
  });
});

describe("the registry", () => {
  it("has at least 30 rules with unique ids and full metadata", () => {
    expect(RULES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES)
      for (const field of [r.title, r.why, r.fix, r.docs]) expect(field.length).toBeGreaterThan(10);
  });
});

describe("negatives, one per rule not shown above", () => {
  it("the same value twice, PySpark memory given, a bounded result size below the heap", () => {
    const twice = ["spark-defaults", "conf-flag"].map((kind) => ({
      key: "spark.executor.memory",
      value: "4g",
      origin: { kind } as Origin,
    }));
    expect(of(lint({ entries: twice, ...YARN }), "overridden-setting")).toEqual([]);
    const python = {
      "spark.executor.memory": "8g",
      "spark.executor.cores": "4",
      "spark.executor.pyspark.memory": "2g",
    };
    expect(of(lintConf(python, { ...YARN, appType: "python" }), "overhead-small-for-python")).toEqual([]);
    const bounded = { "spark.driver.maxResultSize": "2g", "spark.driver.memory": "4g" };
    expect(of(lintConf(bounded, YARN), "max-result-size-unlimited")).toEqual([]);
    expect(of(lintConf(bounded, YARN), "max-result-size-above-heap")).toEqual([]);
  });
});

describe("settings a source could not read", () => {
  it("unresolved-setting: a value from a variable is listed, not silently dropped", () => {
    const origin = { kind: "python", file: "job.py", line: 3, via: "builder" } as Origin;
    const f = one(
      lint({ entries: [], ...YARN, unresolved: [{ origin, text: 'config("spark.executor.memory", mem)' }] }),
      "unresolved-setting",
    );
    expect(f).toMatchObject({ key: "spark.executor.memory", source: "job.py", line: 3, severity: "info" });
    expect(of(lint({ entries: [], ...YARN, unresolved: [] }), "unresolved-setting")).toEqual([]);
  });
});

describe("every rule is tested both ways", () => {
  it("each rule id has a test here that finds it and one that does not", () => {
    const text = readFileSync(new URL(import.meta.url), "utf8");
    const missing = RULES.filter((r) => {
      const finds = new RegExp(`one\\([\\s\\S]{0,600}?"${r.id}",?\\s*\\)`).test(text);
      const misses = new RegExp(`"${r.id}",?\\s*\\)\\s*,?\\s*\\)?\\s*\\.toEqual\\(\\[\\]\\)`).test(text);
      return !(finds && misses);
    }).map((r) => r.id);
    expect(missing).toEqual([]);
  });
});
