import { MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import {
  describeKey,
  readBoolean,
  readBytes,
  readDouble,
  readLong,
  type SparkConf,
} from "../conf/sparkConf.js";
import { atLeast } from "../conf/version.js";
import type { ModelContext } from "./context.js";
import { javaDoubleString } from "./messages.js";

/**
 * The largest memory Spark sizes: Int.MaxValue MiB. The config entries are Java longs (bytesConf, e.g.
 * EXECUTOR_MEMORY in core/src/main/scala/org/apache/spark/internal/config/package.scala), but where Spark turns
 * them into containers and heaps it narrows them to a Java int of MiB, which wraps silently past 2147483647:
 * - resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/YarnAllocator.scala:
 *   Resource.newInstance(resourcesWithDefaults.totalMemMiB.toInt, …) (3.1+; 2.4/3.0: executorMemory =
 *   sparkConf.get(EXECUTOR_MEMORY).toInt, memoryOverhead … .toInt, pysparkWorkerMemory … _.toInt);
 * - resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/Client.scala: amMemory =
 *   sparkConf.get(DRIVER_MEMORY).toInt (AM_MEMORY in client mode), amMemoryOverhead … .toInt,
 *   capability.setMemory(amMemory + amMemoryOverhead);
 * - core/src/main/scala/org/apache/spark/util/Utils.scala: memoryStringToMb(str): Int =
 *   (byteStringAsBytes(str) / 1024 / 1024).toInt — standalone heaps (SparkContext.executorMemory,
 *   DriverRunner) and the off-heap size every container counts (Utils.executorOffHeapMemorySizeAsMb);
 * - core/src/main/scala/org/apache/spark/resource/ResourceProfile.scala: calculateOverHeadMemory,
 *   (overheadFactor * executorMemoryMiB).toInt.
 * Kubernetes pods and local JVMs keep longs, but a heap or pod of 2 PiB exists on no machine, and below this
 * bound every byte count the model computes (a container is at most four such terms) stays an exact double.
 */
export const MAX_MIB = 2147483647;
/** MAX_MIB in bytes: 2251799812636672, the largest heap sparkmem lays out. */
export const MAX_MIB_BYTES = MAX_MIB * MiB;

const AT_MOST = `at most ${MAX_MIB}m (2 PiB − 1 MiB)`;
const INT_MIB = "Spark turns memory sizes into a Java int of MiB";

/** A refusal for a size past what Spark can size; inverse searches read it as "does not fit". */
export class SizeLimitError extends SparkmemError {}

/** Refuses `mib` MiB of `key` above Int.MaxValue MiB. */
export function refuseAboveMaxMiB(conf: SparkConf, key: string, mib: number | bigint): void {
  if (mib <= MAX_MIB) return;
  throw new SizeLimitError(describeKey(conf, key), `${mib} MiB is more than ${MAX_MIB} MiB`, {
    expected: `a size of ${AT_MOST}: ${INT_MIB}`,
  });
}

/** A heap the JVM is handed as written (-Xmx<text>), in bytes. */
export function refuseHeapAbove(conf: SparkConf, key: string, xmx: string, bytes: bigint): void {
  if (bytes <= BigInt(MAX_MIB_BYTES)) return;
  throw new SizeLimitError(describeKey(conf, key), `${xmx} is ${bytes} bytes, more than ${MAX_MIB} MiB`, {
    expected: `a heap of ${AT_MOST}, the largest Spark sizes anywhere as a Java int of MiB`,
  });
}

/** overhead = (factor × memory).toInt: saturates (ResourceProfile) or wraps (Client.scala) past Int.MaxValue. */
export function refuseScaledOverhead(
  conf: SparkConf,
  factorKey: string,
  factor: number,
  memoryMiB: number,
): void {
  if (Math.trunc(factor * memoryMiB) <= MAX_MIB) return;
  throw new SizeLimitError(
    describeKey(conf, factorKey),
    `${javaDoubleString(factor)} × ${memoryMiB} MiB is more than ${MAX_MIB} MiB of overhead`,
    {
      expected: `a factor such as 0.1 that keeps factor × memory ${AT_MOST}: Spark's (factor × memory).toInt saturates or wraps past it`,
    },
  );
}

/** One term of a container request: what it is, the setting behind it, its MiB. */
export interface RequestTerm {
  label: string;
  key: string;
  mib: number;
}

/**
 * A YARN container request, which Spark asks for as a Java int of MiB (Resource.newInstance / setMemory); the
 * refusal names the setting behind its largest term.
 */
export function refuseYarnRequest(conf: SparkConf, what: string, terms: RequestTerm[]): void {
  const request = terms.reduce((sum, t) => sum + t.mib, 0);
  if (request <= MAX_MIB) return;
  const largest = terms.reduce((a, t) => (t.mib > a.mib ? t : a));
  const sum = terms.map((t) => `${t.label} ${t.mib}`).join(" + ");
  throw new SizeLimitError(
    describeKey(conf, largest.key),
    `the ${what} container request ${sum} = ${request} MiB is more than ${MAX_MIB} MiB`,
    {
      expected: `a container of at most ${MAX_MIB} MiB (2 PiB − 1 MiB): Spark asks YARN for it as a Java int of MiB, which wraps past it`,
    },
  );
}

/**
 * The checks that need no layout: spark.memory.offHeap.size (bytes, counted in containers as an Int of MiB),
 * the testing overrides of the heap Spark sees, and the legacy manager's fractions, which multiply the heap.
 */
export function validateSizeLimits(ctx: ModelContext): void {
  const { conf, version } = ctx;
  const offHeap = readBytes(conf, "spark.memory.offHeap.size") as number;
  // ⌊size / MiB⌋ ≤ Int.MaxValue ⇔ size < 2^51 (Utils.executorOffHeapMemorySizeAsMb → memoryStringToMb)
  if (offHeap >= MAX_MIB_BYTES + MiB) {
    throw new SizeLimitError(
      describeKey(conf, "spark.memory.offHeap.size"),
      `${offHeap} bytes is ${Math.floor(offHeap / MiB)} MiB, more than ${MAX_MIB} MiB`,
      {
        expected: `at most ${MAX_MIB_BYTES + MiB - 1} bytes (2p − 1 byte): ${INT_MIB} (Utils.memoryStringToMb)`,
      },
    );
  }
  for (const key of ["spark.testing.memory", "spark.testing.reservedMemory"]) {
    const v = readLong(conf, key);
    if (v !== null && Math.abs(v) > MAX_MIB_BYTES) {
      throw new SizeLimitError(describeKey(conf, key), `${v} bytes is beyond ±${MAX_MIB_BYTES} bytes`, {
        expected: `a heap size of at most ${MAX_MIB_BYTES} bytes (${MAX_MIB} MiB), the largest heap Spark sizes`,
      });
    }
  }
  if (!atLeast(version, "3.0") && readBoolean(conf, "spark.memory.useLegacyMode")) {
    // StaticMemoryManager: (systemMaxMemory * memoryFraction * safetyFraction).toLong. SparkConf.validateSettings
    // of 1.6–2.0 refused them outside [0, 1] (deprecatedMemoryKeys); not verified for 2.1–2.4, so no Spark text
    for (const key of [
      "spark.storage.memoryFraction",
      "spark.storage.safetyFraction",
      "spark.storage.unrollFraction",
      "spark.shuffle.memoryFraction",
      "spark.shuffle.safetyFraction",
    ]) {
      const v = readDouble(conf, key) as number;
      if (!(v >= 0 && v <= 1)) {
        throw new SizeLimitError(describeKey(conf, key), `${javaDoubleString(v)} is outside 0..1`, {
          expected: "a fraction between 0 and 1 (the legacy memory manager multiplies the heap by it)",
        });
      }
    }
  }
}
