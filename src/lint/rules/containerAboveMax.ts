import { type ContainerRole, heapKeyOf } from "../../model/inverse.js";
import { clusterSetting, entryFor, fitFix, modelErrors } from "../read.js";
import type { LintRule } from "../types.js";

const MiB = 1024 ** 2;

export const containerAboveMax: LintRule = {
  id: "container-above-max",
  title: "Container above yarn.scheduler.maximum-allocation-mb",
  severity: "error",
  appliesTo: { clusterManagers: ["yarn"] },
  why: 'YARN never grants a container above its maximum allocation; Spark\'s Client checks this before submitting and fails with "is above the max threshold … of this cluster".',
  fix: "Lower the heap (and its overhead) so heap + overhead + off-heap + PySpark memory fit the maximum, or raise the cluster's maximum.",
  docs: "resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/Client.scala (verifyClusterResources)",
  check: (ctx) =>
    modelErrors(ctx, "yarn-container-above-max").map((e) => {
      const role: ContainerRole =
        e.process === "executor" ? "executor" : e.process === "am" ? "am" : "driver";
      const key = heapKeyOf(role);
      const maxMiB = Number(clusterSetting(ctx, "yarn.scheduler.maximum-allocation-mb")?.value);
      // Spark's client compares what it asks with the maximum (Client.verifyClusterResources)
      const fix = Number.isFinite(maxMiB) ? (fitFix(ctx, role, maxMiB * MiB, "request")?.fix ?? []) : [];
      return {
        key,
        message: e.message,
        fix,
        entry: entryFor(ctx, key),
      };
    }),
};
