import { changeOf, changesOf } from "../../conf/change.js";
import { valueSet } from "../../conf/sparkConf.js";
import type { ExplainInput } from "../../model/explain.js";
import {
  type ContainerRole,
  containerOf,
  largestHeapThatFits,
  largestOverheadThatFits,
  layoutWith,
  withSettings,
} from "../../model/inverse.js";
import { offHeapRoom } from "../../model/offHeapRoom.js";
import { heapKey, overheadKey, type Role } from "../advice/keys.js";
import { viewOf } from "../advice/view.js";
import { type DiagnoseContext, explainInputOf, model, tryModel } from "../context.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { processName } from "../process.js";
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
  offHeapMiB: number;
  pysparkMiB: number;
  maxMiB: number;
}

function readAsk(line: string, ctx: DiagnoseContext): Ask | null {
  const e = EXECUTOR.re.exec(line);
  if (e) {
    return {
      role: "executor",
      heapMiB: Number(e[1]),
      overheadMiB: Number(e[2] ?? e[4]),
      offHeapMiB: Number(e[3] ?? 0),
      pysparkMiB: Number(e[5] ?? 0),
      maxMiB: Number(e[6]),
    };
  }
  const a = AM.re.exec(line);
  if (a) {
    const role: Role = ctx.deployMode === "client" ? "am" : "driver";
    return {
      role,
      heapMiB: Number(a[1]),
      overheadMiB: Number(a[2]),
      offHeapMiB: 0,
      pysparkMiB: 0,
      maxMiB: Number(a[3]),
    };
  }
  const r = RM.re.exec(line);
  // the ResourceManager names only the whole container: sized as Spark's default container of that total
  if (r)
    return {
      role: "executor",
      heapMiB: Number(r[1]),
      overheadMiB: null,
      offHeapMiB: 0,
      pysparkMiB: 0,
      maxMiB: Number(r[2]),
    };
  return null;
}

/**
 * The configuration the message describes, for the model: the context's settings (or Spark's defaults)
 * on YARN with the heap, off-heap and PySpark memory the message reports and YARN's maximum; an overhead
 * only where it was set (it differs from what Spark derives for that heap, or the configuration sets it).
 */
function inputOf(
  ask: Ask,
  ctx: DiagnoseContext,
  role: ContainerRole,
): { input: ExplainInput; explicit: boolean } {
  const base: ExplainInput = explainInputOf(ctx) ?? {
    ...(ctx.sparkVersion ? { sparkVersion: ctx.sparkVersion } : {}),
    conf: {},
  };
  // the message is YARN's Client's; a driver with a container runs in cluster mode, the AM is client mode's
  const input = withSettings(
    {
      ...base,
      master: "yarn",
      deployMode: role === "driver" ? "cluster" : "client",
      ...(ask.pysparkMiB > 0 ? { appType: "python" as const } : {}),
    },
    {
      [heapKey(role)]: `${ask.heapMiB}m`,
      "yarn.scheduler.maximum-allocation-mb": String(ask.maxMiB),
      ...(ask.offHeapMiB > 0
        ? { "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": `${ask.offHeapMiB}m` }
        : {}),
      ...(ask.pysparkMiB > 0 ? { "spark.executor.pyspark.memory": `${ask.pysparkMiB}m` } : {}),
    },
  );
  if (ask.overheadMiB === null) return { input, explicit: false };
  const usual = usualOverheadMiB(input, role);
  const explicit = valueSet(ctx.conf, overheadKey(role)) !== null || ask.overheadMiB !== usual;
  return {
    input: explicit ? withSettings(input, { [overheadKey(role)]: `${ask.overheadMiB}m` }) : input,
    explicit,
  };
}

/** The overhead Spark derives for the heap when none is set. */
function usualOverheadMiB(input: ExplainInput, role: ContainerRole): number | null {
  const c = containerOf(layoutWith(input, { [overheadKey(role)]: null }), role);
  return c ? c.overheadBytes / MiB : null;
}

/** YARN's maximum raised to `toMiB`; `from` is the message's maximum when the configuration has none. */
function maxChange(ctx: DiagnoseContext, maxMiB: number, toMiB: number): Change {
  const key = "yarn.scheduler.maximum-allocation-mb";
  const c = changeOf(ctx.conf, key, String(toMiB), "a maximum that admits the container Spark asks for");
  return c.from === null ? { ...c, from: String(maxMiB) } : c;
}

/** Readable sizes: whole GiB from 4 GiB up, rounded down so the container still fits. */
const readable = (mib: number) => (mib >= 4096 ? Math.floor(mib / 1024) * 1024 : mib);

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
      const requestMiB = ask.heapMiB + (ask.overheadMiB ?? 0) + ask.offHeapMiB + ask.pysparkMiB;
      const view = viewOf(ctx.layout, ask.role);
      const sized = ask.role;
      const max = ask.maxMiB * MiB;
      // Spark's client compares what it asks with the maximum (Client.verifyClusterResources)
      const asked = tryModel(() => inputOf(ask, ctx, sized));
      let changes: Change[] = [];
      let heapMiB = ask.heapMiB;
      if (asked) {
        const { input, explicit } = asked;
        const trimmed = explicit
          ? tryModel(() => largestOverheadThatFits(input, sized, max, { measure: "request" }))
          : null;
        // before 3.0 the overhead also has to hold the off-heap size (offHeapRoom)
        const room = tryModel(() => offHeapRoom(input, sized));
        const roomAt = (r: NonNullable<typeof room>, h: number) =>
          Number.parseInt(r(h)["spark.executor.memoryOverhead"] as string, 10);
        const needed = room
          ? roomAt(room, ask.heapMiB)
          : (tryModel(() => usualOverheadMiB(input, sized)) ?? 0);
        if (trimmed && trimmed.mib >= needed) {
          // an explicit overhead larger than needed: trim it to what fits beside the heap
          changes = changesOf(
            ctx.conf,
            overheadKey(ask.role),
            confSize(trimmed.mib),
            "the overhead that fits beside the heap under YARN's maximum",
          );
        } else {
          // an explicit overhead too large for any heap beside it shrinks with the heap, keeping its share
          const share = explicit && !room && ask.overheadMiB !== null ? ask.overheadMiB / ask.heapMiB : null;
          const scaled =
            share !== null
              ? (h: number) => ({
                  [heapKey(sized)]: `${h}m`,
                  [overheadKey(sized)]: `${Math.max(384, Math.ceil(h * share))}m`,
                })
              : null;
          const settingsAt = room ?? scaled;
          const fit = tryModel(() =>
            largestHeapThatFits(
              input,
              sized,
              max,
              settingsAt ? { measure: "request", settingsAt } : { measure: "request" },
            ),
          );
          if (fit) {
            heapMiB = readable(fit.mib);
            changes = changesOf(
              ctx.conf,
              heapKey(ask.role),
              confSize(heapMiB),
              "the largest heap whose container fits under YARN's maximum",
            );
            if (scaled && !room)
              changes.push(
                ...changesOf(
                  ctx.conf,
                  overheadKey(ask.role),
                  confSize(Math.max(384, Math.ceil(heapMiB * (share as number)))),
                  "the overhead, in the same share of the smaller container",
                ),
              );
            if (room)
              changes.push(
                ...changesOf(
                  ctx.conf,
                  overheadKey(ask.role),
                  confSize(roomAt(room, heapMiB)),
                  "an overhead that holds the off-heap memory beside that heap",
                ),
              );
          }
        }
      }
      const raise: Alternative = {
        title: `Raise the cluster's maximum (yarn-site.xml): yarn.scheduler.maximum-allocation-mb ≥ ${roundUpTo(requestMiB, 1024)}, and yarn.nodemanager.resource.memory-mb at least as much on the nodes`,
        changes: [maxChange(ctx, ask.maxMiB, roundUpTo(requestMiB, 1024))],
        containerBytes: view?.allocatedBytes ?? null,
        heapBytes: view?.heapBytes ?? null,
      };
      // a maximum that leaves a heap under 1 GiB (a sandbox's 1024 MiB, Spark's default executor refused) is
      // the cluster's setting to fix: raising it comes first, the tiny heap is the alternative
      const tiny = changes.length > 0 && heapMiB < 1024;
      const shrink: Alternative | null = tiny
        ? {
            title: `Fit under the maximum with a ${heapMiB} MiB heap (too small for most jobs)`,
            changes,
            containerBytes: viewOf(model(ctx, changes).layout, ask.role)?.allocatedBytes ?? null,
            heapBytes: heapMiB * MiB,
          }
        : null;
      if (tiny) {
        changes = raise.changes;
        heapMiB = ask.heapMiB;
      }
      const after = viewOf(model(ctx, tiny ? [] : changes).layout, ask.role);
      const alternatives: Alternative[] = shrink ? [shrink] : [raise];
      out.push(
        baseCause(containerAboveMax, {
          title: `The ${processName(ask.role)}'s container (${requestMiB} MiB) is above YARN's maximum of ${ask.maxMiB} MiB`,
          explanation: containerAboveMax.explanation,
          process: ask.role,
          confidence: 0.95,
          evidence: evidenceOf(input, [h.i]),
          figures: {
            requestedBytes: requestMiB * MiB,
            limitBytes: ask.maxMiB * MiB,
            heapBytes: ask.heapMiB * MiB,
            ...(ask.overheadMiB !== null ? { overheadBytes: ask.overheadMiB * MiB } : {}),
            // a recommendation only where there is a change to recommend
            ...(changes.length > 0 && !tiny
              ? { recommendedHeapBytes: (after?.heapMiB ?? heapMiB) * MiB }
              : {}),
            ...(after && changes.length > 0 && !tiny
              ? { recommendedContainerBytes: after.allocatedBytes }
              : {}),
          },
          changes,
          alternatives,
          nextChecks: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "The threshold is what the ResourceManager reports: yarn.scheduler.maximum-allocation-mb, but never more than the largest NodeManager's yarn.nodemanager.resource.memory-mb.",
            ...(ask.role !== "executor"
              ? [
                  // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
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
