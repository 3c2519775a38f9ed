import { describe, expect, it } from "vitest";
import { keyAsOf } from "../src/conf/keyAsOf.js";
import { modelledVersion as logVersion } from "../src/conf/modelledVersion.js";
import { explain } from "../src/model/explain.js";

/** The modelled line a log's version is laid out as, and the memory rules of its own line that go with it. */
describe("modelledVersion", () => {
  it("a modelled line is itself, its vendor or snapshot suffix dropped", () => {
    expect(logVersion("3.3.0-amzn-0")).toEqual({
      version: "3.3.0",
      defaults: {},
      note: null,
      given: { major: 3, minor: 3 },
    });
    expect(logVersion("3.1.1.119")).toMatchObject({ version: "3.1.1", defaults: {}, note: null });
    expect(logVersion("4.3")).toMatchObject({ version: "4.3.0", defaults: {}, note: null });
  });

  it("2.0–2.3 and 2.5.0-SNAPSHOT are laid out as 2.4, with a note", () => {
    for (const v of ["2.0.2", "2.1.0-SNAPSHOT", "2.3.4", "2.5.0-SNAPSHOT"]) {
      const m = logVersion(v);
      expect([m.version, m.defaults]).toEqual(["2.4", {}]);
      expect(m.note).toMatch(new RegExp(`^Spark ${v.replace(/\./g, "\\.")} is laid out as 2\\.4: `));
    }
  });

  it("1.6: the unified manager with spark.memory.fraction 0.75; before 1.6 the static manager", () => {
    expect(logVersion("1.6.3").defaults).toEqual({ "spark.memory.fraction": "0.75" });
    expect(logVersion("1.4.0-SNAPSHOT").defaults).toEqual({ "spark.memory.useLegacyMode": "true" });
    // a 1g heap on Java 8 Parallel (Runtime.maxMemory 954728448): unified (heap − 300 MiB) × 0.75, and static
    // storage heap × 0.6 × 0.9, as Spark 1.6 and 1.4 reported them
    const base = { sparkVersion: "2.4", conf: { "spark.master": "local[2]", "spark.driver.memory": "1g" } };
    const with16 = explain({ ...base, conf: { ...base.conf, ...logVersion("1.6.0").defaults } });
    expect(with16.driver.uiStorageBytes).toBe(Math.floor((954728448 - 300 * 2 ** 20) * 0.75));
    const with14 = explain({ ...base, conf: { ...base.conf, ...logVersion("1.4.1").defaults } });
    expect(with14.driver.uiStorageBytes).toBe(Math.floor(954728448 * 0.6 * 0.9));
  });

  it("newer than the newest line: that line; no version at all: null", () => {
    expect(logVersion("5.0.0").version).toBe("4.3");
    expect(logVersion("5.0.0").note).toMatch(/newest line modelled/);
    expect(logVersion("")).toEqual({ version: null, defaults: {}, note: null, given: null });
    expect(logVersion(null).version).toBeNull();
  });

  it("vendor builds and platform runtimes: the Spark line they ship", () => {
    expect(logVersion("3.5.0-cdh7.1.9").version).toBe("3.5.0");
    expect(logVersion("2.3.0.cloudera4")).toMatchObject({ version: "2.4", given: { major: 2, minor: 3 } });
    expect(logVersion("v3.2.1").version).toBe("3.2.1");
    const dbr = logVersion("Databricks Runtime 11.3 LTS");
    expect([dbr.version, dbr.note]).toEqual([
      "3.3.0",
      "Databricks Runtime 11.3 LTS is laid out as Spark 3.3: Databricks Runtime 11.x ships Spark 3.3",
    ]);
    expect(logVersion("DBR 7.3").version).toBe("3.0.0");
    expect(logVersion("Glue 4.0").version).toBe("3.3.0");
    expect(logVersion("AWS Glue 2.0").version).toBe("2.4.0");
  });

  it("a runtime newer than those mapped says so; a long text is cut in the note", () => {
    expect(logVersion("Databricks Runtime 99.1").note).toBe(
      "Databricks Runtime 99.1 is laid out as Spark 4.0: a runtime newer than 17.x (Spark 4.0), the newest one mapped",
    );
    const long = logVersion(`x${"y".repeat(100000)}`).note as string;
    expect(long.length).toBeLessThan(140);
  });

  it("text that names no version: none, with a note that the newest line is assumed", () => {
    expect(logVersion("latest")).toEqual({
      version: null,
      defaults: {},
      note: '"latest" names no Spark version sparkmem can read: Spark\'s newest line is assumed',
      given: null,
    });
  });

  it("keyAsOf: a key by the name its own line reads", () => {
    expect(keyAsOf("spark.executor.memoryOverhead", { major: 2, minor: 2 })).toBe(
      "spark.yarn.executor.memoryOverhead",
    );
    expect(keyAsOf("spark.driver.memoryOverhead", { major: 1, minor: 6 })).toBe(
      "spark.yarn.driver.memoryOverhead",
    );
    expect(keyAsOf("spark.executor.memoryOverhead", { major: 2, minor: 3 })).toBe(
      "spark.executor.memoryOverhead",
    );
    expect(keyAsOf("spark.executor.memory", { major: 1, minor: 2 })).toBe("spark.executor.memory");
    expect(keyAsOf("spark.executor.memoryOverhead", null)).toBe("spark.executor.memoryOverhead");
  });
});
