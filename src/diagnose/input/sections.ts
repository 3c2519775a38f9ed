import type { Process } from "../types.js";
import type { Section } from "./types.js";

/**
 * Spark names its pods "<app>-driver" and "<app>-exec-<id>"
 * (resource-managers/kubernetes/core/.../features/BasicDriverFeatureStep.scala, BasicExecutorFeatureStep.scala).
 */
export function processOfPodName(name: string): Process {
  if (/-driver$/.test(name)) return "driver";
  if (/-exec-\d+$/.test(name)) return "executor";
  return "unknown";
}

// `yarn logs` prints "Container: container_<cluster ts>_<app>_<attempt>_<n> on <host>_<port>"
// (hadoop-yarn-common .../logaggregation/LogToolUtils.java, AggregatedLogFormat.java); container 1 is the AM
const YARN_CONTAINER = /^\s*Container: (container_(?:e\d+_)?\d+_\d+_\d+_(\d+)) on \S+/;
// kubectl describe pod starts with "Name:  <pod>"
const DESCRIBE_NAME = /^Name:\s+(\S+)\s*$/;

/** The process a YARN container number runs: 1 is the AM, the driver in cluster mode. */
export function processOfContainerNumber(n: number, deployMode: "client" | "cluster" | null): Process {
  if (n !== 1) return "executor";
  return deployMode === "client" ? "am" : "driver";
}

/** Each line's section from `yarn logs` container headers and kubectl describe's pod name. */
export function textSections(
  lines: readonly string[],
  deployMode: "client" | "cluster" | null,
): (Section | null)[] {
  const out: (Section | null)[] = [];
  let current: Section | null = null;
  for (const line of lines) {
    const c = YARN_CONTAINER.exec(line);
    const d = c ? null : DESCRIBE_NAME.exec(line);
    if (c) {
      current = {
        process: processOfContainerNumber(Number(c[2]), deployMode),
        label: c[1] as string,
        executorId: null,
      };
    } else if (d) {
      const name = d[1] as string;
      const p = processOfPodName(name);
      if (p !== "unknown" || current === null) current = { process: p, label: name, executorId: null };
    }
    out.push(current);
  }
  return out;
}
