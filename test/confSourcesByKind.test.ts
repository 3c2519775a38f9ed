import { describe, expect, it } from "vitest";
import { parseConfText } from "../src/conf/sources/byKind.js";
import { looksLikeEmrConfigurations, looksLikeSparkSubmit } from "../src/conf/sources/textKind.js";

describe("telling configuration texts apart (shared by the CLI and the page)", () => {
  it("EMR configuration lists: arrays, EC2's Classification and EKS's classification", () => {
    expect(looksLikeEmrConfigurations(' [{"Classification":"spark-defaults","Properties":{}}]')).toBe(true);
    expect(looksLikeEmrConfigurations('{"Classification":"spark","Properties":{}}')).toBe(true);
    expect(looksLikeEmrConfigurations('{"applicationConfiguration":[{"classification":"spark"}]}')).toBe(
      true,
    );
    expect(looksLikeEmrConfigurations('{"spark.executor.memory":"4g"}')).toBe(false);
    expect(looksLikeEmrConfigurations("spark.executor.memory 4g")).toBe(false);
  });

  it("launcher command lines", () => {
    expect(looksLikeSparkSubmit("/opt/spark/bin/spark-submit --executor-memory 4g app.py")).toBe(true);
    expect(looksLikeSparkSubmit("--executor-memory 4g")).toBe(true);
    expect(looksLikeSparkSubmit("spark.executor.memory 4g")).toBe(false);
  });

  it("each kind goes to its parser, naming the source", () => {
    const conf = parseConfText("spark-defaults", "spark.executor.memory 4g\n", "a.conf");
    expect(conf.entries).toMatchObject([
      { key: "spark.executor.memory", value: "4g", origin: { file: "a.conf", line: 1 } },
    ]);
    const emr = parseConfText(
      "emr",
      '[{"Classification":"spark-defaults","Properties":{"spark.executor.cores":"4"}}]',
      "e.json",
    );
    expect(emr.entries).toMatchObject([{ key: "spark.executor.cores", value: "4" }]);
  });
});
