import { describe, expect, it } from "vitest";
import type { SparkmemError } from "../src/conf/errors.js";
import { parseSparkConf } from "../src/conf/gather.js";
import { parseMaster } from "../src/conf/master.js";
import { parseJsonMap } from "../src/conf/sources/jsonMap.js";
import { parseProperties } from "../src/conf/sources/properties.js";
import { parseSparkSubmitArgs, splitShellWords } from "../src/conf/sources/sparkSubmit.js";
import { readBytes } from "../src/conf/sparkConf.js";
import { executorOf, MiB } from "./helpers.js";

describe("spark-defaults.conf (java.util.Properties)", () => {
  it("reads '=', ':' and blank separators, comments and continuations, with line numbers", () => {
    const text = [
      "# a comment",
      "! another",
      "spark.executor.memory   4g",
      "spark.executor.cores=4",
      "spark.driver.memory : 2g  ",
      "spark.executor.extraJavaOptions -XX:+UseG1GC \\",
      "    -Dx=1",
      "",
      "spark.app.name my\\u0041pp",
    ].join("\n");
    const entries = parseProperties(text, "spark-defaults.conf");
    expect(entries.map((e) => [e.key, e.value, e.origin.line])).toEqual([
      ["spark.executor.memory", "4g", 3],
      ["spark.executor.cores", "4", 4],
      ["spark.driver.memory", "2g", 5],
      ["spark.executor.extraJavaOptions", "-XX:+UseG1GC -Dx=1", 6],
      ["spark.app.name", "myApp", 9],
    ]);
  });
  it("names file and line for a malformed escape", () => {
    expect(() => parseProperties("a\nspark.x \\u00zz", "f.conf")).toThrow(/f\.conf:2/);
  });
});

describe("JSON maps", () => {
  it("takes strings, numbers and booleans", () => {
    const e = parseJsonMap(
      '{"spark.executor.memory": "4g", "spark.executor.cores": 4, "spark.memory.offHeap.enabled": false}',
      "c.json",
    );
    expect(e.map((x) => x.value)).toEqual(["4g", "4", "false"]);
  });
  it("refuses nested values naming the key", () => {
    expect(() => parseJsonMap('{"spark.x": {"a": 1}}', "c.json")).toThrow(/c\.json: spark\.x/);
    expect(() => parseJsonMap("[1]", "c.json")).toThrow(/not an object/);
    expect(() => parseJsonMap("{", "c.json")).toThrow(/not valid JSON/);
  });
});

describe("spark-submit", () => {
  it("maps flags to keys, detects Python apps and stops at the app's own arguments", () => {
    const a = parseSparkSubmitArgs([
      "spark-submit",
      "--master",
      "yarn",
      "--executor-memory=8g",
      "--conf",
      "spark.executor.cores=4",
      "job.py",
      "--executor-memory",
      "1g",
    ]);
    expect(a.appType).toBe("python");
    expect(a.primaryResource).toBe("job.py");
    expect(a.flagEntries.map((e) => [e.key, e.value])).toEqual([
      ["spark.master", "yarn"],
      ["spark.executor.memory", "8g"],
    ]);
    expect(a.confEntries.map((e) => [e.key, e.value])).toEqual([["spark.executor.cores", "4"]]);
  });
  it("dedicated flags beat --conf, which beats --properties-file", () => {
    const g = parseSparkConf({
      submitArgs: [
        "--executor-memory",
        "8g",
        "--conf",
        "spark.executor.memory=2g",
        "--properties-file",
        "p.conf",
        "--conf",
        "spark.executor.cores=3",
        "app.jar",
      ],
      readFile: () => "spark.executor.memory 1g\nspark.executor.cores 2\nspark.driver.memory 3g\n",
    });
    expect(readBytes(g.conf, "spark.executor.memory")).toBe(8192);
    expect(g.conf.entries.get("spark.executor.cores")?.value).toBe("3");
    expect(g.conf.entries.get("spark.driver.memory")?.origin).toEqual({
      kind: "properties-file",
      file: "p.conf",
      line: 3,
    });
  });
  it("refuses unknown options and --conf without '=' with Spark's words", () => {
    expect(() => parseSparkSubmitArgs(["--exectuor-memory", "4g"])).toThrow(
      /Unrecognized option: --exectuor-memory/,
    );
    expect(() => parseSparkSubmitArgs(["--conf", "spark.executor.memory"])).toThrow(
      /Spark config without '='/,
    );
  });
  it("splits a pasted command like a shell", () => {
    expect(
      splitShellWords(
        `spark-submit --conf "spark.driver.extraJavaOptions=-Da=1 -Db=2" \\\n  --conf 'x=y z' app.py`,
      ),
    ).toEqual([
      "spark-submit",
      "--conf",
      "spark.driver.extraJavaOptions=-Da=1 -Db=2",
      "--conf",
      "x=y z",
      "app.py",
    ]);
  });
  it("a whole command explains as spark-submit would run it", () => {
    const g = parseSparkSubmitArgs(
      splitShellWords(
        "pyspark --master yarn --num-executors 3 --executor-memory 2g --conf spark.executor.pyspark.memory=512m",
      ),
    );
    const conf = parseSparkConf({
      submitArgs: splitShellWords(
        "pyspark --master yarn --num-executors 3 --executor-memory 2g --conf spark.executor.pyspark.memory=512m",
      ),
    });
    expect(g.appType).toBe("python");
    const e = executorOf({ conf: conf.conf, appType: g.appType ?? "jvm", sparkVersion: "3.5.1" });
    expect(e.count).toBe(3);
    expect(e.containerBytes).toBe((2048 + 384 + 512) * MiB);
  });
});

describe("master URLs", () => {
  it("parses every form Spark accepts", () => {
    expect(parseMaster("local")).toMatchObject({ manager: "local", threads: 1 });
    expect(parseMaster("local[*]")).toMatchObject({ manager: "local", threads: "*" });
    expect(parseMaster("local[4, 2]")).toMatchObject({ manager: "local", threads: 4, maxFailures: 2 });
    expect(parseMaster("local-cluster[2, 1, 1024]")).toMatchObject({
      manager: "standalone",
      localCluster: { workers: 2, coresPerWorker: 1, memoryPerWorkerMiB: 1024 },
    });
    expect(parseMaster("spark://a:7077,b:7077").manager).toBe("standalone");
    expect(parseMaster("yarn").manager).toBe("yarn");
    expect(parseMaster("k8s://https://h:443").manager).toBe("kubernetes");
  });
  it("refuses the rest clearly", () => {
    const line = (url: string) => {
      try {
        parseMaster(url);
      } catch (e) {
        return (e as SparkmemError).oneLine();
      }
    };
    expect(line("yarn-cluster")).toBe(
      'spark.master: "yarn-cluster" was removed in Spark 3.0; expected --master yarn --deploy-mode cluster',
    );
    expect(() => parseMaster("local[0]")).toThrow(/Asked to run locally with 0 threads/);
    expect(() => parseMaster("mesos://h:5050")).toThrow(/Mesos/);
    expect(() => parseMaster("lokal")).toThrow(/Could not parse Master URL: 'lokal'/);
  });
});
