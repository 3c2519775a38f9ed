import { clusterSetting } from "../read.js";
import type { LintRule } from "../types.js";

const KEY = "yarn.scheduler.capacity.maximum-am-resource-percent";

export const amResourcePercent: LintRule = {
  id: "am-resource-percent-low",
  title: "Little room for application masters",
  severity: "warning",
  appliesTo: { clusterManagers: ["yarn"] },
  why: "The CapacityScheduler lets application masters use at most this share of a queue (0.1 by default); in cluster mode the AM is the whole driver, so a few large drivers fill it and later applications stay ACCEPTED without starting.",
  fix: "Raise the share (0.2–0.5 for clusters that run many cluster-mode drivers) or use smaller drivers.",
  docs: "hadoop-yarn CapacityScheduler: yarn.scheduler.capacity.maximum-am-resource-percent",
  check: (ctx) => {
    const e = clusterSetting(ctx, KEY);
    const share = Number(e?.value);
    const limit = ctx.deployMode === "cluster" ? 0.2 : 0.1;
    if (!e || !Number.isFinite(share) || share >= limit) return [];
    return [
      {
        key: KEY,
        message: `${KEY}=${e.value}: application masters${ctx.deployMode === "cluster" ? " (here the drivers)" : ""} may use only ${Math.round(share * 100)}% of a queue`,
        fix: [{ key: KEY, to: ctx.deployMode === "cluster" ? "0.3" : "0.2" }],
        entry: e,
      },
    ];
  },
};
