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

// an OutOfMemoryError whose kind was lost: thrown again from the uncaught-exception handler, or quoted bare
const BARE_OOM: MessagePattern = {
  re: /OutOfMemoryError thrown from the UncaughtExceptionHandler|java\.lang\.OutOfMemoryError\s*$/,
  source:
    "OpenJDK hotspot (Thread::dispatchUncaughtException: 'Exception: … thrown from the UncaughtExceptionHandler')",
};
// Databricks' notebook message when the driver's JVM died, most often of its heap
const DRIVER_RESTART: MessagePattern = {
  re: /The spark driver has stopped unexpectedly and is restarting/,
  source:
    "Databricks documentation, 'Spark driver stopped unexpectedly and is restarting' (driver out of memory)",
};

export const heapOom: Detector = {
  id: "heap-oom",
  title: "The Java heap ran out (OutOfMemoryError: Java heap space)",
  explanation:
    "The JVM could not allocate an object in its heap (-Xmx = spark.driver.memory or spark.executor.memory). On the driver this is usually a collect()/toPandas() or a broadcast being built; on an executor a task that holds too much at once: a skewed key, a huge group in collect_list, too few partitions. An executor exits with code 52 on any OutOfMemoryError.",
  docs: "Spark docs tuning.md (Memory Tuning, Memory Management Overview); SparkExitCode.scala (OOM = 52)",
  patterns: [HEAP_SPACE, EXIT_52, BARE_OOM, DRIVER_RESTART],
  specificity: 8,
  detect: (input, ctx) =>
    // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
    heapCauses(
      heapOom,
      input,
      ctx,
      [HEAP_SPACE, EXIT_52, BARE_OOM, DRIVER_RESTART],
      "The JVM ran out of heap.",
      // Databricks' restart message names no cause: an exit code 137 beside it (the OS's kill) is likelier
      (i) => {
        const line = input.lines[i] as string;
        return HEAP_SPACE.re.test(line) ? 0.9 : DRIVER_RESTART.re.test(line) ? 0.45 : 0.6;
      },
    ),
};
