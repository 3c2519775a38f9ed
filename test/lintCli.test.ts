import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/lint/index.js";
import { FIXTURES } from "./support/fixtures.js";
import { SEED_SPARK_DEFAULTS } from "./support/seed.js";

const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "sparkmem-lint-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "lint", ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const findings = (args: string[]): Finding[] =>
  (JSON.parse(run(["--json", ...args]).out) as { findings: Finding[] }).findings;

describe("sparkmem lint", () => {
  it("text: each finding with where, why and the fix; exit 0 without errors", () => {
    const r = run([file("seed.conf", SEED_SPARK_DEFAULTS), "--spark-version", "2.4.8"]);
    expect(r.out).toContain("spark.executor.cores  (");
    expect(r.out).toMatch(/seed\.conf:3\)\s+\[too-many-executor-cores\]/);
    expect(r.out).toContain("fix: --conf spark.executor.cores=5");
    expect(r.out).toMatch(/\d+ errors?, \d+ warnings?, \d+ notes?\n$/);
  });

  it("exit 1 when an error-level finding exists, for CI pipelines", () => {
    const r = run(["--master", "yarn", "--conf", "spark.executor.memory=400m"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("[memory-below-minimum]");
    expect(run(["--master", "yarn", "--conf", "spark.executor.memory=4g"]).code).toBe(0);
  });

  it("exit 2 with one line for input it cannot read", () => {
    const r = run([join(dir, "missing.conf")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^sparkmem: .*missing\.conf: cannot read the file \(ENOENT\)/);
    expect(run([]).code).toBe(2);
  });

  it("--json has README's shape, with the source file and line", () => {
    const f = findings([file("a.conf", "spark.master yarn\nspark.executor.memory 96g\n")]);
    expect(f).toEqual([
      {
        ruleId: "heap-above-64g",
        severity: "warning",
        key: "spark.executor.memory",
        source: expect.stringMatching(/a\.conf$/),
        line: 2,
        message: expect.stringContaining("96.0 GiB"),
        why: expect.any(String),
        fix: [
          {
            key: "spark.executor.memory",
            from: "96g",
            source: expect.stringMatching(/a\.conf:2$/),
            to: "64g",
            why: f[0]?.why,
          },
        ],
      },
    ]);
  });

  it("a pasted spark-submit command after --, overridden by this command's --conf", () => {
    const f = findings([
      "--conf",
      "spark.executor.memory=8g",
      "--",
      "spark-submit",
      "--master",
      "yarn",
      "--executor-memory",
      "4g",
      "app.jar",
    ]);
    expect(f.map((x) => x.ruleId)).toContain("overridden-setting");
  });

  it("--format sarif: SARIF 2.1.0 with rules and located results", () => {
    const r = run([file("b.conf", "spark.master yarn\nspark.executor.cores 8\n"), "--format", "sarif"]);
    const sarif = JSON.parse(r.out) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    const run0 = sarif.runs[0];
    expect(run0?.tool.driver.rules.map((x) => x.id)).toEqual(["too-many-executor-cores"]);
    expect(run0?.results[0]).toMatchObject({
      ruleId: "too-many-executor-cores",
      level: "warning",
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: expect.stringMatching(/b\.conf$/) },
            region: { startLine: 2 },
          },
        },
      ],
    });
  });

  it("--format markdown: a table of findings", () => {
    const r = run([file("c.conf", "spark.master yarn\nspark.executor.cores 8\n"), "--format", "markdown"]);
    expect(r.out).toContain("| warning | `spark.executor.cores` |");
  });

  it("an event log's own properties: the YARN 3.0 fixture has 7g executors on 1 core", () => {
    const log = new URL("spark-events/application_1553914137147_0018", FIXTURES).pathname;
    const f = findings([log]);
    expect(f.every((x) => x.source === "application_1553914137147_0018")).toBe(true);
    expect(readFileSync(log, "utf8")).toContain('"spark.executor.memory":"7g"');
  });

  it("a file named spark-defaults.conf is read as one, not as a Kubernetes application's event log", () => {
    const conf = file("spark-defaults.conf", "spark.master yarn\nspark.executor.cores 8\n");
    const r = run([conf, "--json"]);
    expect(r.err).toBe("");
    const f = (JSON.parse(r.out) as { findings: Finding[] }).findings;
    expect(f.find((x) => x.ruleId === "too-many-executor-cores")).toMatchObject({ source: conf, line: 2 });
  });
});

describe("sparkmem lint reads every configuration source", () => {
  it("AWS EMR configuration JSON: maximizeResourceAllocation overridden, vcores ignored", () => {
    const emr = file(
      "emr.json",
      `[
  { "Classification": "spark", "Properties": { "maximizeResourceAllocation": "true" } },
  { "Classification": "spark-defaults",
    "Properties": {
      "spark.executor.memory": "18g",
      "spark.executor.cores": "4"
    } },
  { "Classification": "capacity-scheduler",
    "Properties": { "yarn.scheduler.capacity.resource-calculator": "org.apache.hadoop.yarn.util.resource.DefaultResourceCalculator" } }
]
`,
    );
    const f = findings([emr, "--master", "yarn"]);
    const max = f.filter((x) => x.ruleId === "maximize-resource-allocation-overridden");
    expect(max.map((x) => [x.key, x.line])).toEqual([
      ["spark.executor.memory", 5],
      ["spark.executor.cores", 6],
    ]);
    expect(f.find((x) => x.ruleId === "default-resource-calculator")).toMatchObject({ line: 9, source: emr });
  });

  it("a SparkApplication YAML: a CPU limit below the executor cores", () => {
    const yaml = file(
      "app.yaml",
      `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: etl
spec:
  type: Scala
  mode: cluster
  sparkVersion: "3.5.1"
  mainApplicationFile: local:///opt/app.jar
  executor:
    instances: 4
    cores: 4
    coreLimit: "2"
    memory: "8g"
`,
    );
    const f = findings([yaml]);
    expect(f.find((x) => x.ruleId === "k8s-cores-mismatch")).toMatchObject({
      key: "spark.kubernetes.executor.limit.cores",
      source: yaml,
      line: 13,
      // the limit it replaces, and the manifest line that sets it
      fix: [{ key: "spark.kubernetes.executor.limit.cores", from: "2", source: `${yaml}:13`, to: "4" }],
    });
  });

  it("a Python program: driver memory from the builder has no effect (exit 1)", () => {
    const py = file(
      "job.py",
      `from pyspark.sql import SparkSession

spark = (SparkSession.builder
         .master("yarn")
         .config("spark.driver.memory", "8g")
         .getOrCreate())
`,
    );
    const r = run([py, "--json"]);
    expect(r.code).toBe(1);
    const f = (JSON.parse(r.out) as { findings: Finding[] }).findings;
    expect(f.find((x) => x.ruleId === "driver-memory-at-runtime")).toMatchObject({
      source: py,
      line: 5,
      severity: "error",
    });
  });

  it("a Python setting from a variable is reported as not checked", () => {
    const py = file(
      "var.py",
      'from pyspark.sql import SparkSession\nmem = compute()\nspark = SparkSession.builder.config("spark.executor.memory", mem).getOrCreate()\n',
    );
    const f = findings([py, "--master", "yarn"]);
    expect(f.find((x) => x.ruleId === "unresolved-setting")).toMatchObject({
      key: "spark.executor.memory",
      source: py,
      line: 3,
    });
  });

  it("a notebook: the cell and its line", () => {
    const nb = file(
      "explore.ipynb",
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          { cell_type: "markdown", metadata: {}, source: ["# explore"] },
          {
            cell_type: "code",
            metadata: {},
            execution_count: null,
            outputs: [],
            source: [
              "from pyspark.sql import SparkSession\n",
              "spark = SparkSession.builder \\\n",
              "    .config('spark.executor.memory', '96g').getOrCreate()\n",
            ],
          },
        ],
      }),
    );
    const f = findings([nb, "--master", "yarn"]);
    expect(f.find((x) => x.ruleId === "heap-above-64g")).toMatchObject({
      source: nb,
      line: 3,
      message: expect.stringContaining("(cell 2)"),
    });
  });
});
