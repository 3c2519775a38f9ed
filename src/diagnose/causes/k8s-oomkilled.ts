import { changeOf } from "../../conf/change.js";
import { valueSet } from "../../conf/sparkConf.js";
import { adviseContainerGrowth } from "../advice/container.js";
import { roleOf } from "../advice/keys.js";
import { baseCause, type Detector, evidenceOf, findNear, type MessagePattern, scan } from "../detector.js";
import { processAt } from "../process.js";
import { human, parseMemoryQuantity } from "../sizes.js";
import type { Cause, Process } from "../types.js";

// ExecutorPodsLifecycleManager.exitReasonMessage: "The executor with id N exited with exit code C<label>."
// (3.2+ adds describeExitCode's label, 137 → "(SIGKILL, possible container OOM)"), then the pod's
// container statuses: "exit code: 137" / "termination reason: OOMKilled"
const SPARK_EXIT_137: MessagePattern = {
  re: /The executor with id (\d+) exited with exit code 137/,
  source:
    "apache/spark resource-managers/kubernetes/core/src/main/scala/org/apache/spark/scheduler/cluster/k8s/ExecutorPodsLifecycleManager.scala",
};
const OOMKILLED: MessagePattern = {
  re: /termination reason: OOMKilled|^\s*Reason:\s+OOMKilled|reason=OOMKilled|"reason"\s*:\s*"OOMKilled"|\bOOMKilled\b/,
  source:
    "kubernetes pkg/kubelet (ContainerStatus reason OOMKilled); kubectl describe pod 'Last State: Terminated / Reason: OOMKilled / Exit Code: 137'",
};
const EVICTED: MessagePattern = {
  re: /status\.reason=Evicted.*memory|The node was low on resource: memory/,
  source: "kubernetes pkg/kubelet/eviction (node-pressure eviction message)",
};
const DESCRIBE_LIMIT = /^\s*memory:\s+(\S+)\s*$/;
// the kernel's own line for the kill, on a Kubernetes node: the pod's cgroup reached its limit
const KERNEL_KILL: MessagePattern = {
  re: /Kill(?:ed)? process \d+ \((?:java|python\d?)\) total-vm:/,
  source: "linux mm/oom_kill.c (__oom_kill_process), in a pod's memory cgroup",
};

export const k8sOomkilled: Detector = {
  id: "k8s-oomkilled",
  title: "Kubernetes killed a pod's container at its memory limit (OOMKilled, exit code 137)",
  explanation:
    "Spark sets each pod's memory request and limit to spark.{driver,executor}.memory plus the overhead (plus off-heap and PySpark memory). When the container's cgroup reaches the limit, the kernel kills it (SIGKILL, exit code 137, reason OOMKilled). As on YARN, the heap did not run out: memory outside the heap exceeded the overhead.",
  docs: "Spark docs running-on-kubernetes.md (spark.kubernetes.memoryOverheadFactor, spark.executor.memoryOverhead); ExecutorPodsLifecycleManager.scala; Kubernetes docs 'Assign Memory Resources to Containers and Pods'",
  patterns: [SPARK_EXIT_137, OOMKILLED, EVICTED],
  specificity: 10,
  detect(input, ctx) {
    const onK8s = ctx.manager === "kubernetes";
    const hits = scan(
      input,
      onK8s ? [SPARK_EXIT_137, OOMKILLED, EVICTED, KERNEL_KILL] : [SPARK_EXIT_137, OOMKILLED, EVICTED],
    );
    const oomKilled = hits.some((h) => OOMKILLED.re.test(input.lines[h.i] as string));
    const groups = new Map<Process, number[]>();
    for (const h of hits) {
      // "The executor with id N exited" is one of processAt's executor marks
      const p = processAt(input, h.i);
      {
        // push, not a copy per hit: a log with many hits stays linear
        const g = groups.get(p) ?? [];
        g.push(h.i);
        groups.set(p, g);
      }
    }
    const out: Cause[] = [];
    for (const [process, lines] of groups) {
      const first = lines[0] as number;
      const section = input.sections[first];
      const executorId =
        findNear(input, SPARK_EXIT_137.re, first, first + 1)?.m[1] ?? section?.executorId ?? null;
      // a pod spec's limit (pod JSON), or kubectl describe's Limits section (text has no pod specs)
      let limitBytes = section ? (input.podMemoryLimits.get(section.label) ?? null) : null;
      if (input.kind === "text") {
        const lim = findNear(input, /^\s*Limits:\s*$/, 0, input.lines.length);
        // the three lines below "Limits:" (cpu, ephemeral-storage, memory); "Limits:" itself is no memory line
        const mem = lim ? findNear(input, DESCRIBE_LIMIT, lim.i, lim.i + 4) : null;
        limitBytes = mem ? parseMemoryQuantity(mem.m[1] as string) : null;
      }
      const evicted = lines.every((i) => EVICTED.re.test(input.lines[i] as string));
      const tmpfs = valueSet(ctx.conf, "spark.kubernetes.local.dirs.tmpfs")?.trim().toLowerCase() === "true";
      const tmpfsOff = changeOf(
        ctx.conf,
        "spark.kubernetes.local.dirs.tmpfs",
        "false",
        "spills and shuffle files on disk, not in the pod's memory",
      );
      const role = roleOf(process);
      const advice = adviseContainerGrowth(ctx, { role, usedBytes: null, limitBytes, manager: "kubernetes" });
      // an evicted pod is stopped by the kubelet, not SIGKILLed by the kernel: no exit code 137 to report
      const figures: Record<string, number | string> = {
        ...advice.figures,
        ...(evicted ? {} : { exitCode: 137 }),
      };
      if (limitBytes !== null) figures.limitBytes = limitBytes;
      if (executorId) figures.executorId = executorId;
      // whose pod: "executor 13's", "an executor's", "the driver's", or just "a" when the input does not say
      const whose =
        process === "executor"
          ? executorId
            ? `executor ${executorId}'s`
            : "an executor's"
          : process === "unknown"
            ? "a"
            : `the ${process}'s`;
      out.push(
        baseCause(k8sOomkilled, {
          title: evicted
            ? `Kubernetes evicted ${whose} pod: the node ran low on memory`
            : `Kubernetes killed ${whose} container at its memory limit${limitBytes !== null ? ` (${human(limitBytes)})` : ""} — memory outside the heap ran out, not the heap`,
          explanation: evicted
            ? // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
              "The kubelet evicted the pod because the node ran short of memory: pods using more than they requested go first. Spark requests as much as its limit, so look at other pods on the node."
            : `The container's cgroup reached the pod's memory limit and the kernel killed the JVM (SIGKILL, exit code 137). No OutOfMemoryError was thrown: the heap is only part of the pod's memory; what runs outside it (thread stacks, metaspace, direct buffers, native libraries, Python workers) outgrew the overhead.${oomKilled ? "" : " The input shows exit code 137 without 'OOMKilled': a liveness-probe kill or a manual delete also ends in SIGKILL — check the pod's lastState.terminated.reason."}`,
          process,
          confidence: evicted ? 0.6 : oomKilled ? 0.95 : 0.75,
          evidence: evidenceOf(input, lines),
          figures,
          // local dirs in tmpfs: every spill and shuffle file is written into the pod's memory (3.0+,
          // KubernetesConf LOCAL_DIRS_TMPFS; emptyDir medium Memory counts against the container's limit)
          changes: tmpfs ? [tmpfsOff, ...advice.changes] : advice.changes,
          alternatives: advice.alternatives,
          codeChanges: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "In PySpark, Python workers live outside the JVM: set spark.executor.pyspark.memory so they are limited (and counted) explicitly.",
          ],
          nextChecks: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Spark deletes a lost executor's pod quickly; the driver's log keeps the reason ('The executor with id N exited with exit code 137'). Keep pods for inspection with spark.kubernetes.executor.deleteOnTermination=false.",
            ...advice.nextChecks,
          ],
        }),
      );
    }
    return out;
  },
};
