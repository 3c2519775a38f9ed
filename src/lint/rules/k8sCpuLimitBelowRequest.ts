import { entryFor, modelErrors } from "../read.js";
import type { LintRule } from "../types.js";

export const k8sCpuLimitBelowRequest: LintRule = {
  id: "k8s-cpu-limit-below-request",
  title: "Executor CPU limit below its request",
  severity: "error",
  appliesTo: { since: "4.1", clusterManagers: ["kubernetes"] },
  why: 'Kubernetes rejects a pod whose CPU limit is below its request; from 4.1 Spark checks it first and fails with "The executor cpu request … should be less than or equal to cpu limit".',
  fix: "Raise spark.kubernetes.executor.limit.cores to at least the request.",
  docs: "resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/features/BasicExecutorFeatureStep.scala",
  check: (ctx) =>
    modelErrors(ctx, "k8s-cpu-limit-below-request").map((e) => ({
      key: "spark.kubernetes.executor.limit.cores",
      message: e.message,
      fix: [
        {
          key: "spark.kubernetes.executor.limit.cores",
          to: ctx.layout?.executor?.pod?.cpuRequest ?? null,
        },
      ],
      entry: entryFor(ctx, "spark.kubernetes.executor.limit.cores"),
    })),
};
