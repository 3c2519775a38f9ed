import type { Detector, MessagePattern } from "../detector.js";
import { heapCauses } from "./heapShared.js";

const GC_OVERHEAD: MessagePattern = {
  // the JVM's message, also as users quote it without the exception's name
  re: /GC overhead limit exceeded/,
  source:
    "OpenJDK hotspot gc/parallel/psScavenge / UseGCOverheadLimit (Parallel GC: >98% time in GC, <2% heap freed)",
};

// Databricks' cluster event for a driver stalled in garbage collection
const UNRESPONSIVE: MessagePattern = {
  re: /Driver is up but is not responsive, likely due to GC/,
  source: "Databricks documentation, 'Spark driver is unresponsive' (cluster event DRIVER_NOT_RESPONDING)",
};

export const gcOverhead: Detector = {
  id: "gc-overhead",
  title: "The JVM spent nearly all its time collecting garbage (GC overhead limit exceeded)",
  explanation:
    "With the Parallel collector (Java 8's default) the JVM gives up when over 98% of the time goes to garbage collection and under 2% of the heap is freed: the heap is full of live objects. It is a heap shortage in slow motion; the same remedies as a heap OOM apply.",
  docs: "Oracle Java SE Troubleshooting Guide, 'Understand the OutOfMemoryError Exception' (GC overhead limit exceeded); Spark docs tuning.md (Garbage Collection Tuning)",
  patterns: [GC_OVERHEAD, UNRESPONSIVE],
  specificity: 8,
  detect: (input, ctx) =>
    heapCauses(
      gcOverhead,
      input,
      ctx,
      [GC_OVERHEAD, UNRESPONSIVE],
      // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
      "The heap was so full of live objects that garbage collection freed almost nothing.",
      () => 0.85,
    ),
};
