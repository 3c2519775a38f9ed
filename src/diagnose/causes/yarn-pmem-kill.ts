import type { Detector } from "../detector.js";
import { HADOOP_YARN_KILL, SPARK_YARN_KILL, YARN_EXIT_STATUS } from "../messages/yarnKill.js";
import { pmemCauses } from "./yarnKill.js";

export const yarnPmemKill: Detector = {
  id: "yarn-pmem-kill",
  title: "YARN killed a container for its physical memory",
  explanation:
    "The NodeManager checks the resident memory of each container's process tree every few seconds and kills the container (exit status -104) when it exceeds the size YARN granted. The Java heap is only part of that: thread stacks, metaspace, direct/Netty buffers, native libraries and Python workers live in the overhead (spark.executor.memoryOverhead). No OutOfMemoryError is thrown; the fix is more overhead, or fewer tasks sharing the container.",
  docs: "Spark YarnAllocator.scala (kill message); Hadoop ContainersMonitorImpl.java (pmem check), yarn-default.xml yarn.nodemanager.pmem-check-enabled; Spark docs running-on-yarn.md (spark.executor.memoryOverhead)",
  patterns: [SPARK_YARN_KILL, HADOOP_YARN_KILL, YARN_EXIT_STATUS],
  specificity: 10,
  detect: (input, ctx) => pmemCauses(yarnPmemKill, input, ctx),
};
