import { MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import { describeKey, readBytes, type SparkConf } from "../conf/sparkConf.js";
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
    expected: `a heap of ${AT_MOST}: ${INT_MIB}`,
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
      expected: `a factor keeping factor × memory ${AT_MOST}: ${INT_MIB}`,
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
      expected: `a container of ${AT_MOST}: ${INT_MIB}`,
    },
  );
}

/**
 * The check that needs no layout: spark.memory.offHeap.size (bytes, counted in containers as an Int of MiB).
 * Not checked (the page's first load has no room for it): the testing overrides of the heap Spark sees and the
 * legacy manager's fractions, which multiply the heap.
 */
export function validateSizeLimits(ctx: ModelContext): void {
  const { conf } = ctx;
  const offHeap = readBytes(conf, "spark.memory.offHeap.size") as number;
  // ⌊size / MiB⌋ ≤ Int.MaxValue ⇔ size < 2^51 (Utils.executorOffHeapMemorySizeAsMb → memoryStringToMb)
  if (offHeap >= MAX_MIB_BYTES + MiB) {
    throw new SizeLimitError(
      describeKey(conf, "spark.memory.offHeap.size"),
      `${offHeap} bytes is ${Math.floor(offHeap / MiB)} MiB, more than ${MAX_MIB} MiB`,
      {
        expected: `at most ${MAX_MIB_BYTES + MiB - 1} bytes: ${INT_MIB}`,
      },
    );
  }
}
