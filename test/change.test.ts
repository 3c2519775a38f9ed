import { describe, expect, it } from "vitest";
import { changeOf, changesOf } from "../src/conf/change.js";
import { mergeLayers } from "../src/conf/merge.js";
import { parseProperties } from "../src/conf/sources/properties.js";
import { confFromEntries } from "../src/conf/sparkConf.js";
import { diagnose } from "../src/diagnose/index.js";
import { lint, RULES } from "../src/lint/index.js";
import { toConf } from "../src/model/explain.js";
import { SEED_SPARK_DEFAULTS, SEED_YARN_KILL } from "./support/seed.js";

const fromFile = (text: string) =>
  mergeLayers([{ entries: parseProperties(text, "spark-defaults.conf"), facts: {} }]).conf;

describe("one Change {key, from, source, to, why}", () => {
  it("from is what the configuration sets for exactly the key, source where", () => {
    const conf = fromFile("spark.executor.cores 8\nspark.executor.memory 4g\n");
    expect(changeOf(conf, "spark.executor.cores", "4", "why")).toEqual({
      key: "spark.executor.cores",
      from: "8",
      source: "spark-defaults.conf:1",
      to: "4",
      why: "why",
    });
    expect(changeOf(conf, "spark.executor.instances", "4", "why")).toMatchObject({
      from: null,
      source: null,
    });
    expect(changeOf(null, "spark.executor.cores", "-50%", "why")).toMatchObject({ from: null, source: null });
  });

  it("a plain map's settings name no place; a flag and the event log do", () => {
    expect(
      changeOf(toConf({ "spark.executor.cores": "8" }), "spark.executor.cores", "4", "w").source,
    ).toBeNull();
    const flagged = confFromEntries([
      {
        key: "spark.executor.cores",
        value: "8",
        origin: { kind: "submit-flag", flag: "--executor-cores 8" },
      },
      { key: "spark.executor.memory", value: "4g", origin: { kind: "event-log" } },
      {
        key: "spark.driver.memory",
        value: "2g",
        origin: { kind: "notebook", file: "nb.ipynb", line: 3, cell: 1 },
      },
    ]);
    expect(changeOf(flagged, "spark.executor.cores", "4", "w").source).toBe("--executor-cores 8");
    expect(changeOf(flagged, "spark.executor.memory", "8g", "w").source).toBe("the event log");
    expect(changeOf(flagged, "spark.driver.memory", "4g", "w").source).toBe("nb.ipynb:3 (cell 2)");
  });

  it("setting a key whose deprecated spelling the configuration uses removes that spelling first", () => {
    const conf = fromFile("spark.yarn.executor.memoryOverhead 2048\n");
    expect(changesOf(conf, "spark.executor.memoryOverhead", "3g", "more room")).toEqual([
      {
        key: "spark.yarn.executor.memoryOverhead",
        from: "2048",
        source: "spark-defaults.conf:1",
        to: null,
        why: "the deprecated spelling of spark.executor.memoryOverhead, which Spark reads first",
      },
      { key: "spark.executor.memoryOverhead", from: null, source: null, to: "3g", why: "more room" },
    ]);
    // spark.unsafe.offHeap is the catalog's other deprecated spelling
    const old = fromFile("spark.unsafe.offHeap true\n");
    expect(changesOf(old, "spark.memory.offHeap.enabled", "false", "w").map((c) => c.key)).toEqual([
      "spark.unsafe.offHeap",
      "spark.memory.offHeap.enabled",
    ]);
    expect(changesOf(null, "spark.executor.memoryOverhead", "+50%", "w")).toHaveLength(1);
  });

  it("diagnose: each change says why, and where the value it replaces is set", () => {
    const conf = fromFile(SEED_SPARK_DEFAULTS);
    const top = diagnose(SEED_YARN_KILL, { conf, sparkVersion: "2.4.8" }).causes[0];
    expect(top?.id).toBe("yarn-pmem-kill");
    for (const c of [...(top?.changes ?? []), ...(top?.alternatives ?? []).flatMap((a) => a.changes)])
      expect(c.why.length, c.key).toBeGreaterThan(10);
    const shift = top?.alternatives?.find((a) => a.changes.some((c) => c.key === "spark.executor.memory"));
    expect(shift?.changes.find((c) => c.key === "spark.executor.memory")).toMatchObject({
      from: "30g",
      source: "spark-defaults.conf:4",
    });
    // the same configuration as a plain map: the same values, no place to name
    const plain = diagnose(SEED_YARN_KILL, {
      conf: Object.fromEntries([...conf.entries.values()].map((e) => [e.key, e.value])),
      sparkVersion: "2.4.8",
    }).causes[0];
    const plainShift = plain?.alternatives?.find((a) =>
      a.changes.some((c) => c.key === "spark.executor.memory"),
    );
    expect(plainShift?.changes.find((c) => c.key === "spark.executor.memory")).toMatchObject({
      from: "30g",
      source: null,
    });
  });

  it("lint: a fix's changes say what they replace and why (the rule's, unless a step has its own)", () => {
    const ruleWhy = (id: string) => RULES.find((r) => r.id === id)?.why;
    const conf = "spark.master yarn\nspark.executor.memroy 4g\nspark.executor.memory 96g\n";
    const findings = lint({ entries: parseProperties(conf, "a.conf"), sparkVersion: "3.5.1" });
    const typo = findings.find((f) => f.ruleId === "unknown-key");
    expect(typo?.fix).toEqual([
      {
        key: "spark.executor.memroy",
        from: "4g",
        source: "a.conf:2",
        to: null,
        why: "Spark reads no such key",
      },
      {
        key: "spark.executor.memory",
        from: "96g",
        source: "a.conf:3",
        to: "4g",
        why: "the key Spark reads for what spark.executor.memroy meant",
      },
    ]);
    const big = findings.find((f) => f.ruleId === "heap-above-64g");
    expect(big?.fix).toEqual([
      {
        key: "spark.executor.memory",
        from: "96g",
        source: "a.conf:3",
        to: "64g",
        why: ruleWhy("heap-above-64g"),
      },
    ]);
  });

  it("lint: a fix of a key whose deprecated spelling is in use removes that spelling too", () => {
    const conf =
      "spark.master yarn\nspark.executor.memory 4g\nspark.memory.offHeap.enabled true\nspark.memory.offHeap.size 2g\nspark.yarn.executor.memoryOverhead 512\n";
    const f = lint({ entries: parseProperties(conf, "b.conf"), sparkVersion: "2.4.8" }).find(
      (x) => x.ruleId === "offheap-outside-container",
    );
    expect(f?.fix.map((c) => [c.key, c.from, c.source, c.to])).toEqual([
      ["spark.yarn.executor.memoryOverhead", "512", "b.conf:5", null],
      ["spark.executor.memoryOverhead", null, null, "2457m"],
    ]);
  });
});
