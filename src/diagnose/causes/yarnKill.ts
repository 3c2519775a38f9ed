import { adviseContainerGrowth } from "../advice/container.js";
import { overheadKey, roleOf } from "../advice/keys.js";
import type { DiagnoseContext } from "../context.js";
import { baseCause, type Detector, evidenceOf } from "../detector.js";
import { processOfContainerNumber } from "../input/sections.js";
import type { ParsedInput } from "../input/types.js";
import {
  containerNumber,
  HADOOP_YARN_KILL,
  type MemoryKind,
  readYarnKill,
  SPARK_YARN_KILL,
  YARN_EXIT_STATUS,
  type YarnKill,
} from "../messages/yarnKill.js";
import { executorIdAt, processAt } from "../process.js";
import { human } from "../sizes.js";
import type { Cause, Process } from "../types.js";

export interface KillHit {
  i: number;
  kill: YarnKill;
  /** "spark" and "hadoop" are the kill texts; "status" is a bare exit status. */
  from: "spark" | "hadoop" | "status";
  process: Process;
}

const CONTAINER_ID = /\bcontainer_\w+/;
/** Hadoop RMAppAttemptImpl (getAMContainerCrashedDiagnostics): the attempt's AM container exited. */
const AM_ATTEMPT = /\bAM Container for appattempt_\w+ exited with/;

/** Every YARN memory kill in the input, with the process it hit. */
export function yarnKillHits(input: ParsedInput, ctx: DiagnoseContext): KillHit[] {
  const out: KillHit[] = [];
  input.lines.forEach((line, i) => {
    const s = SPARK_YARN_KILL.re.exec(line);
    const h = HADOOP_YARN_KILL.re.exec(line);
    const x = YARN_EXIT_STATUS.re.exec(line);
    const from = s ? "spark" : h ? "hadoop" : x ? "status" : null;
    if (from === null) return;
    const kill = readYarnKill(from, (s ?? h ?? x) as RegExpExecArray);
    let process: Process;
    if (from === "spark")
      process = "executor"; // YarnAllocator only reports executor containers
    else {
      // a bare status names its container in the AM's log ("Completed container <id> … exit status: -104")
      // or is the AM's own ("AM Container for appattempt_… exited with exitCode: -104", the RM's diagnostics)
      const id = kill.containerId ?? CONTAINER_ID.exec(line)?.[0] ?? null;
      const n = AM_ATTEMPT.test(line) ? 1 : id === null ? null : containerNumber(id);
      process = n === null ? processAt(input, i) : processOfContainerNumber(n, ctx.deployMode);
    }
    out.push({ i, kill, from, process: process === "unknown" ? "executor" : process });
  });
  return out;
}

function confidenceOf(h: KillHit): number {
  if (h.from === "status") return 0.7;
  if (h.kill.kind === null) return 0.75; // 2.x text without YARN's figures: physical or virtual
  return h.kill.usedBytes !== null ? 0.95 : 0.85;
}

/** The killed process as a title names it. */
export function who(process: Process, executorId: string | null): string {
  if (process === "executor") return executorId ? `executor ${executorId}` : "an executor";
  if (process === "am") return "the Application Master";
  return "the driver (the AM container in cluster mode)";
}

/** Groups a memory kind's hits by process; one cause per process. */
export function groupKills(hits: KillHit[], kind: MemoryKind): Map<Process, KillHit[]> {
  const groups = new Map<Process, KillHit[]>();
  for (const h of hits) {
    if ((h.kill.kind ?? "physical") !== kind) continue;
    const g = groups.get(h.process) ?? [];
    g.push(h);
    groups.set(h.process, g);
  }
  return groups;
}

/** The hit that carries the most: figures first, then the larger usage. */
export function bestHit(group: KillHit[]): KillHit {
  return [...group].sort(
    (a, b) => confidenceOf(b) - confidenceOf(a) || (b.kill.usedBytes ?? 0) - (a.kill.usedBytes ?? 0),
  )[0] as KillHit;
}

const SKEW_CHECK =
  "Was it one task? Run `sparkmem analyze <event log>` and compare, for the failing stage (for a failure while writing, the stage that writes), the max and median task peak execution memory and shuffle write: a max many times the median is skew (one key, e.g. one user id, holds most rows), which more overhead only postpones — repartition by a salted key, or let AQE split skewed partitions (spark.sql.adaptive.skewJoin.enabled, 3.0+).";

/** yarn-pmem-kill: the physical-memory kill, with the model's new overhead. */
export function pmemCauses(d: Detector, input: ParsedInput, ctx: DiagnoseContext): Cause[] {
  const out: Cause[] = [];
  for (const [process, group] of groupKills(yarnKillHits(input, ctx), "physical")) {
    const best = bestHit(group);
    const role = roleOf(process);
    const executorId = process === "executor" ? executorIdAt(input, best.i) : null;
    const { usedBytes, limitBytes } = best.kill;
    const advice = adviseContainerGrowth(ctx, { role, usedBytes, limitBytes, manager: "yarn" });
    const figures: Record<string, number | string> = { ...advice.figures };
    if (usedBytes !== null) figures.usedBytes = usedBytes;
    if (limitBytes !== null) figures.limitBytes = limitBytes;
    if (best.kill.exitStatus !== null) figures.exitStatus = best.kill.exitStatus;
    if (executorId) figures.executorId = executorId;
    const sizes =
      usedBytes !== null && limitBytes !== null
        ? `: ${human(usedBytes)} used of a ${human(limitBytes)} limit`
        : "";
    // the job's own sizes only: figures from Spark's defaults (no settings given) are not stated as the job's
    const own = ctx.layout !== null;
    const heap = own && typeof figures.heapBytes === "number" ? ` (${human(figures.heapBytes)})` : "";
    const overhead =
      own && typeof figures.overheadBytes === "number"
        ? `the ${human(figures.overheadBytes)} overhead`
        : "the overhead";
    out.push(
      baseCause(d, {
        title: `YARN killed ${who(process, executorId)} for its physical memory${sizes} — memory outside the heap ran out, not the heap`,
        explanation: `The NodeManager measures the resident memory of the whole process tree — the Java heap plus everything outside it: thread stacks, metaspace, direct and Netty buffers, native libraries such as compression codecs, Python workers — and killed the container at its limit. The JVM threw no OutOfMemoryError: the heap${heap} did not run out; ${overhead} (${overheadKey(role)}, by default 10% of the heap, at least 384 MiB) was too small for what runs outside the heap.`,
        process,
        confidence: confidenceOf(best),
        evidence: evidenceOf(
          input,
          group.map((h) => h.i),
        ),
        figures,
        changes: advice.changes,
        alternatives: advice.alternatives,
        codeChanges: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Writing with partitionBy opens one file writer (with its compression buffers) per partition value in every task: repartition by the partition columns first so that each task writes few files.",
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Spread a skewed key (add a salt column and aggregate in two steps), so that no single task holds most of the rows.",
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "In PySpark, Pandas UDFs hold Arrow batches outside the heap: lower spark.sql.execution.arrow.maxRecordsPerBatch (10000 by default).",
        ],
        nextChecks: [
          ...(process === "executor" ? [SKEW_CHECK] : []),
          ...advice.nextChecks,
          ...(ctx.modelNote ? [`The configuration could not be modelled: ${ctx.modelNote}`] : []),
        ],
      }),
    );
  }
  return out;
}
