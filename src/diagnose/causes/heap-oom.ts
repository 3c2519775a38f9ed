import type { Detector, MessagePattern } from "../detector.js";
import { heapCauses } from "./heapShared.js";

const HEAP_SPACE: MessagePattern = {
  // "OutofMemoryError" as users retype it
  re: /\bOut[Oo]fMemoryError: Java heap space|Out[Oo]fMemoryError: Requested array size exceeds VM limit/,
  source:
    "OpenJDK hotspot src/hotspot/share/memory/universe.cpp (the pre-allocated OutOfMemoryError messages)",
};
// SparkExitCode.OOM = 52: SparkUncaughtExceptionHandler exits the executor on any OutOfMemoryError;
// ExecutorPodsLifecycleManager.describeExitCode labels it "(JVM OOM)"
const EXIT_52: MessagePattern = {
  re: /exit code 52\(JVM OOM\)|(?:Command exited with code|[Ee]xit status:?|exit code:?) 52\b/,
  source:
    "apache/spark core/src/main/scala/org/apache/spark/util/SparkExitCode.scala; resource-managers/kubernetes/.../ExecutorPodsLifecycleManager.scala (describeExitCode)",
};

export const heapOom: Detector = {
  id: "heap-oom",
  title: "The Java heap ran out (OutOfMemoryError: Java heap space)",
  explanation:
    "The JVM could not allocate an object in its heap (-Xmx = spark.driver.memory or spark.executor.memory). On the driver this is usually a collect()/toPandas() or a broadcast being built; on an executor a task that holds too much at once: a skewed key, a huge group in collect_list, too few partitions. An executor exits with code 52 on any OutOfMemoryError.",
  docs: "Spark docs tuning.md (Memory Tuning, Memory Management Overview); SparkExitCode.scala (OOM = 52)",
  patterns: [HEAP_SPACE, EXIT_52],
  specificity: 8,
  detect: (input, ctx) =>
    // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
    heapCauses(heapOom, input, ctx, [HEAP_SPACE, EXIT_52], "The JVM ran out of heap.", (i) =>
      HEAP_SPACE.re.test(input.lines[i] as string) ? 0.9 : 0.6,
    ),
};
