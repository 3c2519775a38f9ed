import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ConfTextKind, confTextKind, readAs } from "../src/conf/sources/textKind.js";
import { SEED_SPARK_DEFAULTS } from "./support/seed.js";
import { SHARED } from "./support/shared.js";

const FIXTURES = new URL("fixtures/", SHARED);

const NOTEBOOK =
  '{"cells": [{"cell_type": "code", "source": ["spark = SparkSession.builder"]}], "metadata": {}}';
const EVENT_LINE =
  '{"Event":"SparkListenerLogStart","Spark Version":"3.5.1"}\n{"Event":"SparkListenerBlockManagerAdded"}';
const EMR_LIST = '[{"Classification": "spark-defaults", "Properties": {"spark.executor.memory": "4g"}}]';
const YAML = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  type: Python\n";
const PYTHON =
  'from pyspark.sql import SparkSession\nSparkSession.builder.config("spark.executor.memory", "4g")';

/** A zstd file's first bytes as the CLI hands them over (read as UTF-8: the magic's 0xb5 and 0xfd are invalid). */
const ZSTD_HEAD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x6d, 0x00]).toString("utf8");

describe("one classifier of configuration texts, by content", () => {
  const cases: [string, string, ConfTextKind][] = [
    ["empty", "  \n\t", "none"],
    ["spark-defaults lines", SEED_SPARK_DEFAULTS, "spark-defaults"],
    ["properties with ':' separators", "spark.master: yarn\nspark.executor.memory: 4g", "spark-defaults"],
    ["a JSON map", '{"spark.executor.memory": "4g"}', "json"],
    ["a command", "/opt/spark/bin/spark-submit --executor-memory 4g app.py", "spark-submit"],
    ["a sibling launcher", "pyspark --driver-memory 2g", "spark-submit"],
    ["bare flags", "--executor-memory 4g --conf spark.executor.cores=2", "spark-submit"],
    ["an EMR list", EMR_LIST, "emr"],
    ["an EMR object", '{"Classification": "spark", "Properties": {}}', "emr"],
    ["EMR on EKS", '{"applicationConfiguration": [{"classification": "spark-defaults"}]}', "emr"],
    ["a SparkApplication", YAML, "spark-application"],
    ["Python", PYTHON, "python"],
    ["Python without imports", 'conf = SparkConf().set("spark.executor.memory", "4g")', "python"],
    [
      "PYSPARK_SUBMIT_ARGS",
      'os.environ["PYSPARK_SUBMIT_ARGS"] = "--driver-memory 4g pyspark-shell"',
      "python",
    ],
    ["a notebook", NOTEBOOK, "notebook"],
    ["an event log", EVENT_LINE, "event-log"],
  ];
  for (const [what, text, kind] of cases)
    it(`${what} → ${kind}`, () => expect(confTextKind(text)).toBe(kind));

  it("ambiguous texts: the more specific kind wins", () => {
    // a notebook is a JSON object, and may mention Spark's classes
    expect(confTextKind(NOTEBOOK)).toBe("notebook");
    // an EMR object is a JSON object too
    expect(confTextKind('{"Classification": "spark-defaults"}')).toBe("emr");
    // an event log's first line is a JSON object
    expect(confTextKind(EVENT_LINE)).toBe("event-log");
    // a JSON map whose values name Python things is still a map
    expect(confTextKind('{"spark.app.name": "import SparkSession"}')).toBe("json");
  });

  it("comments and values that mention Python or YAML words do not make spark-defaults lines Python", () => {
    const lines = [
      "# settings for SparkSession.builder users; import nothing",
      "! kind: legacy",
      "spark.driver.extraJavaOptions -Dapp.entry=SparkSession",
      "spark.executor.memory 4g",
    ].join("\n");
    expect(confTextKind(lines)).toBe("spark-defaults");
    // a Python comment alone is no Python either; its code is
    expect(confTextKind("# SparkSession.builder\nspark.master yarn")).toBe("spark-defaults");
  });
});

describe("by name first, when the name says", () => {
  it("extensions: .ipynb, .py, .yaml/.yml decide whatever the content", () => {
    expect(confTextKind("spark.executor.memory 4g", "job.py")).toBe("python");
    expect(confTextKind("", "nb/analysis.ipynb")).toBe("notebook");
    expect(confTextKind("spark.master yarn", "app.yaml")).toBe("spark-application");
    expect(confTextKind("spark.master yarn", "C:\\jobs\\app.YML")).toBe("spark-application");
  });

  it("Spark's event log names: application ids, rolling files, with codec and .inprogress suffixes", () => {
    for (const name of [
      "application_1553914137147_0018",
      "/logs/application_1553914137147_0018_1.zstd",
      "app-20161115172038-0000",
      "local-1430917381535_1",
      "local-1795967156929.gz",
      "spark-0123456789abcdef0123456789abcdef.lz4.inprogress",
      "eventlog_v2_local-1642039451826",
      "events_1_local-1642039451826.zstd",
    ])
      expect(confTextKind(ZSTD_HEAD, name), name).toBe("event-log");
  });

  it("a text under a log's name is read by its content (local-….conf of spark-defaults lines)", () => {
    expect(confTextKind(SEED_SPARK_DEFAULTS, "/tmp/local-1795967172357.conf")).toBe("spark-defaults");
    expect(confTextKind("--executor-memory 4g", "application_1553914137147_0018.args")).toBe("spark-submit");
    expect(confTextKind(EVENT_LINE, "application_1553914137147_0018")).toBe("event-log");
  });

  it("names that only start like an application id are read by their content", () => {
    // spark-defaults.conf begins with "spark-", as a Kubernetes application id does
    expect(confTextKind(SEED_SPARK_DEFAULTS, "/etc/spark/conf/spark-defaults.conf")).toBe("spark-defaults");
    expect(confTextKind(EMR_LIST, "app-config.json")).toBe("emr");
    expect(confTextKind('{"spark.executor.memory": "4g"}', "local-overrides.json")).toBe("json");
    expect(confTextKind("--executor-memory 4g", "application.args")).toBe("spark-submit");
    // a log under any name, by its first line
    expect(confTextKind(EVENT_LINE, "copy-of-my-log.txt")).toBe("event-log");
  });

  it("a real event log fixture by its content alone", () => {
    const head = readFileSync(new URL("spark-events/local-1422981759269", FIXTURES), "utf8").slice(0, 4096);
    expect(confTextKind(head)).toBe("event-log");
  });

  it("says what a text was read as", () => {
    expect(readAs("spark-submit")).toBe("Read as a spark-submit command.");
    expect(readAs("emr")).toBe("Read as EMR configuration JSON.");
    expect(readAs("none")).toBe("");
  });
});
