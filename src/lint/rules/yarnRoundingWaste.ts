import { MiB } from "../../conf/byteString.js";
import { bytesToString } from "../../conf/bytesToString.js";
import { largestOverheadThatFits } from "../../model/inverse.js";
import { confSize, entryFor, setAway } from "../read.js";
import type { LintRule } from "../types.js";

export const yarnRoundingWaste: LintRule = {
  id: "yarn-rounding-waste",
  title: "YARN rounds the container up by more than 10%",
  severity: "info",
  appliesTo: { clusterManagers: ["yarn"] },
  why: "YARN rounds each request up to a multiple of yarn.scheduler.minimum-allocation-mb; the difference is reserved on the node but Spark never uses it.",
  fix: "Grow the overhead (or heap) into the rounded size, or shrink the request to the multiple below.",
  docs: "hadoop-yarn: DefaultResourceCalculator.normalize / yarn.scheduler.minimum-allocation-mb",
  check: (ctx) =>
    [ctx.layout?.executor].flatMap((p) => {
      if (!p || p.containerBytes === null || p.containerAllocatedBytes === null) return [];
      // Spark's default 1g + 384m on a 1 GiB step wastes too, but nobody chose it
      if (!setAway(ctx, "spark.executor.memory") && !setAway(ctx, "spark.executor.memoryOverhead")) return [];
      const lost = p.containerAllocatedBytes - p.containerBytes;
      if (lost * 10 <= p.containerBytes) return [];
      // the largest overhead whose request still fits the container YARN grants now
      const grown = largestOverheadThatFits(ctx.explainInput, "executor", p.containerAllocatedBytes, {
        measure: "request",
      });
      return [
        {
          key: "spark.executor.memoryOverhead",
          message: `${bytesToString(p.containerBytes)} asked, ${bytesToString(p.containerAllocatedBytes)} granted: ${bytesToString(lost)} per executor is reserved and unused`,
          fix: grown ? [{ key: "spark.executor.memoryOverhead", to: confSize(grown.mib * MiB) }] : [],
          entry: entryFor(ctx, "spark.executor.memoryOverhead"),
        },
      ];
    }),
};
