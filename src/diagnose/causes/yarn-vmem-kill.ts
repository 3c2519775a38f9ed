import { changesOf } from "../../conf/change.js";
import { adviseContainerGrowth } from "../advice/container.js";
import { roleOf } from "../advice/keys.js";
import { baseCause, type Detector, evidenceOf } from "../detector.js";
import { HADOOP_YARN_KILL, SPARK_YARN_KILL, YARN_EXIT_STATUS } from "../messages/yarnKill.js";
import { executorIdAt } from "../process.js";
import { human } from "../sizes.js";
import type { Alternative, Cause } from "../types.js";
import { bestHit, groupKills, who, yarnKillHits } from "./yarnKill.js";

/** yarn-default.xml yarn.nodemanager.vmem-pmem-ratio */
const DEFAULT_RATIO = 2.1;

const FEWER_ARENAS = "fewer glibc malloc arenas reserve less address space";

export const yarnVmemKill: Detector = {
  id: "yarn-vmem-kill",
  title: "YARN killed a container for its virtual memory",
  explanation:
    "With yarn.nodemanager.vmem-check-enabled (true by default) the NodeManager also kills a container (exit status -103) whose virtual address space exceeds vmem-pmem-ratio (2.1) × its physical limit. Java reserves far more address space than it touches (glibc malloc arenas, thread stacks, class space — YARN-4714), so healthy executors are killed; most clusters turn the check off.",
  docs: "Spark YarnAllocator.scala (kill message); Hadoop ContainersMonitorImpl.java, yarn-default.xml yarn.nodemanager.vmem-check-enabled / vmem-pmem-ratio; YARN-4714",
  patterns: [SPARK_YARN_KILL, HADOOP_YARN_KILL, YARN_EXIT_STATUS],
  specificity: 10,
  detect(input, ctx) {
    const out: Cause[] = [];
    for (const [process, group] of groupKills(yarnKillHits(input, ctx), "virtual")) {
      const best = bestHit(group);
      const { usedBytes, limitBytes } = best.kill;
      const physicalLimit = best.kill.physical?.limit ?? null;
      const ratio =
        limitBytes !== null && physicalLimit
          ? Math.round((limitBytes / physicalLimit) * 10) / 10
          : DEFAULT_RATIO;
      const executorId = process === "executor" ? executorIdAt(input, best.i) : null;
      const figures: Record<string, number | string> = { vmemPmemRatio: ratio };
      if (usedBytes !== null) figures.usedBytes = usedBytes;
      if (limitBytes !== null) figures.limitBytes = limitBytes;
      if (best.kill.physical) figures.physicalUsedBytes = best.kill.physical.used;
      if (executorId) figures.executorId = executorId;
      // a larger container also raises the virtual limit (ratio × physical limit)
      const grow = adviseContainerGrowth(ctx, {
        role: roleOf(process),
        usedBytes: usedBytes === null ? null : Math.round(usedBytes / ratio),
        limitBytes: limitBytes === null ? null : Math.round(limitBytes / ratio),
        manager: "yarn",
      });
      const neededRatio =
        usedBytes !== null && physicalLimit ? Math.ceil((usedBytes * 1.1 * 10) / physicalLimit) / 10 : 4;
      const alternatives: Alternative[] = [
        {
          title: `Raise yarn.nodemanager.vmem-pmem-ratio (yarn-site.xml) from ${ratio} to ${Math.max(neededRatio, 4)}`,
          changes: changesOf(
            ctx.conf,
            "yarn.nodemanager.vmem-pmem-ratio",
            String(Math.max(neededRatio, 4)),
            "a virtual limit above what the JVM reserves",
          ),
          containerBytes: null,
          heapBytes: null,
        },
        {
          title:
            "Fewer glibc malloc arenas, the usual source of the reserved address space: MALLOC_ARENA_MAX=4 for executors and the AM",
          changes: [
            ...changesOf(ctx.conf, "spark.executorEnv.MALLOC_ARENA_MAX", "4", FEWER_ARENAS),
            ...changesOf(ctx.conf, "spark.yarn.appMasterEnv.MALLOC_ARENA_MAX", "4", FEWER_ARENAS),
          ],
          containerBytes: null,
          heapBytes: null,
        },
        {
          title:
            "A larger container (more overhead) also raises the virtual limit, at the cost of real memory",
          changes: grow.changes,
          containerBytes:
            typeof grow.figures.recommendedContainerBytes === "number"
              ? grow.figures.recommendedContainerBytes
              : null,
          heapBytes: typeof grow.figures.heapBytes === "number" ? grow.figures.heapBytes : null,
        },
      ];
      const sizes =
        usedBytes !== null && limitBytes !== null
          ? `: ${human(usedBytes)} of ${human(limitBytes)} virtual memory`
          : "";
      out.push(
        baseCause(yarnVmemKill, {
          title: `YARN killed ${who(process, executorId)} for its virtual memory${sizes} — address space reserved, not memory used`,
          explanation: `The NodeManager's virtual-memory check (limit = ${ratio} × the physical limit) killed the container. Virtual memory is address space the JVM and glibc reserve, mostly unused; the physical memory${best.kill.physical ? ` (${human(best.kill.physical.used)} of ${human(best.kill.physical.limit)})` : ""} was within its limit. This is YARN-4714: turn the check off rather than buying memory.`,
          process,
          confidence: best.from === "status" ? 0.7 : 0.95,
          evidence: evidenceOf(
            input,
            group.map((h) => h.i),
          ),
          figures,
          changes: changesOf(
            ctx.conf,
            "yarn.nodemanager.vmem-check-enabled",
            "false",
            "reserved address space is not memory used (YARN-4714)",
          ),
          alternatives,
          codeChanges: [],
          nextChecks: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "yarn.nodemanager.vmem-check-enabled and vmem-pmem-ratio are NodeManager settings: put them in yarn-site.xml on every node and restart the NodeManagers (EMR: the yarn-site classification); --conf cannot change them.",
          ],
        }),
      );
    }
    return out;
  },
};
