import { bytesToString } from "../../conf/bytesToString.js";
import { clusterSetting, entryFor, fitFix } from "../read.js";
import type { LintRule } from "../types.js";

const MiB = 1024 ** 2;

export const containerAboveNode: LintRule = {
  id: "container-above-node",
  title: "Container larger than a NodeManager",
  severity: "error",
  appliesTo: { clusterManagers: ["yarn"] },
  why: "A container must fit on one NodeManager (yarn.nodemanager.resource.memory-mb); a larger request stays pending forever or is refused.",
  fix: "Make heap + overhead + off-heap + PySpark memory fit the node's YARN memory.",
  docs: "hadoop-yarn: yarn.nodemanager.resource.memory-mb; resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/Client.scala",
  check: (ctx) => {
    const node = clusterSetting(ctx, "yarn.nodemanager.resource.memory-mb");
    const nodeMiB = Number(node?.value);
    if (!node || !Number.isFinite(nodeMiB) || nodeMiB <= 0) return [];
    return [ctx.layout?.executor, ctx.layout?.driver].flatMap((p) => {
      if (!p || p.containerAllocatedBytes === null || p.containerAllocatedBytes <= nodeMiB * MiB) return [];
      const key = `spark.${p.role}.memory`;
      const fix = fitFix(ctx, p.role, nodeMiB * MiB)?.fix ?? [];
      return [
        {
          key,
          message: `the ${p.role} container (${bytesToString(p.containerAllocatedBytes)}) is larger than a node's YARN memory (${nodeMiB} MiB)`,
          fix,
          entry: entryFor(ctx, key),
        },
      ];
    });
  },
};
