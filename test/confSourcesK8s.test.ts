import { describe, expect, it } from "vitest";
import { parseSparkApplication } from "../src/conf/sources/sparkApplication.js";
import { confFromEntries, readBytes } from "../src/conf/sparkConf.js";
import { errorOf } from "./support/errors.js";

// The operator's spark-pi example (examples/spark-pi.yaml) with overheads, core limits,
// sparkConf/hadoopConf and dynamic allocation added, as teams run it.
const SPARK_PI = `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: spark-pi
  namespace: default
spec:
  type: Scala
  mode: cluster
  image: spark:3.5.5
  mainClass: org.apache.spark.examples.SparkPi
  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
  arguments:
  - "5000"
  sparkVersion: 3.5.5
  memoryOverheadFactor: "0.2"
  sparkConf:
    spark.executor.memory: 2g
    spark.memory.fraction: "0.7"
    spark.kubernetes.driver.pod.name: ignored-by-the-operator
  hadoopConf:
    fs.s3a.connection.maximum: "200"
  driver:
    cores: 1
    coreLimit: 1200m
    memory: 512m
    memoryOverhead: 384m
    serviceAccount: spark-operator-spark
  executor:
    instances: 2
    cores: 2
    coreRequest: 1500m
    coreLimit: "2"
    memory: 4g
    memoryOverhead: 1g
    javaOptions: -XX:+UseG1GC
  dynamicAllocation:
    enabled: true
    initialExecutors: 2
    minExecutors: 1
    maxExecutors: 10
`;

const PYTHON = `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: spark-pi-python
spec:
  type: Python
  pythonVersion: "3"
  mode: client
  mainApplicationFile: local:///opt/spark/examples/src/main/python/pi.py
  sparkVersion: "3.4.1"
  driver:
    cores: 1
    memory: 512m
  executor:
    instances: 1
    cores: 1
    memory: 512m
`;

describe("Kubeflow spark-operator SparkApplication", () => {
  it("gives the operator's --conf settings in its order, each with the line of its YAML key", () => {
    const r = parseSparkApplication(SPARK_PI, "spark-pi.yaml");
    expect(r.entries.map((e) => [e.key, e.value, e.origin.line])).toEqual([
      ["spark.kubernetes.memoryOverheadFactor", "0.2", 15],
      ["spark.executor.memory", "2g", 17],
      ["spark.memory.fraction", "0.7", 18],
      ["spark.hadoop.fs.s3a.connection.maximum", "200", 21],
      ["spark.driver.cores", "1", 23],
      ["spark.kubernetes.driver.limit.cores", "1200m", 24],
      ["spark.driver.memory", "512m", 25],
      ["spark.driver.memoryOverhead", "384m", 26],
      ["spark.executor.instances", "2", 29],
      ["spark.executor.cores", "2", 30],
      ["spark.kubernetes.executor.request.cores", "1500m", 31],
      ["spark.kubernetes.executor.limit.cores", "2", 32],
      ["spark.executor.memory", "4g", 33],
      ["spark.executor.memoryOverhead", "1g", 34],
      ["spark.executor.extraJavaOptions", "-XX:+UseG1GC", 35],
      ["spark.dynamicAllocation.enabled", "true", 37],
      ["spark.dynamicAllocation.initialExecutors", "2", 38],
      ["spark.dynamicAllocation.minExecutors", "1", 39],
      ["spark.dynamicAllocation.maxExecutors", "10", 40],
      ["spark.dynamicAllocation.shuffleTracking.enabled", "true", 37],
    ]);
    expect(r.entries[0]?.origin).toEqual({ kind: "spark-application", file: "spark-pi.yaml", line: 15 });
    expect(r.facts).toEqual({
      master: "k8s://https://kubernetes.default.svc",
      deployMode: "cluster",
      appType: "jvm",
      sparkVersion: "3.5.5",
    });
  });

  it("lets spec.executor.memory win over sparkConf, as the later --conf does in spark-submit", () => {
    const conf = confFromEntries(parseSparkApplication(SPARK_PI, "spark-pi.yaml").entries);
    expect(readBytes(conf, "spark.executor.memory")).toBe(4096);
    expect(conf.entries.get("spark.executor.memory")?.origin.line).toBe(33);
  });

  it("reads a Python application in client mode; pythonVersion sets nothing here", () => {
    const r = parseSparkApplication(PYTHON, "pi-python.yaml");
    expect(r.facts).toEqual({
      master: "k8s://https://kubernetes.default.svc",
      deployMode: "client",
      appType: "python",
      sparkVersion: "3.4.1",
    });
    expect(r.entries.map((e) => `${e.key}=${e.value}@${e.origin.line}`)).toEqual([
      "spark.driver.cores=1@12",
      "spark.driver.memory=512m@13",
      "spark.executor.instances=1@15",
      "spark.executor.cores=1@16",
      "spark.executor.memory=512m@17",
    ]);
  });

  it("reads a ScheduledSparkApplication's spec.template, and skips other documents in the file", () => {
    const text = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: spark
---
apiVersion: sparkoperator.k8s.io/v1beta2
kind: ScheduledSparkApplication
metadata:
  name: nightly
spec:
  schedule: "@every 24h"
  template:
    type: Java
    sparkVersion: 3.5.5
    executor:
      memory: 8g
`;
    const r = parseSparkApplication(text, "nightly.yaml");
    expect(r.entries).toEqual([
      {
        key: "spark.executor.memory",
        value: "8g",
        origin: { kind: "spark-application", file: "nightly.yaml", line: 16 },
      },
    ]);
    expect(r.facts.appType).toBe("jvm");
  });

  it("sets no dynamic allocation keys when it is not enabled, as the operator does", () => {
    const text =
      "kind: SparkApplication\nspec:\n  dynamicAllocation:\n    enabled: false\n    maxExecutors: 4\n";
    expect(parseSparkApplication(text, "a.yaml").entries).toEqual([]);
  });
});

describe("SparkApplication: bad input", () => {
  it("refuses YAML of another kind, naming the file and what was expected", () => {
    const deployment =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n";
    const e = errorOf(() => parseSparkApplication(deployment, "web.yaml"));
    expect(e.where).toBe("web.yaml");
    expect(e.problem).toBe('kind "Deployment" is not a SparkApplication');
    expect(e.expected).toMatch(/sparkoperator\.k8s\.io\/v1beta2 SparkApplication/);
    expect(() => parseSparkApplication("kind: SparkApplication\nmetadata: {}\n", "a.yaml")).toThrow(
      /no spec/,
    );
    expect(() => parseSparkApplication("", "empty.yaml")).toThrow(/no SparkApplication found/);
  });

  it("names file:line:column for broken YAML and file:line for values the operator would refuse", () => {
    const indent = "kind: SparkApplication\nspec:\n  driver:\n    memory: 1g\n   cores: 1\n";
    expect(errorOf(() => parseSparkApplication(indent, "b.yaml"))).toMatchObject({
      where: "b.yaml:5:1",
      problem: "not valid YAML: All mapping items must start at the same column",
    });
    const twice = "kind: SparkApplication\nspec:\n  type: Scala\n  type: Java\n";
    expect(() => parseSparkApplication(twice, "t.yaml")).toThrow(
      "t.yaml:4:3: not valid YAML: Map keys must be unique",
    );
    const cores = "kind: SparkApplication\nspec:\n  executor:\n    cores: 1.5\n";
    expect(errorOf(() => parseSparkApplication(cores, "c.yaml"))).toMatchObject({
      where: "c.yaml:4",
      problem: "cores is not a whole number",
    });
    const conf = "kind: SparkApplication\nspec:\n  sparkConf:\n    spark.executor.memory:\n      - 4g\n";
    expect(() => parseSparkApplication(conf, "d.yaml")).toThrow(
      /d\.yaml:4: spec\.sparkConf\.spark\.executor\.memory/,
    );
    const type = "kind: SparkApplication\nspec:\n  type: Go\n";
    expect(() => parseSparkApplication(type, "e.yaml")).toThrow(/e\.yaml:3: type "Go"/);
  });
});
