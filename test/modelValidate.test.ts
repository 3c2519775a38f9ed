import { describe, expect, it } from "vitest";
import { type Refusal, refusal } from "./support/refusal.js";

/**
 * The model's start-up validation (src/model/validate.ts), one row per check and version boundary: what sparkmem
 * says (where, problem, expected) and the text Spark itself fails with (ConfigBuilder.checkValue before 4.0,
 * INVALID_CONF_VALUE.REQUIREMENT from 4.0, SparkConf.validateSettings), or no error where that version has no check.
 */
const K8S = "k8s://https://k:443";
const REQ = (v: string, key: string, text: string) =>
  `[INVALID_CONF_VALUE.REQUIREMENT] The value '${v}' in the config "${key}" is invalid. ${text} SQLSTATE: 22022`;

describe("validateConf", () => {
  it.each([
    [
      "3.5.1",
      "yarn",
      { "spark.executor.memory": "-4g" },
      {
        where: "spark.executor.memory",
        problem: "-4096 MiB is negative",
        expected: "a positive size such as 4g",
      },
    ],
    [
      "3.4.1",
      "yarn",
      { "spark.memory.offHeap.size": "-1" },
      {
        where: "spark.memory.offHeap.size",
        problem: "is negative",
        expected: "a size ≥ 0 such as 2g",
        sparkMessage:
          "'-1' in spark.memory.offHeap.size is invalid. The off-heap memory size must not be negative",
      },
    ],
    [
      "3.5.1",
      "yarn",
      { "spark.memory.storageFraction": "-0.1" },
      {
        where: "spark.memory.storageFraction",
        problem: "-0.1 is outside 0..1",
        expected: "a fraction between 0 and 1",
        sparkMessage: "spark.memory.storageFraction should be between 0 and 1 (was '-0.1').",
      },
    ],
    [
      "3.3.0",
      "yarn",
      { "spark.executor.memoryOverheadFactor": "0" },
      {
        where: "spark.executor.memoryOverheadFactor",
        problem: "0.0 is not above 0",
        expected: "a factor > 0 such as 0.1",
        sparkMessage:
          "'0.0' in spark.executor.memoryOverheadFactor is invalid. Ensure that memory overhead is a double greater than 0",
      },
    ],
    ["3.2.4", "yarn", { "spark.executor.memoryOverheadFactor": "0" }, "accepted"],
    [
      "3.2.4",
      K8S,
      { "spark.kubernetes.memoryOverheadFactor": "1.0" },
      {
        where: "spark.kubernetes.memoryOverheadFactor",
        problem: "1.0 is out of range",
        expected: "a factor in [0, 1)",
        sparkMessage:
          "'1.0' in spark.kubernetes.memoryOverheadFactor is invalid. Ensure that memory overhead is a double between 0 --> 1.0",
      },
    ],
    ["3.3.0", K8S, { "spark.kubernetes.memoryOverheadFactor": "1.0" }, "accepted"],
    [
      "3.3.0",
      K8S,
      { "spark.kubernetes.memoryOverheadFactor": "-0.1" },
      {
        where: "spark.kubernetes.memoryOverheadFactor",
        problem: "-0.1 is out of range",
        expected: "a factor ≥ 0",
        sparkMessage:
          "'-0.1' in spark.kubernetes.memoryOverheadFactor is invalid. Ensure that memory overhead is non-negative",
      },
    ],
    [
      "4.1.0",
      "yarn",
      { "spark.task.cpus": "0" },
      {
        where: "spark.task.cpus",
        problem: "0 is not a positive number of cores",
        expected: "an integer ≥ 1",
      },
    ],
    [
      "4.2.0",
      "yarn",
      { "spark.task.cpus": "0" },
      {
        where: "spark.task.cpus",
        problem: "0 is not a positive number of cores",
        expected: "an integer ≥ 1",
        sparkMessage: REQ(
          "0",
          "spark.task.cpus",
          "Number of cores to allocate for each task should be positive.",
        ),
      },
    ],
    ["4.3.0", "yarn", { "spark.task.cpus": "0.5" }, "accepted"],
    ["4.3.0", "yarn", { "spark.task.cpus": "0.000000001" }, "accepted"],
    ...["1.1234567891", ".", "", "0.0000000001"].map(
      (v) =>
        [
          "4.3.0",
          "yarn",
          { "spark.task.cpus": v },
          {
            where: "spark.task.cpus",
            problem: `"${v}" is not a valid number of cpus per task`,
            expected: "a positive number between 1E-9 and 2147483647 with at most 9 decimals",
            sparkMessage: REQ(
              v,
              "spark.task.cpus",
              "Number of cores to allocate for each task must be a positive value between 1E-9 and 2147483647 (inclusive).",
            ),
          },
        ] as const,
    ),
    [
      "3.5.1",
      "yarn",
      { "spark.driver.cores": "0" },
      {
        where: "spark.driver.cores",
        problem: "0 is not a positive number of cores",
        expected: "an integer ≥ 1",
      },
    ],
    [
      "3.5.1",
      "yarn",
      { "spark.executor.instances": "-1" },
      { where: "spark.executor.instances", problem: "-1 is negative", expected: "an integer ≥ 0" },
    ],
    ["3.5.1", "yarn", { "spark.executor.instances": "0" }, "accepted"],
  ] as [string, string, Record<string, string>, Refusal][])("%s %s %o", (version, master, conf, expected) => {
    expect(refusal(version, master, conf)).toEqual(expected);
  });
});
