import { changesOf } from "../../conf/change.js";
import { valueSet } from "../../conf/sparkConf.js";
import { atLeast, parseSparkVersion } from "../../conf/version.js";
import { adviseContainerGrowth } from "../advice/container.js";
import { jvmSize, sizeFlag, withFlag } from "../advice/javaOptions.js";
import { javaOptionsKey, roleOf } from "../advice/keys.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { processAt, processName } from "../process.js";
import { human, MiB } from "../sizes.js";
import type { Cause, Change, Process } from "../types.js";

const DIRECT: MessagePattern = {
  re: /OutOfMemoryError: (?:Cannot reserve (\d+) bytes of direct buffer memory \(allocated: (\d+), limit: (\d+)\)|Direct buffer memory)/,
  source:
    'OpenJDK java.base java/nio/Bits.java reserveMemory (Java 8–11: "Direct buffer memory"; later: "Cannot reserve N bytes …")',
};
const NETTY: MessagePattern = {
  re: /OutOfDirectMemoryError: failed to allocate (\d+) byte\(s\) of direct memory \(used: (\d+), max: (\d+)\)/,
  source: "netty common/src/main/java/io/netty/util/internal/PlatformDependent.java (incrementMemoryCounter)",
};

/** Shuffle and network buffers on the heap instead of in direct memory. */
const ON_HEAP_BUFFERS = "shuffle and network buffers on the heap, not in direct memory";

export const directBufferOom: Detector = {
  id: "direct-buffer-oom",
  title: "Direct (off-heap NIO) buffer memory ran out",
  explanation:
    "Direct ByteBuffers live outside the heap, capped by -XX:MaxDirectMemorySize (by default the heap size). Spark's shuffle and RPC (Netty) use them to fetch and send blocks; a remote block fetched whole into memory, or many concurrent fetches, exhaust them. They also count against the container, inside the overhead.",
  docs: "Spark docs configuration.md (spark.maxRemoteBlockSizeFetchToMem, spark.shuffle.io.preferDirectBufs, spark.network.io.preferDirectBufs); java.nio.Bits",
  patterns: [DIRECT, NETTY],
  specificity: 9,
  detect(input, ctx) {
    const groups = new Map<Process, { i: number; m: RegExpExecArray }[]>();
    for (const h of scan(input, [DIRECT, NETTY])) {
      const p = processAt(input, h.i);
      {
        // push, not a copy per hit: a log with many hits stays linear
        const g = groups.get(p) ?? [];
        g.push(h);
        groups.set(p, g);
      }
    }
    const out: Cause[] = [];
    for (const [process, hits] of groups) {
      const withFigures =
        hits.find((h) => h.m[1] !== undefined) ?? (hits[0] as { i: number; m: RegExpExecArray });
      const figures: Record<string, number | string> = {};
      if (withFigures.m[1] !== undefined) {
        figures.requestedBytes = Number(withFigures.m[1]);
        figures.usedBytes = Number(withFigures.m[2]);
        figures.limitBytes = Number(withFigures.m[3]);
      }
      const role = roleOf(process);
      const optsKey = javaOptionsKey(role);
      const opts = valueSet(ctx.conf, optsKey);
      const set = sizeFlag(opts, "MaxDirectMemorySize");
      let changes: Change[];
      const nextChecks: string[] = [];
      if (set !== null) {
        const mib = Math.max(Math.ceil((set * 2) / MiB), 64);
        changes = changesOf(
          ctx.conf,
          optsKey,
          withFlag(opts, "MaxDirectMemorySize", jvmSize(mib)),
          "twice the direct memory the JVM may allocate",
        );
        nextChecks.push(
          `${optsKey} caps direct memory at ${human(set)}; doubling it also needs that much more ${role === "executor" ? "spark.executor.memoryOverhead" : "overhead"} (direct buffers are outside the heap but inside the container).`,
        );
      } else {
        changes = [
          ...changesOf(ctx.conf, "spark.shuffle.io.preferDirectBufs", "false", ON_HEAP_BUFFERS),
          ...changesOf(ctx.conf, "spark.network.io.preferDirectBufs", "false", ON_HEAP_BUFFERS),
        ];
        nextChecks.push(
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "No -XX:MaxDirectMemorySize in the configuration: look for one in JAVA_TOOL_OPTIONS or spark-env.sh; without it the limit is the heap size, and the container is usually killed before that.",
        );
      }
      const before3 = ctx.sparkVersion !== null && !atLeast(parseSparkVersion(ctx.sparkVersion), "3.0");
      const fetchKey = before3
        ? "spark.maxRemoteBlockSizeFetchToMem"
        : "spark.network.maxRemoteBlockSizeFetchToMem";
      const grow = adviseContainerGrowth(ctx, {
        role,
        usedBytes: null,
        limitBytes: null,
        manager: ctx.manager,
      });
      out.push(
        baseCause(directBufferOom, {
          title: `Direct buffer memory of the ${processName(process)} ran out${typeof figures.limitBytes === "number" ? ` (${human(figures.usedBytes as number)} of a ${human(figures.limitBytes)} limit)` : ""}`,
          explanation:
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Direct NIO buffers (Netty's shuffle and RPC buffers, compression codecs) are allocated outside the heap and capped by -XX:MaxDirectMemorySize; the heap itself was not full.",
          process,
          confidence: 0.9,
          evidence: evidenceOf(
            input,
            hits.map((h) => h.i),
          ),
          figures,
          changes,
          alternatives: [
            {
              // 3.0 renamed the key and made 200m its default (unbounded before): 200m would change nothing
              title: `Stream large remote blocks to disk instead of direct memory (${fetchKey}=64m; the default is 200m from 3.0, unbounded before)`,
              changes: changesOf(
                ctx.conf,
                fetchKey,
                "64m",
                "remote blocks above 64 MiB go to disk, not to direct memory",
              ),
              containerBytes: null,
              heapBytes: null,
            },
            {
              title: "More room outside the heap for the buffers (a larger overhead)",
              changes: grow.changes,
              containerBytes:
                typeof grow.figures.recommendedContainerBytes === "number"
                  ? grow.figures.recommendedContainerBytes
                  : null,
              heapBytes: typeof grow.figures.heapBytes === "number" ? grow.figures.heapBytes : null,
            },
          ],
          codeChanges: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Fewer, smaller shuffle blocks: more partitions for the stage that reads them, and no huge single records.",
          ],
          nextChecks,
        }),
      );
    }
    return out;
  },
};
