import { changesOf } from "../../conf/change.js";
import { valueSet } from "../../conf/sparkConf.js";
import { atLeast, parseSparkVersion } from "../../conf/version.js";
import { tryModel } from "../context.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { processAt } from "../process.js";
import { GiB, human } from "../sizes.js";
import type { Alternative } from "../types.js";

// DiskStore / FileChannelImpl.map before 2.4 (SPARK-6235): a block of 2 GiB or more cannot be memory-mapped
const INTEGER_MAX: MessagePattern = {
  re: /Size exceeds Integer\.MAX_VALUE/,
  source:
    "OpenJDK sun.nio.ch.FileChannelImpl.map; apache/spark core/.../storage/DiskStore.scala (SPARK-6235)",
};
// TransportFrameDecoder: a shuffle block or RPC message above Integer.MAX_VALUE bytes
const FRAME: MessagePattern = {
  re: /Too large frame: (\d+)/,
  source:
    "apache/spark common/network-common/src/main/java/org/apache/spark/network/util/TransportFrameDecoder.java",
};
// 2.x's ChunkedByteBuffer and BlockManager: "Cannot allocate a buffer of more than 2 GB"
const BUFFER: MessagePattern = {
  re: /(?:ByteBuffer|buffer) (?:size )?(?:exceeds|larger than|of more than) 2 ?GB|Cannot allocate a buffer of more than/i,
  source: "apache/spark core/src/main/scala/org/apache/spark/util/io/ChunkedByteBuffer.scala",
};

export const blockOver2gb: Detector = {
  id: "block-over-2gb",
  title:
    "A partition's block is over 2 GB, the limit of one buffer (Size exceeds Integer.MAX_VALUE / Too large frame)",
  explanation:
    "A cached, shuffled or fetched block is one Java buffer, and a Java buffer holds at most 2 GB (Integer.MAX_VALUE bytes). A partition larger than that cannot be stored, memory-mapped or sent in one frame; the fix is smaller partitions, not more memory.",
  docs: "Spark docs configuration.md (spark.sql.shuffle.partitions, spark.default.parallelism, spark.maxRemoteBlockSizeFetchToMem); SPARK-6235",
  patterns: [INTEGER_MAX, FRAME, BUFFER],
  specificity: 9,
  detect(input, ctx) {
    const hits = scan(input, [INTEGER_MAX, FRAME, BUFFER]);
    if (hits.length === 0) return [];
    const frame = hits.map((h) => FRAME.re.exec(input.lines[h.i] as string)).find((m) => m !== null);
    const blockBytes = frame ? Number(frame[1]) : null;
    // enough partitions that each block is at most 1 GiB: the size over 1 GiB, at least twice as many
    const factor = Math.max(2, blockBytes === null ? 4 : Math.ceil(blockBytes / GiB));
    const now = Number.parseInt(valueSet(ctx.conf, "spark.sql.shuffle.partitions") ?? "200", 10);
    const partitions = String((Number.isFinite(now) && now > 0 ? now : 200) * factor);
    const version = ctx.sparkVersion ? tryModel(() => parseSparkVersion(ctx.sparkVersion as string)) : null;
    const alternatives: Alternative[] = [];
    // before 3.0 a remote block was fetched whole into memory unless above this size (3.0: Int.MaxValue − 512)
    if (frame && version && !atLeast(version, "3.0"))
      alternatives.push({
        title: "Fetch large shuffle blocks to disk instead of into one buffer (2.3+)",
        changes: changesOf(
          ctx.conf,
          "spark.maxRemoteBlockSizeFetchToMem",
          "512m",
          "blocks above 512 MiB are streamed to disk",
        ),
        containerBytes: null,
        heapBytes: null,
      });
    const first = hits[0]?.i ?? 0;
    const process = processAt(input, first);
    return [
      baseCause(blockOver2gb, {
        title: `A block of ${blockBytes !== null ? human(blockBytes) : "over 2 GB"} is larger than one buffer can hold: the partitions are too large`,
        explanation: blockOver2gb.explanation,
        process: process === "unknown" ? "executor" : process,
        confidence: 0.9,
        evidence: evidenceOf(
          input,
          hits.map((h) => h.i),
        ),
        figures: blockBytes !== null ? { blockBytes } : {},
        changes: changesOf(
          ctx.conf,
          "spark.sql.shuffle.partitions",
          partitions,
          "smaller shuffle partitions, each block well under 2 GB",
        ),
        alternatives,
        codeChanges: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "For RDDs and cached data, repartition(n) before the shuffle or persist (spark.default.parallelism sets RDD shuffles); a skewed key makes one partition large whatever the count: salt it.",
        ],
      }),
    ];
  },
};
