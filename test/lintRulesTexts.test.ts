import { describe, expect, it } from "vitest";
import type { Finding } from "../src/lint/index.js";
import { lintConf } from "./support/lint.js";

/**
 * Whole findings — message, and each change with its why — of rules whose tests checked only that they fire:
 * what a user reads is the rule's output too.
 */
const YARN = { master: "yarn", sparkVersion: "3.5.9" };
const findings = (conf: Record<string, string>, id: string) =>
  lintConf(conf, YARN)
    .filter((f: Finding) => f.ruleId === id)
    .map((f: Finding) => ({ message: f.message, fix: f.fix.map(({ key, to, why }) => ({ key, to, why })) }));

const DROP = "a deprecated key a later version may drop";

describe("deprecated-key", () => {
  it("names the version and the replacement, and moves the value where the replacement is unset", () => {
    expect(findings({ "spark.yarn.executor.memoryOverhead": "1g" }, "deprecated-key")).toEqual([
      {
        message:
          "spark.yarn.executor.memoryOverhead is deprecated since 2.3: use spark.executor.memoryOverhead",
        fix: [
          { key: "spark.yarn.executor.memoryOverhead", to: null, why: DROP },
          { key: "spark.executor.memoryOverhead", to: "1g", why: "its current name" },
        ],
      },
    ]);
  });
  it("only removes the old key where the replacement is set", () => {
    const both = { "spark.yarn.executor.memoryOverhead": "1g", "spark.executor.memoryOverhead": "2g" };
    expect(findings(both, "deprecated-key")[0]?.fix).toEqual([
      { key: "spark.yarn.executor.memoryOverhead", to: null, why: DROP },
    ]);
  });
});

describe("duplicate-spellings", () => {
  const IGNORED = "an old spelling Spark ignores while spark.executor.memoryOverhead is set";
  it("different values: says which one is ignored", () => {
    const both = { "spark.yarn.executor.memoryOverhead": "1g", "spark.executor.memoryOverhead": "2g" };
    expect(findings(both, "duplicate-spellings")).toEqual([
      {
        message:
          "spark.yarn.executor.memoryOverhead=1g and spark.executor.memoryOverhead=2g are both set; Spark uses spark.executor.memoryOverhead, so 1g is ignored",
        fix: [{ key: "spark.yarn.executor.memoryOverhead", to: null, why: IGNORED }],
      },
    ]);
  });
  it("the same value up to spaces: says so", () => {
    const same = { "spark.yarn.executor.memoryOverhead": "1g", "spark.executor.memoryOverhead": " 1g" };
    expect(findings(same, "duplicate-spellings")[0]?.message).toBe(
      "spark.yarn.executor.memoryOverhead=1g and spark.executor.memoryOverhead= 1g are both set; Spark uses spark.executor.memoryOverhead (same value)",
    );
  });
  it("one spelling alone is not a duplicate", () => {
    expect(findings({ "spark.executor.memoryOverhead": "2g" }, "duplicate-spellings")).toEqual([]);
  });
});

describe("xmx-in-java-options", () => {
  const NO_XMX = "the options without -Xmx";
  const HEAP = "the heap -Xmx asked for, as Spark sets it";
  it("executor: Spark's own refusal, the other options kept, the heap moved to spark.executor.memory", () => {
    expect(
      findings(
        { "spark.executor.extraJavaOptions": "-XX:+UseG1GC -Xmx6g -verbose:gc" },
        "xmx-in-java-options",
      ),
    ).toEqual([
      {
        message:
          "spark.executor.extraJavaOptions is not allowed to specify max heap memory settings (was '-XX:+UseG1GC -Xmx6g -verbose:gc'). Use spark.executor.memory instead.",
        fix: [
          { key: "spark.executor.extraJavaOptions", to: "-XX:+UseG1GC -verbose:gc", why: NO_XMX },
          { key: "spark.executor.memory", to: "6g", why: HEAP },
        ],
      },
    ]);
  });
  it("driver: the launcher's text; nothing else in the options removes the key", () => {
    expect(findings({ "spark.driver.extraJavaOptions": "-Xmx2g" }, "xmx-in-java-options")).toEqual([
      {
        message:
          "Not allowed to specify max heap(Xmx) memory settings through java options (was -Xmx2g). Use the corresponding --driver-memory or spark.driver.memory configuration instead.",
        fix: [
          { key: "spark.driver.extraJavaOptions", to: null, why: NO_XMX },
          { key: "spark.driver.memory", to: "2g", why: HEAP },
        ],
      },
    ]);
  });
});

describe("unknown-key", () => {
  const V32 = { master: "yarn", sparkVersion: "3.2.4" };
  const fixOf = (conf: Record<string, string>, at = YARN) =>
    lintConf(conf, at)
      .filter((f: Finding) => f.ruleId === "unknown-key")
      .flatMap((f: Finding) => f.fix.map(({ key, to }) => ({ key, to })));
  const GONE = { key: "spark.executor.memoryOverheads", to: null };
  it("lists the nearest keys with what each takes; a memory key that does nothing is an error", () => {
    const f = lintConf({ "spark.executor.memoryOverheads": "2g" }, YARN).find(
      (x) => x.ruleId === "unknown-key",
    );
    expect(f?.message).toBe(
      "spark.executor.memoryOverheads is not a Spark 3.5 setting; did you mean spark.executor.memoryOverhead (a size), or spark.executor.memory (a size), or spark.executor.memoryOverheadFactor (a factor)?",
    );
    expect(f?.severity).toBe("error");
    const sql = lintConf({ "spark.sql.shufle.partitions": "200" }, YARN).find(
      (x) => x.ruleId === "unknown-key",
    );
    expect(sql?.severity).toBe("warning");
    expect(sql?.message).toMatch(
      /^spark\.sql\.shufle\.partitions is not a Spark 3\.5 setting; did you mean spark\.sql\.shuffle\.partitions \(a number\)/,
    );
  });
  it("a size goes to the size key, a fraction (0.2 or .2) to the factor key, anything else nowhere", () => {
    expect(fixOf({ "spark.executor.memoryOverheads": "2g" })).toEqual([
      GONE,
      { key: "spark.executor.memoryOverhead", to: "2g" },
    ]);
    for (const v of ["0.2", ".2"])
      expect(fixOf({ "spark.executor.memoryOverheads": v })).toEqual([
        GONE,
        { key: "spark.executor.memoryOverheadFactor", to: v },
      ]);
    expect(fixOf({ "spark.executor.memoryOverheads": "2 g" })).toEqual([GONE]);
  });
  it("before 3.3 (no factor key) a fraction becomes the overhead it gives: max(384 MiB, 0.2 × heap)", () => {
    expect(fixOf({ "spark.executor.memoryOverheads": "0.2" }, V32)).toEqual([
      GONE,
      { key: "spark.executor.memoryOverhead", to: "384m" },
    ]);
    expect(fixOf({ "spark.executor.memoryOverheads": "0.2", "spark.executor.memory": "10g" }, V32)).toEqual([
      GONE,
      { key: "spark.executor.memoryOverhead", to: "2g" },
    ]);
    expect(fixOf({ "spark.driver.memoryOverheads": "0.2", "spark.driver.memory": "10g" }, V32)).toEqual([
      { key: "spark.driver.memoryOverheads", to: null },
      { key: "spark.driver.memoryOverhead", to: "2g" },
    ]);
  });
});
