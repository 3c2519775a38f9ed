import { heapKey, overheadKey, type Role, setKey } from "../advice/keys.js";
import { viewOf } from "../advice/view.js";
import { type DiagnoseContext, model } from "../context.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { confSize, MiB, roundUpTo } from "../sizes.js";
import type { Alternative, Cause, Change } from "../types.js";

// Client.verifyClusterResources: 1.6–2.3 "Required executor memory (M+O MB)"; 2.4 "Required executor
// memory (M), overhead (O MB), and PySpark memory (P MB)"; 3.0+ "(M MB), offHeap memory (F) MB, overhead (O MB), …";
// all "… is above the max threshold (T MB) of this cluster! Please check the values of …"
const EXECUTOR: MessagePattern = {
  re: /Required executor memory \((\d+)(?:\+(\d+))?(?: MB)?\)(?:, offHeap memory \((\d+)\) MB)?(?:, overhead \((\d+) MB\),? and PySpark memory \((\d+) MB\))? is above the max threshold \((\d+) MB\)/,
  source:
    "apache/spark resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/Client.scala (verifyClusterResources)",
};
const AM: MessagePattern = {
  re: /Required AM memory \((\d+)\+(\d+) MB\) is above the max threshold \((\d+) MB\)/,
  source:
    "apache/spark resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/Client.scala (verifyClusterResources)",
};
// SchedulerUtils.throwInvalidResourceException (the RM refuses a request above its maximum)
const RM: MessagePattern = {
  re: /Requested resource=<memory:(\d+), vCores:\d+>, maximum allowed allocation=<memory:(\d+), vCores:\d+>/,
  source: "apache/hadoop hadoop-yarn-server-resourcemanager/.../scheduler/SchedulerUtils.java",
};

interface Ask {
  role: Role;
  heapMiB: number;
  overheadMiB: number | null;
  otherMiB: number;
  maxMiB: number;
}

function readAsk(line: string, ctx: DiagnoseContext): Ask | null {
  const e = EXECUTOR.re.exec(line);
  if (e) {
    const other = Number(e[3] ?? 0) + Number(e[5] ?? 0);
    return {
      role: "executor",
      heapMiB: Number(e[1]),
      overheadMiB: Number(e[2] ?? e[4]),
      otherMiB: other,
      maxMiB: Number(e[6]),
    };
  }
  const a = AM.re.exec(line);
  if (a) {
    const role: Role = ctx.deployMode === "client" ? "am" : "driver";
    return { role, heapMiB: Number(a[1]), overheadMiB: Number(a[2]), otherMiB: 0, maxMiB: Number(a[3]) };
  }
  const r = RM.re.exec(line);
  if (r)
    return { role: "executor", heapMiB: Number(r[1]), overheadMiB: null, otherMiB: 0, maxMiB: Number(r[2]) };
  return null;
}

/** The largest heap whose request fits: explicit overhead kept, else the default 10% (at least 384). */
function fittingHeapMiB(ask: Ask, explicitOverhead: boolean): number {
  const fits = (h: number) =>
    h + (explicitOverhead ? (ask.overheadMiB ?? 0) : Math.max(384, Math.floor(0.1 * h))) + ask.otherMiB <=
    ask.maxMiB;
  let h = Math.max(ask.maxMiB - ask.otherMiB, 0);
  while (h > 0 && !fits(h)) h--;
  return h >= 4096 ? Math.floor(h / 1024) * 1024 : h;
}

export const containerAboveMax: Detector = {
  id: "container-above-max",
  title: "The requested container is larger than YARN allows",
  explanation:
    "Before submitting, Spark compares each container it will ask for (heap + overhead + off-heap + PySpark memory) with the ResourceManager's maximum (yarn.scheduler.maximum-allocation-mb, capped by the largest NodeManager) and refuses to start; the ResourceManager itself rejects a larger request with InvalidResourceRequestException.",
  docs: "Spark Client.scala (verifyClusterResources); Hadoop yarn-default.xml yarn.scheduler.maximum-allocation-mb, SchedulerUtils.java",
  patterns: [EXECUTOR, AM, RM],
  specificity: 10,
  detect(input, ctx) {
    const out: Cause[] = [];
    for (const h of scan(input, [EXECUTOR, AM, RM])) {
      const ask = readAsk(input.lines[h.i] as string, ctx);
      if (!ask) continue;
      const requestMiB = ask.heapMiB + (ask.overheadMiB ?? 0) + ask.otherMiB;
      const defaultOverhead = Math.max(384, Math.floor(0.1 * ask.heapMiB));
      const explicit = ask.overheadMiB !== null && ask.overheadMiB !== defaultOverhead;
      const view = viewOf(ctx.layout, ask.role);
      let changes: Change[];
      let heapMiB: number;
      if (
        explicit &&
        ask.overheadMiB !== null &&
        ask.maxMiB - ask.heapMiB - ask.otherMiB >= Math.max(384, defaultOverhead)
      ) {
        // an explicit overhead larger than needed: trim it to what fits beside the heap
        heapMiB = ask.heapMiB;
        changes = setKey(ctx.conf, overheadKey(ask.role), confSize(ask.maxMiB - ask.heapMiB - ask.otherMiB));
      } else {
        heapMiB = fittingHeapMiB(ask, explicit);
        changes = setKey(ctx.conf, heapKey(ask.role), confSize(heapMiB));
      }
      const after = viewOf(model(ctx, changes).layout, ask.role);
      const alternatives: Alternative[] = [
        {
          title: `Raise the cluster's maximum (yarn-site.xml): yarn.scheduler.maximum-allocation-mb ≥ ${roundUpTo(requestMiB, 1024)}, and yarn.nodemanager.resource.memory-mb at least as much on the nodes`,
          changes: [
            {
              key: "yarn.scheduler.maximum-allocation-mb",
              from: ctx.conf?.["yarn.scheduler.maximum-allocation-mb"] ?? String(ask.maxMiB),
              to: String(roundUpTo(requestMiB, 1024)),
            },
          ],
          containerBytes: view?.allocatedBytes ?? null,
          heapBytes: view?.heapBytes ?? null,
        },
      ];
      out.push(
        baseCause(containerAboveMax, {
          title: `The ${ask.role === "am" ? "Application Master" : ask.role}'s container (${requestMiB} MiB) is above YARN's maximum of ${ask.maxMiB} MiB`,
          explanation: containerAboveMax.explanation,
          process: ask.role,
          confidence: 0.95,
          evidence: evidenceOf(input, [h.i]),
          figures: {
            requestedBytes: requestMiB * MiB,
            limitBytes: ask.maxMiB * MiB,
            heapBytes: ask.heapMiB * MiB,
            ...(ask.overheadMiB !== null ? { overheadBytes: ask.overheadMiB * MiB } : {}),
            recommendedHeapBytes: (after?.heapMiB ?? heapMiB) * MiB,
            ...(after ? { recommendedContainerBytes: after.allocatedBytes } : {}),
          },
          changes,
          alternatives,
          nextChecks: [
            "The threshold is what the ResourceManager reports: yarn.scheduler.maximum-allocation-mb, but never more than the largest NodeManager's yarn.nodemanager.resource.memory-mb.",
            ...(ask.role !== "executor"
              ? [
                  "In client mode the AM is sized by spark.yarn.am.memory; in cluster mode the AM runs the driver (spark.driver.memory).",
                ]
              : []),
          ],
        }),
      );
    }
    return out;
  },
};
