import { entryFor } from "../read.js";
import type { LintRule, RuleFinding } from "../types.js";

/** Kubernetes CPU quantities: "2", "1.5", "500m". */
function cpus(q: string | undefined): number | null {
  if (q === undefined) return null;
  const m = /^\s*([0-9.]+)(m?)\s*$/.exec(q);
  if (!m) return null;
  const v = Number(m[1]);
  return Number.isFinite(v) ? (m[2] ? v / 1000 : v) : null;
}

export const k8sCoresMismatch: LintRule = {
  id: "k8s-cores-mismatch",
  title: "Pod CPU request/limit out of line with executor cores",
  severity: "warning",
  appliesTo: { clusterManagers: ["kubernetes"] },
  why: "Spark runs spark.executor.cores tasks at once whatever the pod gets: a CPU limit below that throttles every task (CFS quota), and a request above it reserves node CPUs no task uses.",
  fix: "Request about spark.executor.cores CPUs and set no limit below it.",
  docs: "resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/features/BasicExecutorFeatureStep.scala",
  check: (ctx) => {
    const cores = ctx.layout?.executor?.cores;
    if (cores === undefined) return [];
    const out: RuleFinding[] = [];
    const limitEntry = entryFor(ctx, "spark.kubernetes.executor.limit.cores");
    const limit = cpus(limitEntry?.value);
    const requestEntry = entryFor(ctx, "spark.kubernetes.executor.request.cores");
    const request = cpus(requestEntry?.value);
    if (limitEntry && limit !== null && limit < cores)
      out.push({
        key: limitEntry.key,
        message: `the CPU limit ${limitEntry.value} is below spark.executor.cores=${cores}: ${cores} concurrent tasks share ${limit} CPUs and are throttled`,
        fix: [{ key: limitEntry.key, to: String(cores) }],
        entry: limitEntry,
      });
    if (requestEntry && request !== null && request > cores)
      out.push({
        key: requestEntry.key,
        message: `the CPU request ${requestEntry.value} is above spark.executor.cores=${cores}: the pod reserves CPUs no task uses`,
        fix: [{ key: requestEntry.key, to: String(cores) }],
        entry: requestEntry,
      });
    return out;
  },
};
