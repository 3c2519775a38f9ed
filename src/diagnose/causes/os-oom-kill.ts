import { adviseContainerGrowth } from "../advice/container.js";
import { roleOf } from "../advice/keys.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { processAt, processName } from "../process.js";
import { human } from "../sizes.js";
import type { Cause, Process } from "../types.js";

// mm/oom_kill.c __oom_kill_process: "<message>: Killed process <pid> (<comm>) total-vm:…kB, anon-rss:…kB, …"
// with message "Out of memory" or "Memory cgroup out of memory"; kernels before 4.x also printed
// "Out of memory: Kill process <pid> (<comm>) score <n> or sacrifice child"
const KILLED: MessagePattern = {
  // the prefix as the kernel prints it; users often paste the "Killed process" part alone (with total-vm)
  re: /(?:(Out of memory|Memory cgroup out of memory)(?: \([\w_]+\))?: Kill(?:ed)? process (\d+) \(([^)]+)\)|()Killed process (\d+) \(([^)]+)\) total-vm:)(?:.*?anon-rss:(\d+)kB)?/,
  source: "linux mm/oom_kill.c (__oom_kill_process, oom_kill_process)",
};
const INVOKED: MessagePattern = {
  // (?<!\S): the process name starts after a blank, so a long token is not rescanned from each position
  re: /(?<!\S)(\S+) invoked oom-killer:|oom-kill:constraint=\w+.*?task=([^,]+),pid=(\d+)/,
  source: "linux mm/oom_kill.c (dump_header, dump_oom_summary)",
};
// A bare SIGKILL exit (128 + 9): YARN's "Container killed on request. Exit code is 137"
// (hadoop ContainerExecutor / ExitCode.FORCE_KILLED) or a shell's "exit code 137"
const EXIT_137: MessagePattern = {
  // Dataproc's "Driver received SIGTERM/SIGKILL signal and exited with 137 code"
  re: /Exit code is 137\b|exit(?:ed with)? code:? 137\b|[Ee]xit status:? 137\b|exited with 137 code/,
  source:
    "hadoop hadoop-yarn-server-nodemanager/.../ContainerExecutor.java (ExitCode.FORCE_KILLED); POSIX 128+SIGKILL",
};

// bash reports a child ended by SIGKILL as "<script>: line N: <pid> Killed  <command>" (spark-submit's
// spark-class runs the driver in client mode); a shell's job, or pyspark's console, prints a bare "Killed"
const SHELL_KILLED: MessagePattern = {
  re: /^(?:\S+: line \d+:\s+\d+ Killed\b.*|Killed)\s*$/,
  source: 'bash jobs.c (the signal\'s description for SIGKILL, strsignal(9) "Killed")',
};

// Py4J's client when the JVM it talks to is gone: a pyspark driver's JVM that died without a Java error,
// most often killed by the kernel (a notebook container's memory limit)
const PY4J_GONE: MessagePattern = {
  re: /Py4JNetworkError: Answer from Java side is empty|Py4JError: An error occurred while calling .* Connection refused|Error while receiving\b.*\bpy4j/,
  source: "py4j java_gateway.py (Py4JNetworkError 'Answer from Java side is empty')",
};

function processOfComm(comm: string): Process | null {
  if (/^python/.test(comm)) return "python-worker";
  return null;
}

export const osOomKill: Detector = {
  id: "os-oom-kill",
  title: "The Linux OOM killer ended the process",
  explanation:
    "The kernel ran out of memory (the whole machine, or a cgroup) and killed the largest process with SIGKILL (exit code 137). Outside YARN's and Kubernetes' own checks this means the node promised more memory than it has: containers or processes whose limits add up to more than the RAM, or a process with no limit at all.",
  docs: "linux mm/oom_kill.c; Hadoop ContainerExitStatus / 'Container killed on request. Exit code is 137'",
  patterns: [KILLED, INVOKED, EXIT_137, SHELL_KILLED, PY4J_GONE],
  specificity: 6,
  detect(input, ctx) {
    const groups = new Map<Process, { i: number; rss: number | null; kernel: boolean; cgroup: boolean }[]>();
    const explained =
      input.cues.kubernetes || input.lines.some((l) => /physical memory|virtual memory|OOMKilled/.test(l));
    // a kernel kill of a pod's JVM is the pod's cgroup at its limit: k8s-oomkilled's
    if (ctx.manager === "kubernetes" && !input.lines.some((l) => /oom-killer|Out of memory/.test(l)))
      return [];
    for (const h of scan(input, [KILLED, INVOKED, EXIT_137, SHELL_KILLED, PY4J_GONE])) {
      const line = input.lines[h.i] as string;
      const k = KILLED.re.exec(line);
      const inv = INVOKED.re.exec(line);
      const kernel = k !== null || inv !== null;
      // a 137 that YARN's pmem check or Kubernetes already explains is theirs
      if (!kernel && explained) continue;
      const comm = k ? ((k[3] ?? k[6]) as string) : inv ? ((inv[1] ?? inv[2]) as string) : null;
      // the shell's "Killed" is the process it started: spark-submit's, which is the driver in client mode
      const shell = SHELL_KILLED.re.test(line) || PY4J_GONE.re.test(line);
      if (shell && explained) continue;
      const p = (comm ? processOfComm(comm) : null) ?? (shell ? "driver" : processAt(input, h.i));
      const g = groups.get(p) ?? [];
      g.push({
        i: h.i,
        rss: k?.[7] ? Number(k[7]) * 1024 : null,
        kernel,
        cgroup: k?.[1] === "Memory cgroup out of memory",
      });
      groups.set(p, g);
    }
    const out: Cause[] = [];
    for (const [process, hits] of groups) {
      const kernel = hits.some((h) => h.kernel);
      const rss = hits.find((h) => h.rss !== null)?.rss ?? null;
      const cgroup = hits.some((h) => h.cgroup);
      const figures: Record<string, number | string> = {};
      if (rss !== null) figures.usedBytes = rss;
      if (!kernel) figures.exitCode = 137;
      const role = roleOf(process);
      // over its own cgroup limit, the process outgrew its plan: more room outside the heap
      const advice =
        cgroup && process !== "python-worker"
          ? adviseContainerGrowth(ctx, { role, usedBytes: rss, limitBytes: null, manager: ctx.manager })
          : null;
      out.push(
        baseCause(osOomKill, {
          title: kernel
            ? `The kernel's OOM killer killed the ${processName(process, "process")}${rss !== null ? ` (${human(rss)} resident)` : ""}${cgroup ? " at its cgroup's limit" : " — the node ran out of memory"}`
            : `The ${processName(process, "process")} was killed with SIGKILL (exit code 137) without a YARN or Kubernetes memory message — most likely the kernel's OOM killer`,
          explanation: osOomKill.explanation,
          process,
          confidence: kernel ? 0.85 : 0.5,
          evidence: evidenceOf(
            input,
            hits.map((h) => h.i),
          ),
          figures: { ...(advice?.figures ?? {}), ...figures },
          changes: advice?.changes ?? [],
          ...(advice ? { alternatives: advice.alternatives } : {}),
          nextChecks: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "On the node: `dmesg -T | grep -i -E 'killed process|oom'` (or journalctl -k) around the failure shows the victim and its resident size.",
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Add up what the node promised: YARN's yarn.nodemanager.resource.memory-mb (plus the NodeManager, DataNode and other daemons) must stay below the RAM; in local mode the driver's heap plus its overhead and Python workers must fit the machine.",
            ...(advice?.nextChecks ?? []),
          ],
        }),
      );
    }
    return out;
  },
};
