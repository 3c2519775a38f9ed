import type { MessagePattern } from "../detector.js";
import { parseBinarySize } from "../sizes.js";

const SIZE = "([0-9.]+ ?[KMGTPE]?B)";

/**
 * Spark's executor-loss text for YARN exit statuses -104/-103, quoting the first
 * "<x> of <y> (physical|virtual) memory used" of YARN's diagnostics
 * (resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/YarnAllocator.scala):
 * 2.3–2.4 "…exceeding memory limits.  <m>. Consider boosting spark.yarn.executor.memoryOverhead or
 * disabling yarn.nodemanager.vmem-check-enabled because of YARN-4714." (two spaces; 2.2 and older
 * without the YARN-4714 tail); 3.0+ "…exceeding physical memory limits. <m>. Consider boosting
 * spark.executor.memoryOverhead." and "…exceeding virtual memory limits. <m>. … vmem-pmem-ratio …".
 */
export const SPARK_YARN_KILL: MessagePattern = {
  re: new RegExp(
    String.raw`Container killed by YARN for exceeding (?:(physical|virtual) )?memory limits\.\s*(?:${SIZE} of ${SIZE} (physical|virtual) memory used)?`,
  ),
  source:
    "apache/spark resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/YarnAllocator.scala (2.4: memLimitExceededLogMessage; 3.0+: processCompletedContainers)",
};

/**
 * The NodeManager's own kill text (ContainersMonitorImpl): Hadoop 2.x "Container [pid=…,containerID=…]
 * is running beyond physical memory limits. Current usage: 2.1 GB of 2 GB physical memory used;
 * 3.6 GB of 4.2 GB virtual memory used. Killing container."; Hadoop 3.x "… is running 123B beyond the
 * 'PHYSICAL' memory limit. Current usage: …". Sizes are TraditionalBinaryPrefix.long2String(n, "", 1) + "B".
 */
export const HADOOP_YARN_KILL: MessagePattern = {
  re: new RegExp(
    String.raw`Container \[pid=(\d+),\s*containerID=(container_[\w]+)\] is running (?:beyond (physical|virtual) memory limits|(\d+)B beyond the '(PHYSICAL|VIRTUAL)' memory limit)\.\s*Current usage: ${SIZE} of ${SIZE} physical memory used; ${SIZE} of ${SIZE} virtual memory used`,
  ),
  source:
    "apache/hadoop hadoop-yarn-server-nodemanager/.../containermanager/monitor/ContainersMonitorImpl.java (formatErrorMessage, formatUsageString)",
};

/** ContainerExitStatus.KILLED_EXCEEDED_VMEM (-103) / KILLED_EXCEEDED_PMEM (-104) without the text. */
export const YARN_EXIT_STATUS: MessagePattern = {
  re: /(?:[Ee]xit status|exitStatus|exitCode|exit code)[:=]?\s*(-10[34])\b/,
  source: "apache/hadoop hadoop-yarn-api/.../records/ContainerExitStatus.java",
};

export type MemoryKind = "physical" | "virtual";

export interface YarnKill {
  kind: MemoryKind | null;
  usedBytes: number | null;
  limitBytes: number | null;
  /** Hadoop's message also gives the other memory's figures. */
  physical: { used: number; limit: number } | null;
  virtual: { used: number; limit: number } | null;
  containerId: string | null;
  exitStatus: number | null;
}

/** Reads one match of the three patterns above into figures. */
export function readYarnKill(which: "spark" | "hadoop" | "status", m: RegExpExecArray): YarnKill {
  const size = (s: string | undefined) => (s === undefined ? null : parseBinarySize(s));
  if (which === "spark") {
    const kind = (m[1] ?? m[4] ?? null) as MemoryKind | null;
    return {
      kind,
      usedBytes: size(m[2]),
      limitBytes: size(m[3]),
      physical: null,
      virtual: null,
      containerId: null,
      exitStatus: null,
    };
  }
  if (which === "hadoop") {
    const kind = (m[3] ?? (m[5] as string).toLowerCase()) as MemoryKind;
    const pu = size(m[6]);
    const pl = size(m[7]);
    const vu = size(m[8]);
    const vl = size(m[9]);
    const physical = pu !== null && pl !== null ? { used: pu, limit: pl } : null;
    const virtual = vu !== null && vl !== null ? { used: vu, limit: vl } : null;
    const mine = kind === "physical" ? physical : virtual;
    return {
      kind,
      usedBytes: mine?.used ?? null,
      limitBytes: mine?.limit ?? null,
      physical,
      virtual,
      containerId: m[2] ?? null,
      exitStatus: null,
    };
  }
  const status = Number(m[1]);
  return {
    kind: status === -104 ? "physical" : "virtual",
    usedBytes: null,
    limitBytes: null,
    physical: null,
    virtual: null,
    containerId: null,
    exitStatus: status,
  };
}

/** "container_1598507699008_0094_01_000010" → 10. */
export function containerNumber(id: string): number | null {
  const m = /_(\d+)$/.exec(id);
  return m ? Number(m[1]) : null;
}
