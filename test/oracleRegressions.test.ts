import { describe, expect, it } from "vitest";
import { byteStringAs } from "../src/conf/byteString.js";
import { layoutOf } from "./helpers.js";

/**
 * Each case here is a mismatch the oracle (npm run oracle) found between the model and a real Spark
 * version's own classes; the expected values are what that Spark answered.
 */
describe("oracle findings stay fixed", () => {
  it("Kubernetes before 3.1 sizes the executor pod from the MiB entry while the JVM gets the raw string", () => {
    // Spark 2.4.8: memoryRequest 288340Mi (= 262128 + 10 %), SPARK_EXECUTOR_MEMORY "262128"
    const e = layoutOf({
      sparkVersion: "2.4.8",
      master: "k8s://https://k",
      deployMode: "client",
      conf: { "spark.executor.memory": "262128" },
    }).executor;
    expect(e?.pod?.memoryRequest).toBe("288340Mi");
    expect(e?.jvm.xmx).toBe("-Xmx262128");
    expect(e?.heapBytes).toBe(262128); // bytes, as the JVM reads a bare number
  });

  it("4.1+ refuses an executor cpu limit below the request", () => {
    // Spark 4.3.0: "The executor cpu request (3) should be less than or equal to cpu limit (1)"
    const conf = { "spark.executor.cores": "3", "spark.kubernetes.executor.limit.cores": "1" };
    const errors = (v: string) =>
      layoutOf({ sparkVersion: v, master: "k8s://https://k", deployMode: "cluster", conf }).errors;
    expect(errors("4.3.0").map((e) => [e.code, e.message])).toContainEqual([
      "k8s-cpu-limit-below-request",
      "The executor cpu request (3) should be less than or equal to cpu limit (1)",
    ]);
    expect(errors("4.0.0").map((e) => e.code)).not.toContain("k8s-cpu-limit-below-request");
    // compared by value, as fabric8 Quantity does: 4000m is 4 cores
    const ok = layoutOf({
      sparkVersion: "4.3.0",
      master: "k8s://https://k",
      deployMode: "cluster",
      conf: { "spark.executor.cores": "4", "spark.kubernetes.executor.limit.cores": "4000m" },
    }).errors;
    expect(ok.map((e) => e.code)).not.toContain("k8s-cpu-limit-below-request");
  });

  it("before 4.3 the overflow text names the suffix's unit", () => {
    // Spark 2.4.8 and 3.5.9: JavaUtils.byteStringAs("9000000p", KiB)
    expect(() => byteStringAs("9000000p", "KiB")).toThrow(
      "Conversion of 9000000 exceeds Long.MAX_VALUE in PiB. Try a larger unit (e.g. MiB instead of KiB)",
    );
  });

  it("the minimum-memory checks come before the storage-fraction check", () => {
    // Spark 4.3.0, executor: INVALID_EXECUTOR_MEMORY.CONFIG_MEMORY, not the fraction
    const errors = layoutOf({
      sparkVersion: "4.3.0",
      master: "yarn",
      deployMode: "cluster",
      conf: { "spark.executor.memory": "178050", "spark.memory.storageFraction": "1" },
    }).errors.filter((e) => e.process === "executor");
    expect(errors[0]?.code).toBe("min-executor-memory");
  });
});
