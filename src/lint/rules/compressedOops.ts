import { bytesToString } from "../../conf/bytesToString.js";
import { entryFor, memoryKey } from "../read.js";
import type { LintRule } from "../types.js";

const GiB = 1024 ** 3;

export const compressedOops: LintRule = {
  id: "heap-loses-compressed-oops",
  title: "Heap just above 32 GiB",
  severity: "warning",
  why: "HotSpot uses 32-bit compressed object pointers only for heaps below 32 GiB; from 32 GiB every reference doubles to 8 bytes, so a 32–47 GiB heap holds fewer objects than a 31 GiB one.",
  fix: "Use 31g, or go to 48g and above if the data needs it.",
  docs: 'HotSpot UseCompressedOops (ergonomics turn it off when MaxHeapSize exceeds ~32 GiB); Spark docs/tuning.md ("-XX:+UseCompressedOops … less than 32 GiB of RAM")',
  check: (ctx) =>
    [ctx.layout?.driver, ctx.layout?.executor].flatMap((p) => {
      if (!p || p.heapBytes < 32 * GiB || p.heapBytes >= 48 * GiB) return [];
      const key = memoryKey(p);
      return [
        {
          key,
          message: `the ${p.role} heap of ${bytesToString(p.heapBytes)} turns compressed oops off: object references take 8 bytes instead of 4`,
          fix: [{ key, to: "31g" }],
          entry: entryFor(ctx, key),
        },
      ];
    }),
};
