import { describe, expect, it } from "vitest";
import { buildInput } from "../src/cli/explainCommand.js";
import { byteStringAs } from "../src/conf/byteString.js";
import { javaTrim, parseJavaDouble, parseJavaInt } from "../src/conf/javaNumbers.js";
import { parseMaster } from "../src/conf/master.js";
import { parseConfText } from "../src/conf/sources/byKind.js";
import { explain } from "../src/model/explain.js";
import { javaDoubleString } from "../src/model/messages.js";
import { hostShape } from "../src/size/hostShape.js";
import { errorOf } from "./support/errors.js";

/**
 * Values a user (or a fuzzer) can type that Spark refuses or that would read as an entry of
 * Object.prototype: each is one clear error, never an internal error or a layout Spark would not build.
 */
const options = { format: "text", color: false, confFile: [], conf: [] };

describe("names that are Object.prototype's, not ours", () => {
  it.each(["constructor", "toString", "__proto__", "hasOwnProperty"])(
    "--example %s is not an example",
    (name) => {
      expect(errorOf(() => buildInput([], { ...options, example: name })).oneLine()).toBe(
        `--example: no example named "${name}"; expected seed, notebook, emr, k8s`,
      );
    },
  );

  it.each(["constructor", "valueOf"])("--gc %s is not a collector", (gc) => {
    expect(errorOf(() => buildInput([], { ...options, gc })).oneLine()).toBe(
      `--gc: "${gc}" is not a modelled collector; expected G1, Parallel or Serial`,
    );
  });

  it("a size unit named constructor is not a unit", () => {
    expect(() => byteStringAs("4constructor", "MiB")).toThrow(/Invalid suffix: "constructor"/);
  });

  it("a SparkApplication of type constructor, and an EMR member named constructor", () => {
    const yaml =
      "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  type: constructor\n";
    expect(errorOf(() => parseConfText("spark-application", yaml, "app.yaml")).oneLine()).toMatch(
      /type "constructor".*expected Java, Scala, Python or R/,
    );
    const emr = '[{"Classification":"spark-defaults","constructor":{}}]';
    expect(errorOf(() => parseConfText("emr", emr, "emr.json")).oneLine()).toMatch(
      /unknown member "constructor"/,
    );
  });
});

describe("Java's reading of numbers and text, not JavaScript's", () => {
  it("String.trim strips characters ≤ U+0020 only: a no-break space stays, and Spark refuses the size", () => {
    expect(javaTrim("\t 4g \u0001")).toBe("4g");
    expect(javaTrim("4g\u00a0")).toBe("4g\u00a0");
    expect(() => byteStringAs("4g\u00a0", "MiB")).toThrow(/Failed to parse byte string: 4g\u00a0/);
    expect(byteStringAs(" 4g\n", "MiB")).toBe(4096n);
    expect(parseJavaInt("\u00a012")).toBeNull();
    expect(parseJavaDouble("0.6\u2003")).toBeNull();
  });

  it("local[N] above Int.MaxValue: SparkContext's toInt fails, so do we", () => {
    expect(errorOf(() => parseMaster("local[99999999999999999999999]")).oneLine()).toBe(
      'spark.master: NumberFormatException: For input string: "99999999999999999999999"; expected a whole number up to 2147483647 in local[99999999999999999999999]',
    );
    expect(parseMaster("local[2147483647]")).toMatchObject({ threads: 2147483647 });
    expect(() => parseMaster("local[4,2147483648]")).toThrow(/For input string: "2147483648"/);
    expect(() => parseMaster("local-cluster[2,1,9999999999]")).toThrow(/For input string: "9999999999"/);
  });

  it("an overhead factor of 1e400 reads as Infinity: refused, not a container of Infinity MiB", () => {
    for (const key of ["spark.executor.memoryOverheadFactor", "spark.driver.memoryOverheadFactor"]) {
      const e = errorOf(() => explain({ sparkVersion: "3.5.1", master: "yarn", conf: { [key]: "1e400" } }));
      expect(e.oneLine()).toBe(
        `${key}: Infinity is not a finite number; expected a factor such as 0.1 (factor × memory would overflow: no container can be granted)`,
      );
    }
    const k8s = { "spark.kubernetes.memoryOverheadFactor": "1e400" };
    expect(() => explain({ sparkVersion: "3.2.4", master: "k8s://https://h", conf: k8s })).toThrow(
      /Infinity is not a finite number/,
    );
    // a finite factor whose overhead passes Int.MaxValue MiB: Spark's toInt saturates, the YARN request wraps
    expect(() =>
      explain({
        sparkVersion: "3.5.1",
        master: "yarn",
        conf: { "spark.executor.memoryOverheadFactor": "1e300" },
      }),
    ).toThrow(
      "spark.executor.memoryOverheadFactor: 1.0E300 × 1024 MiB is more than 2147483647 MiB of overhead",
    );
  });

  it("a value past a Java int says the range in words (not 'a int')", () => {
    const e = errorOf(() =>
      explain({ sparkVersion: "3.5.1", master: "yarn", conf: { "spark.executor.instances": "99999999999" } }),
    );
    expect(e.problem).toBe('"99999999999" is not a whole number up to 2147483647');
    expect(e.expected).toBe("a whole number up to 2147483647 (Spark reads a Java int)");
  });

  it("Double.toString of Infinity and NaN", () => {
    expect([Infinity, -Infinity, Number.NaN].map(javaDoubleString)).toEqual(["Infinity", "-Infinity", "NaN"]);
  });
});

describe("size: a node too large to search", () => {
  it("2^31 vCPUs is an error at once, not a search over every executors-per-node count", () => {
    const group = { name: "core", nodes: 1, cores: 2 ** 31, memoryBytes: 64 * 2 ** 30 };
    expect(errorOf(() => hostShape(group, { master: "yarn", groups: [group] })).oneLine()).toBe(
      "--node-cores: 2147483648 vCPUs are more than 1024; expected the vCPUs of one node, at most 1024 (the largest EC2 instances have 896)",
    );
    const largest = { ...group, cores: 1024 };
    expect(hostShape(largest, { master: "yarn", groups: [largest] })).toBeTruthy();
  });
});
