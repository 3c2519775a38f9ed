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
