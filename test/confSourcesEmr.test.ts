import { describe, expect, it } from "vitest";
import { parseEmrConfigurations } from "../src/conf/sources/emrJson.js";
import { confFromEntries, readBytes, readInt } from "../src/conf/sparkConf.js";
import { errorOf } from "./support/errors.js";

// A cluster's --configurations file as the EMR Release Guide shows them
// (emr-configure-apps.html, emr-spark-configure.html).
const CLUSTER = `[
  {
    "Classification": "spark",
    "Properties": {
      "maximizeResourceAllocation": "false"
    }
  },
  {
    "Classification": "spark-defaults",
    "Properties": {
      "spark.executor.memory": "18g",
      "spark.executor.cores": 5,
      "spark.executor.memoryOverhead": "2048",
      "spark.dynamicAllocation.enabled": true,
      "spark.driver.extraJavaOptions": "-XX:+UseG1GC -Dname=\\"a b\\""
    }
  },
  {
    "Classification": "yarn-site",
    "Properties": {
      "yarn.nodemanager.resource.memory-mb": "122880",
      "yarn.scheduler.maximum-allocation-mb": "122880",
      "yarn.scheduler.minimum-allocation-mb": "1024",
      "yarn.nodemanager.vmem-check-enabled": "false"
    }
  },
  {
    "Classification": "capacity-scheduler",
    "Properties": {
      "yarn.scheduler.capacity.maximum-am-resource-percent": "0.5",
      "yarn.scheduler.capacity.resource-calculator": "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator"
    }
  },
  {
    "Classification": "core-site",
    "Properties": { "hadoop.security.groups.cache.secs": "250" }
  },
  {
    "Classification": "spark-env",
    "Properties": {},
    "Configurations": [
      {
        "Classification": "export",
        "Properties": {
          "PYSPARK_PYTHON": "/usr/bin/python3"
        }
      }
    ]
  },
  {
    "Classification": "hive-site",
    "Properties": { "hive.metastore.client.factory.class": "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory" }
  }
]
`;

describe("EMR configurations JSON", () => {
  it("maps each classification, with the line of every key", () => {
    const r = parseEmrConfigurations(CLUSTER, "configurations.json");
    expect(r.entries.map((e) => [e.key, e.value, e.origin.line])).toEqual([
      ["spark.executor.memory", "18g", 11],
      ["spark.executor.cores", "5", 12],
      ["spark.executor.memoryOverhead", "2048", 13],
      ["spark.dynamicAllocation.enabled", "true", 14],
      ["spark.driver.extraJavaOptions", '-XX:+UseG1GC -Dname="a b"', 15],
      ["yarn.nodemanager.resource.memory-mb", "122880", 21],
      ["yarn.scheduler.maximum-allocation-mb", "122880", 22],
      ["yarn.scheduler.minimum-allocation-mb", "1024", 23],
      ["yarn.nodemanager.vmem-check-enabled", "false", 24],
      ["yarn.scheduler.capacity.maximum-am-resource-percent", "0.5", 30],
      [
        "yarn.scheduler.capacity.resource-calculator",
        "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator",
        31,
      ],
    ]);
    expect(r.entries[0]?.origin).toEqual({ kind: "emr-json", file: "configurations.json", line: 11 });
    expect(r.facts.maximizeResourceAllocation).toBe(false);
    expect(r.facts.master).toBeUndefined();
    const cluster = r.facts.cluster ?? {};
    expect(Object.keys(cluster)).toEqual([
      "yarn.nodemanager.resource.memory-mb",
      "yarn.scheduler.maximum-allocation-mb",
      "yarn.scheduler.minimum-allocation-mb",
      "yarn.nodemanager.vmem-check-enabled",
      "yarn.scheduler.capacity.maximum-am-resource-percent",
      "yarn.scheduler.capacity.resource-calculator",
      "hadoop.security.groups.cache.secs",
      "spark-env.PYSPARK_PYTHON",
    ]);
    expect(cluster["spark-env.PYSPARK_PYTHON"]).toEqual({
      value: "/usr/bin/python3",
      origin: { kind: "emr-json", file: "configurations.json", line: 45 },
    });
    expect(cluster["hadoop.security.groups.cache.secs"]?.origin.line).toBe(36);
  });

  it("feeds the model's conf: sizes and YARN limits read back with their lines", () => {
    const conf = confFromEntries(parseEmrConfigurations(CLUSTER, "c.json").entries);
    expect(readBytes(conf, "spark.executor.memory")).toBe(18 * 1024); // MiB, the key's unit
    expect(readInt(conf, "yarn.scheduler.minimum-allocation-mb")).toBe(1024);
    expect(conf.entries.get("yarn.scheduler.maximum-allocation-mb")?.origin.line).toBe(22);
  });

  it("reads maximizeResourceAllocation=true and the create-cluster / RunJobFlow / describe-cluster shapes", () => {
    const list = '[{"Classification": "spark", "Properties": {"maximizeResourceAllocation": "true"}}]';
    const runJobFlow = `{\n  "Name": "etl",\n  "ReleaseLabel": "emr-7.2.0",\n  "Configurations": ${list}\n}`;
    expect(parseEmrConfigurations(runJobFlow, "req.json").facts.maximizeResourceAllocation).toBe(true);
    const describe = `{"Cluster": {"Id": "j-1", "Configurations": ${list}}}`;
    expect(parseEmrConfigurations(describe, "d.json").facts.maximizeResourceAllocation).toBe(true);
    const single = '{"Classification": "spark", "Properties": {"maximizeResourceAllocation": "true"}}';
    expect(parseEmrConfigurations(single, "s.json").facts.maximizeResourceAllocation).toBe(true);
  });

  it("reads EMR on EKS / Serverless applicationConfiguration (lower-case member names)", () => {
    const text = `{
  "configurationOverrides": {
    "applicationConfiguration": [
      {
        "classification": "spark-defaults",
        "properties": { "spark.executor.memory": "2G" }
      }
    ]
  }
}`;
    const r = parseEmrConfigurations(text, "job-run.json");
    expect(r.entries.map((e) => [e.key, e.value, e.origin.line])).toEqual([
      ["spark.executor.memory", "2G", 6],
    ]);
  });

  it("keeps duplicates in file order, so the later one wins when merged", () => {
    const text = `[
  {"Classification": "spark-defaults", "Properties": {"spark.executor.memory": "4g"}},
  {"Classification": "spark-defaults", "Properties": {"spark.executor.memory": "6g"}}
]`;
    const conf = confFromEntries(parseEmrConfigurations(text, "c.json").entries);
    expect(conf.entries.get("spark.executor.memory")).toMatchObject({ value: "6g", origin: { line: 3 } });
  });
});

describe("EMR configurations JSON: bad input", () => {
  it("names file:line:column and what was expected for broken JSON", () => {
    const missingComma = `[\n  {\n    "Classification": "spark-defaults"\n    "Properties": {}\n  }\n]`;
    const e = errorOf(() => parseEmrConfigurations(missingComma, "c.json"));
    expect(e.where).toBe("c.json:4:5");
    expect(e.problem).toBe('not valid JSON: unexpected "\\""');
    expect(e.expected).toBe('"," or "}"');
    const trailing = errorOf(() => parseEmrConfigurations('[{"Classification": "spark",}]', "t.json"));
    expect(trailing.where).toBe("t.json:1:29");
    expect(trailing.expected).toBe("a property name in double quotes");
    const cut = errorOf(() => parseEmrConfigurations('[\n{"Classification": "spark-def', "u.json"));
    expect(cut.where).toBe("u.json:2:30");
    expect(cut.problem).toBe("not valid JSON: unterminated string");
  });

  it("refuses object, array and null values naming the classification and key", () => {
    const text = `[
  {
    "Classification": "spark-defaults",
    "Properties": {
      "spark.executor.memory": {"value": "4g"}
    }
  }
]`;
    const e = errorOf(() => parseEmrConfigurations(text, "c.json"));
    expect(e.where).toBe("c.json:5");
    expect(e.problem).toBe('spark-defaults property "spark.executor.memory" is an object');
    expect(e.expected).toMatch(/a string/);
    const list = '[{"Classification": "yarn-site", "Properties": {"yarn.x": ["1"]}}]';
    expect(() => parseEmrConfigurations(list, "c.json")).toThrow(/yarn-site property "yarn\.x" is an array/);
    const nul = '[{"Classification": "spark-defaults", "Properties": {"spark.x": null}}]';
    expect(() => parseEmrConfigurations(nul, "c.json")).toThrow(/is null/);
  });

  it("refuses wrong-case classification names, unknown members and other shapes", () => {
    const wrongCase = '[\n  {"Classification": "Spark-Defaults", "Properties": {}}\n]';
    expect(errorOf(() => parseEmrConfigurations(wrongCase, "c.json"))).toMatchObject({
      where: "c.json:2",
      problem: 'classification "Spark-Defaults" is not "spark-defaults"',
    });
    const typo = '[{"Classification": "spark-defaults", "Propertes": {}}]';
    expect(() => parseEmrConfigurations(typo, "c.json")).toThrow(/unknown member "Propertes"/);
    expect(() => parseEmrConfigurations('{"Name": "x"}', "c.json")).toThrow(/no list of configurations/);
    expect(() => parseEmrConfigurations('[{"Properties": {}}]', "c.json")).toThrow(/without Classification/);
    const mra = '[{"Classification": "spark", "Properties": {"maximizeResourceAllocation": "yes"}}]';
    expect(() => parseEmrConfigurations(mra, "c.json")).toThrow(/maximizeResourceAllocation is "yes"/);
  });
});
