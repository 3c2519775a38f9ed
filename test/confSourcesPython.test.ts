import { describe, expect, it } from "vitest";
import { parseNotebook, parsePythonSource } from "../src/conf/sources/python.js";
import { pythonNumberStr, tokenizePython } from "../src/conf/sources/pythonTokens.js";
import { errorOf } from "./support/errors.js";

// A PySpark job as they are written: a docstring, PYSPARK_SUBMIT_ARGS, a SparkConf built with
// setAll, a parenthesised builder chain across lines, a value from a variable.
const ETL = `"""Nightly ETL job.

Run with: spark-submit --conf spark.not.read=1 etl.py (a docstring, not code)
"""
import os
from pyspark import SparkConf
from pyspark.sql import SparkSession

os.environ["PYSPARK_SUBMIT_ARGS"] = (
    "--driver-memory 4g --conf spark.driver.maxResultSize=2g "
    "pyspark-shell"
)

EXECUTOR_MEMORY = os.getenv("EXECUTOR_MEMORY", "8g")

conf = SparkConf().setAppName("etl").setAll([
    ("spark.executor.cores", 4),
    ("spark.memory.fraction", 0.8),
    ["spark.sql.adaptive.enabled", True],
])
conf.set("spark.executor.memoryOverhead", '1g')  # .config("spark.not.read", "x")

spark = (
    SparkSession.builder
    .appName(f"etl")
    .master("yarn")
    .config("spark.executor.memory", EXECUTOR_MEMORY)
    .config(key="spark.driver.memory", value=r"2g")
    .config("spark.executor.instances", 10)
    .config(conf=conf)
    .config('spark.dynamicAllocation.enabled', False)
    .config(f"spark.executor.{kind}", "1")
    .enableHiveSupport()
    .getOrCreate()
)
print(".config('spark.not.read', '1')")
`;

describe("Python sources", () => {
  it("finds builder, SparkConf and PYSPARK_SUBMIT_ARGS settings with their lines", () => {
    const r = parsePythonSource(ETL, "etl.py");
    expect(r.entries.map((e) => [e.key, e.value, e.origin.line, e.origin.via])).toEqual([
      ["spark.driver.maxResultSize", "2g", 9, "spark-submit-args"],
      ["spark.driver.memory", "4g", 9, "spark-submit-args"],
      ["spark.executor.cores", "4", 17, "sparkconf"],
      ["spark.memory.fraction", "0.8", 18, "sparkconf"],
      ["spark.sql.adaptive.enabled", "True", 19, "sparkconf"],
      ["spark.executor.memoryOverhead", "1g", 21, "sparkconf"],
      ["spark.driver.memory", "2g", 28, "builder"],
      ["spark.executor.instances", "10", 29, "builder"],
      ["spark.dynamicAllocation.enabled", "false", 31, "builder"],
    ]);
    expect(r.entries[1]?.origin).toEqual({
      kind: "python",
      file: "etl.py",
      line: 9,
      via: "spark-submit-args",
      flag: "--driver-memory 4g",
    });
    expect(r.unresolved).toEqual([
      {
        origin: { kind: "python", file: "etl.py", line: 27, via: "builder" },
        text: 'config("spark.executor.memory", EXECUTOR_MEMORY)',
      },
      {
        origin: { kind: "python", file: "etl.py", line: 32, via: "builder" },
        text: 'config(f"spark.executor.{kind}", "1")',
      },
    ]);
    expect(r.facts).toEqual({ master: "yarn", appType: "python", setAtRuntime: true });
  });

  it("follows backslash continuations and builder/SparkConf variables", () => {
    const src = String.raw`builder = SparkSession.builder.appName("x")
builder = builder \
    .config("spark.driver.memory", "1g")
c = SparkConf()
c.setMaster("local[4]").set(value="3", key="spark.executor.cores")
c.setIfMissing("spark.executor.memory", "2g")
c = None
c.set("spark.not.read", "1")
`;
    const r = parsePythonSource(src, "s.py");
    expect(r.entries.map((e) => `${e.key}=${e.value}@${e.origin.line}`)).toEqual([
      "spark.driver.memory=1g@3",
      "spark.executor.cores=3@5",
    ]);
    expect(r.facts.master).toBe("local[4]");
    expect(r.unresolved?.map((u) => u.text)).toEqual(['setIfMissing("spark.executor.memory", "2g")']);
  });

  it("only PYSPARK_SUBMIT_ARGS: applied at JVM start, so not set at runtime", () => {
    const r = parsePythonSource(
      "import os\nos.environ.setdefault('PYSPARK_SUBMIT_ARGS', '--master yarn --deploy-mode client pyspark-shell')\n",
      "a.py",
    );
    expect(r.facts).toEqual({ master: "yarn", deployMode: "client", appType: "python" });
    expect(r.entries.map((e) => e.key)).toEqual(["spark.master", "spark.submit.deployMode"]);
  });

  it("decodes Python literals as str() does", () => {
    expect(
      ["4", "0x10", "1_000", "2.50", "1e3", "1e16", "1e-5", "0.0001", "3j"].map((n) => pythonNumberStr(n)),
    ).toEqual(["4", "16", "1000", "2.5", "1000.0", "1e+16", "1e-05", "0.0001", undefined]);
    const toks = tokenizePython(
      String.raw`x = 'a\tb' "c" rb'\d' f"{{k}}" u'\x41'  # note`,
      (l) => `t.py:${l}`,
    );
    expect(toks.map((t) => t.value)).toEqual([undefined, undefined, "a\tb", "c", undefined, "{k}", "A"]);
  });
});

// A notebook: a markdown cell, then two code cells (source as a list of lines, then as one
// string); the builder made in cell 1 is used in cell 2, as the kernel keeps it.
const NOTEBOOK = JSON.stringify({
  cells: [
    {
      cell_type: "markdown",
      metadata: {},
      source: ["# Sizing\n", 'We call `.config("spark.not.read", "1")` below.'],
    },
    {
      cell_type: "code",
      execution_count: 1,
      metadata: {},
      outputs: [],
      source: [
        "%pip install pandas\n",
        "import os\n",
        "os.environ['PYSPARK_SUBMIT_ARGS'] = '--executor-memory 6g pyspark-shell'\n",
        "from pyspark.sql import SparkSession\n",
        "builder = SparkSession.builder.master('local[*]')",
      ],
    },
    {
      cell_type: "code",
      execution_count: 2,
      metadata: {},
      outputs: [],
      source: String.raw`spark = builder \
    .config('spark.driver.memory', '8g') \
    .config('spark.sql.shuffle.partitions', 64) \
    .getOrCreate()
!ls -l "it's here"`,
    },
  ],
  metadata: {
    kernelspec: { display_name: "Python 3", language: "python", name: "python3" },
    language_info: { name: "python" },
  },
  nbformat: 4,
  nbformat_minor: 5,
});

describe("Jupyter notebooks", () => {
  it("reads code cells with cell index and line within the cell", () => {
    const r = parseNotebook(NOTEBOOK, "sizing.ipynb");
    expect(r.entries).toEqual([
      {
        key: "spark.executor.memory",
        value: "6g",
        origin: {
          kind: "notebook",
          file: "sizing.ipynb",
          line: 3,
          cell: 1,
          via: "spark-submit-args",
          flag: "--executor-memory 6g",
        },
      },
      {
        key: "spark.driver.memory",
        value: "8g",
        origin: { kind: "notebook", file: "sizing.ipynb", line: 2, cell: 2, via: "builder" },
      },
      {
        key: "spark.sql.shuffle.partitions",
        value: "64",
        origin: { kind: "notebook", file: "sizing.ipynb", line: 3, cell: 2, via: "builder" },
      },
    ]);
    expect(r.facts).toEqual({ master: "local[*]", appType: "python", setAtRuntime: true, notebook: true });
    expect(r.unresolved).toEqual([]);
  });
});

describe("Python sources: bad input", () => {
  it("names file:line for an unterminated string", () => {
    const e = errorOf(() => parsePythonSource('conf = SparkConf()\nconf.set("spark.a", "1)\n', "bad.py"));
    expect(e.where).toBe("bad.py:2");
    expect(e.problem).toBe('unterminated string "…');
    expect(e.expected).toBe('a closing " on the same line');
    const doc = errorOf(() => parsePythonSource('x = 1\n\ny = """never\nclosed\n', "doc.py"));
    expect(doc.where).toBe("doc.py:3");
    expect(doc.expected).toBe('a closing """');
  });

  it("names the notebook cell, and refuses broken JSON and other languages", () => {
    const nb = (source: string, language = "python") =>
      JSON.stringify({
        cells: [
          { cell_type: "markdown", source: "" },
          { cell_type: "code", source },
        ],
        metadata: { language_info: { name: language } },
      });
    expect(errorOf(() => parseNotebook(nb("a = 1\nb = 'x"), "n.ipynb")).where).toBe("n.ipynb cell 1:2");
    expect(() => parseNotebook("{", "n.ipynb")).toThrow(/n\.ipynb: not valid JSON/);
    expect(() => parseNotebook("{}", "n.ipynb")).toThrow(/no cells list/);
    expect(() => parseNotebook(nb("val x = 1", "scala"), "n.ipynb")).toThrow(/a scala notebook/);
  });
});
