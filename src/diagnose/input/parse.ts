import { looksLikeEventLog, parseEventLog } from "./eventLog.js";
import { parsePodJson } from "./podJson.js";
import { textSections } from "./sections.js";
import type { ParsedInput } from "./types.js";

// Messages only YARN (Hadoop's NodeManager, Spark's YarnAllocator/Client) prints
const YARN_CUE =
  /Container killed by YARN|containerID=container_|Container: container_|\bcontainer_(?:e\d+_)?\d+_\d+_\d+_\d+|yarn\.(?:scheduler|nodemanager)|ApplicationMaster|YarnAllocator|YarnClusterScheduler|Container killed on request/;
// Kubernetes' and Spark-on-Kubernetes' words (ExecutorPodsLifecycleManager, kubectl describe)
const K8S_CUE =
  /OOMKilled|The executor with id \d+ exited with exit code|ExecutorPodsLifecycleManager|ExecutorPodsAllocator|k8s:\/\/|kubernetes|\bkubectl\b|termination reason:|Last State:\s+Terminated|-exec-\d+\b/i;

// SparkContext.DRIVER_IDENTIFIER as the executor of a task (local mode), or a local master
const LOCAL_CUE =
  /, executor driver\)| executor driver\)|--master local\b|\.master\(["']local|master=local\b/;

/** Splits the pasted text and decides what kind of input it is. */
export function parseInput(text: string, deployMode: "client" | "cluster" | null): ParsedInput {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const pod = parsePodJson(text);
  if (pod) return pod;
  if (looksLikeEventLog(lines)) {
    const ev = parseEventLog(lines);
    if (ev.eventLog && (ev.lines.length > 0 || ev.eventLog.conf.entries.size > 0)) return ev;
  }
  while (lines.length > 0 && (lines[lines.length - 1] as string).trim() === "") lines.pop();
  return {
    kind: "text",
    lines,
    sections: textSections(lines, deployMode),
    cues: { yarn: YARN_CUE.test(text), kubernetes: K8S_CUE.test(text), local: LOCAL_CUE.test(text) },
    eventLog: null,
    podMemoryLimits: new Map(),
  };
}
