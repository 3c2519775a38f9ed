import { MiB } from "../conf/byteString.js";
import { buildContext, type ExplainInput } from "./explain.js";
import { type ContainerRole, layoutWith } from "./inverse.js";
import { computeLayout } from "./layout.js";

/**
 * Before 3.0 on YARN (3.1 on Kubernetes) an executor's container does not count off-heap memory
 * (YarnAllocator 2.4: heap + overhead + PySpark), so the off-heap size has to live in the overhead, beside
 * the overhead Spark derives for the heap. For such an executor, the settings of a heap of `h` MiB with
 * that room; null where off-heap memory is counted in the container, or not enabled.
 */
export function offHeapRoom(
  input: ExplainInput,
  role: ContainerRole,
): ((h: number) => Record<string, string>) | null {
  const p = computeLayout(buildContext(input)).executor;
  if (role !== "executor" || !p || p.offHeapBytes === 0 || p.containerOffHeapBytes > 0) return null;
  const offMiB = Math.ceil(p.offHeapBytes / MiB);
  return (h) => {
    const derived = layoutWith(input, {
      "spark.executor.memory": `${h}m`,
      "spark.executor.memoryOverhead": null,
    }).executor;
    const overheadMiB = offMiB + (derived ? derived.overheadBytes / MiB : 0);
    return { "spark.executor.memory": `${h}m`, "spark.executor.memoryOverhead": `${overheadMiB}m` };
  };
}
