import { describe, expect, it } from "vitest";
import { KEY_BUILDS } from "../src/conf/knownKeys.generated.js";
import {
  deprecation,
  isKnownKey,
  KEY_LINES,
  KEY_PATTERNS,
  keyInfo,
  keyPattern,
  knownKeyVersions,
  removed,
  similarKeys,
} from "../src/conf/knownKeys.js";
import { SUPPORTED_LINES } from "../src/conf/version.js";

// Facts checked against Spark's source (core internal/config/package.scala, SparkConf.scala, SQLConf.scala)
// and the jars' bytecode, as the extraction (tools/keys/extract.ts) found them.
const ALL = [...SUPPORTED_LINES];
const from = (line: string) => ALL.slice(ALL.indexOf(line as (typeof ALL)[number]));

describe("the extracted data", () => {
  it("covers every line sparkmem models, one exact build each", () => {
    expect(KEY_LINES).toEqual(ALL);
    for (const [line, version] of KEY_BUILDS) expect(version.startsWith(`${line}.`)).toBe(true);
  });

  it("every line knows the everyday keys", () => {
    for (const line of ALL) {
      const probe = ["spark.executor.memory", "spark.sql.shuffle.partitions", "spark.yarn.am.memory"];
      for (const k of probe) expect(isKnownKey(k, line), `${k} in ${line}`).toBe(true);
    }
  });
});

describe("isKnownKey / knownKeyVersions", () => {
  it("spark.executor.memoryOverhead: a ConfigEntry since 2.3.0, so in every line from 2.4", () => {
    expect(knownKeyVersions("spark.executor.memoryOverhead")).toEqual(ALL);
    expect(keyInfo("spark.executor.memoryOverhead")).toEqual({
      declaredIn: ALL,
      readByNameIn: [],
      since: "2.3.0",
      internal: false,
    });
  });

  it("spark.executor.memoryOverheadFactor: version 3.3.0, absent in 3.2", () => {
    expect(isKnownKey("spark.executor.memoryOverheadFactor", "3.2")).toBe(false);
    expect(knownKeyVersions("spark.executor.memoryOverheadFactor")).toEqual(from("3.3"));
    expect(keyInfo("spark.executor.memoryOverheadFactor")?.since).toBe("3.3.0");
    // appearing later is not a removal
    expect(removed("spark.executor.memoryOverheadFactor", "3.2")).toBeUndefined();
  });

  it("spark.memory.useLegacyMode: read by name in 2.4 (SparkEnv), gone from 3.0", () => {
    expect(knownKeyVersions("spark.memory.useLegacyMode")).toEqual(["2.4"]);
    expect(keyInfo("spark.memory.useLegacyMode")).toMatchObject({ declaredIn: [], readByNameIn: ["2.4"] });
    for (const line of from("3.0"))
      expect(removed("spark.memory.useLegacyMode", line)).toEqual({
        since: "3.0",
        lastLine: "2.4",
        source: "absent",
      });
    expect(removed("spark.memory.useLegacyMode", "2.4")).toBeUndefined();
  });

  it("keys Spark reads by name without a ConfigEntry are known (spark.master; most of 2.4)", () => {
    expect(knownKeyVersions("spark.master")).toEqual(ALL);
    expect(keyInfo("spark.serializer")).toMatchObject({ declaredIn: from("3.0"), readByNameIn: ["2.4"] });
    expect(knownKeyVersions("spark.app.name")).toEqual(ALL);
    expect(knownKeyVersions("spark.local.dir")).toEqual(ALL);
    // local properties and column metadata are not configuration
    expect(knownKeyVersions("spark.job.description")).toEqual([]);
    expect(knownKeyVersions("spark.sql.execution.id")).toEqual([]);
  });

  it("SQL, static SQL, Hive, YARN and Kubernetes keys", () => {
    expect(keyInfo("spark.sql.shuffle.partitions")).toMatchObject({ declaredIn: ALL, since: "1.1.0" });
    expect(keyInfo("spark.sql.warehouse.dir")?.declaredIn).toEqual(ALL);
    expect(keyInfo("spark.sql.hive.metastore.version")?.declaredIn).toEqual(ALL);
    expect(keyInfo("spark.yarn.am.memory")).toMatchObject({ declaredIn: ALL, since: "1.3.0" });
    expect(keyInfo("spark.kubernetes.memoryOverheadFactor")).toMatchObject({
      declaredIn: ALL,
      since: "2.4.0",
    });
    expect(keyInfo("spark.yarn.isPython")?.internal).toBe(true);
  });

  it("an old name Spark still reads is known; one it only warns about is not", () => {
    expect(knownKeyVersions("spark.yarn.executor.memoryOverhead")).toEqual(ALL);
    expect(keyInfo("spark.yarn.executor.memoryOverhead")).toBeUndefined();
    expect(knownKeyVersions("spark.unsafe.offHeap")).toEqual(ALL);
    // SparkConf.deprecatedConfigs: "Feature no longer available." (3.0.0); the YARN entry existed in 2.4
    expect(knownKeyVersions("spark.yarn.services")).toEqual(["2.4"]);
  });

  it("never-declared keys are unknown everywhere", () => {
    expect(knownKeyVersions("spark.memory.memoryOverhead")).toEqual([]);
    expect(knownKeyVersions("spark.executor.memoryOverHead")).toEqual([]);
    expect(removed("spark.memory.memoryOverhead", "4.3")).toBeUndefined();
  });

  it("accepts exact versions and rejects lines without data", () => {
    expect(isKnownKey("spark.executor.memoryOverheadFactor", "3.3.1")).toBe(true);
    expect(isKnownKey("spark.executor.memoryOverheadFactor", "3.3.0-amzn-0")).toBe(true);
    expect(() => isKnownKey("spark.master", "1.6")).toThrow(RangeError);
  });
});

describe("prefix and pattern keys", () => {
  it.each([
    ["spark.hadoop.fs.s3a.access.key", ALL],
    ["spark.executorEnv.JAVA_HOME", ALL],
    ["spark.yarn.appMasterEnv.PYSPARK_PYTHON", ALL],
    ["spark.kubernetes.driver.label.team", ALL],
    ["spark.kubernetes.executor.volumes.persistentVolumeClaim.data.mount.path", ALL],
    ["spark.kubernetes.driver.node.selector.zone", from("3.3")],
    ["spark.kubernetes.authenticate.driver.oauthToken", ALL],
    ["spark.sql.catalog.my_catalog", from("3.0")],
    ["spark.sql.catalog.my_catalog.uri", from("3.0")],
    ["spark.driver.resource.gpu.amount", from("3.0")],
    ["spark.executor.resource.gpu.discoveryScript", from("3.0")],
    ["spark.task.resource.gpu.amount", from("3.0")],
    ["spark.yarn.executor.resource.yarn.io/gpu.amount", from("3.0")],
    ["spark.ssl.historyServer.enabled", ALL],
    ["spark.org.apache.hadoop.security.authentication.server.AuthenticationFilter.param.type", ALL],
    // TransportConf builds "spark." + module + ".io.maxRetries": no ConfigEntry, no constant
    ["spark.shuffle.io.maxRetries", ALL],
    ["spark.rpc.io.retryWait", ALL],
    ["spark.shuffle.io.connectionCreationTimeout", from("3.2")],
  ])("%s", (key, lines) => {
    expect(knownKeyVersions(key)).toEqual(lines);
  });

  it("a prefix alone, or a near miss of a pattern, is not a key", () => {
    expect(knownKeyVersions("spark.hadoop.")).toEqual([]);
    expect(knownKeyVersions("spark.executor.resource.gpu.amout")).toEqual([]);
    expect(knownKeyVersions("spark.executor.memoryOverhead.param.x")).toEqual([]);
    expect(knownKeyVersions("spark.shuffle.io.maxRetry")).toEqual([]);
  });

  it("names the family", () => {
    expect(keyPattern("spark.hadoop.fs.s3a.access.key", "3.5")?.prefix).toBe("spark.hadoop.");
    expect(keyPattern("spark.shuffle.io.maxRetries", "3.5")?.what).toContain("io.maxRetries");
    expect(KEY_PATTERNS.every((p) => (p.prefix === undefined) !== (p.pattern === undefined))).toBe(true);
  });
});

describe("deprecation", () => {
  it("spark.yarn.executor.memoryOverhead → spark.executor.memoryOverhead (configsWithAlternatives, 2.3)", () => {
    for (const line of ALL)
      expect(deprecation("spark.yarn.executor.memoryOverhead", line)).toMatchObject({
        replacedBy: "spark.executor.memoryOverhead",
        since: "2.3",
        source: "SparkConf.configsWithAlternatives",
      });
    expect(deprecation("spark.yarn.driver.memoryOverhead", "3.5")?.replacedBy).toBe(
      "spark.driver.memoryOverhead",
    );
    expect(deprecation("spark.executor.memoryOverhead", "3.5")).toBeUndefined();
  });

  it("SparkConf.deprecatedConfigs, with the replacement its message names", () => {
    expect(deprecation("spark.blacklist.enabled", "3.1")).toMatchObject({
      replacedBy: "spark.excludeOnFailure.enabled",
      since: "3.1.0",
      source: "SparkConf.deprecatedConfigs",
    });
    expect(deprecation("spark.blacklist.enabled", "3.0")).toBeUndefined();
    expect(deprecation("spark.yarn.services", "3.0")).toEqual({
      since: "3.0.0",
      message: "Feature no longer available.",
      source: "SparkConf.deprecatedConfigs",
    });
  });

  it("SQLConf.deprecatedSQLConfigs (3.0+)", () => {
    expect(deprecation("spark.sql.execution.arrow.enabled", "3.5")).toMatchObject({
      replacedBy: "spark.sql.execution.arrow.pyspark.enabled",
      since: "3.0",
      source: "SQLConf.deprecatedSQLConfigs",
    });
    expect(deprecation("spark.sql.execution.arrow.enabled", "2.4")).toBeUndefined();
  });

  it("ConfigEntry.withAlternative", () => {
    expect(deprecation("spark.storage.blockManagerSlaveTimeoutMs", "3.5")).toMatchObject({
      replacedBy: "spark.storage.blockManagerHeartbeatTimeoutMs",
      source: "ConfigEntry.alternatives",
    });
  });
});

describe("removed", () => {
  it("SQLConf.removedSQLConfigs", () => {
    expect(isKnownKey("spark.sql.parquet.int64AsTimestampMillis", "2.4")).toBe(true);
    expect(removed("spark.sql.parquet.int64AsTimestampMillis", "3.5")).toMatchObject({
      since: "3.0.0",
      defaultValue: "false",
      source: "SQLConf.removedSQLConfigs",
    });
  });
});

describe("similarKeys", () => {
  it("spark.memory.memoryOverhead → the overhead keys", () => {
    expect(similarKeys("spark.memory.memoryOverhead", "3.5")).toEqual([
      "spark.executor.memoryOverhead",
      "spark.driver.memoryOverhead",
      "spark.executor.memoryOverheadFactor",
    ]);
    // no factor before 3.3
    expect(similarKeys("spark.memory.memoryOverhead", "3.2", 2)).toEqual([
      "spark.executor.memoryOverhead",
      "spark.driver.memoryOverhead",
    ]);
    expect(similarKeys("spark.memory.memoryOverhead", "3.2")).not.toContain(
      "spark.executor.memoryOverheadFactor",
    );
  });

  it.each([
    ["spark.executor.memroy", "spark.executor.memory"],
    ["spark.sql.shuffle.partition", "spark.sql.shuffle.partitions"],
    ["spark.driver.maxResultsSize", "spark.driver.maxResultSize"],
    ["spark.dynamicallocation.enabled", "spark.dynamicAllocation.enabled"],
    ["spark.memory.offheap.size", "spark.memory.offHeap.size"],
    ["spark.sql.autoBroadcastJoinThreshhold", "spark.sql.autoBroadcastJoinThreshold"],
  ])("%s → %s", (typo, key) => {
    expect(similarKeys(typo, "3.5", 1)).toEqual([key]);
  });

  it("suggests keys of the line only, never internal ones", () => {
    expect(similarKeys("spark.serialiser", "2.4", 1)).toEqual(["spark.serializer"]);
    expect(similarKeys("spark.yarn.isPyton", "3.5")).not.toContain("spark.yarn.isPython");
  });

  it("is quick on the largest line", () => {
    similarKeys("spark.warmup", "4.3");
    const t0 = performance.now();
    for (let i = 0; i < 20; i++)
      similarKeys(`spark.sql.adaptive.coalescePartitions.minPartitonSize${i}`, "4.3");
    expect((performance.now() - t0) / 20).toBeLessThan(100);
  });
});
