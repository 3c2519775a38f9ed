import { SUPPORTED_LINES } from "../conf/version.js";

/**
 * The modelled line a log's Spark version is laid out as, with the settings that carry the memory rules of
 * its own line where they differ (as defaults the log's own settings override), and a note saying so.
 * - 2.0–2.3: 2.4's rules. The unified memory manager with 300 MiB reserved, spark.memory.fraction 0.6 and
 *   storageFraction 0.5 is the same since 2.0 (UnifiedMemoryManager.scala, SPARK-15796 set 0.6 in 2.0).
 * - 1.6: the unified manager's first release, with spark.memory.fraction 0.75.
 * - before 1.6: the static manager only (StaticMemoryManager, spark.storage.memoryFraction 0.6 × safety 0.9,
 *   which BlockManager.getMaxMemory computed the same way), as 2.4's spark.memory.useLegacyMode=true does.
 * - 2.5.0-SNAPSHOT (the 3.0 line before it was renamed, 2018): 2.4's rules, the last release it grew from.
 * - newer than the newest line modelled: that line. Vendor suffixes ("3.3.0-amzn-0") are dropped.
 */
export interface LogVersion {
  /** A version the model takes ("2.4", "3.3.0"), or null when the log's text names none. */
  version: string | null;
  defaults: Record<string, string>;
  note: string | null;
}

export function logVersion(text: string | null): LogVersion {
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? "");
  if (!m) return { version: null, defaults: {}, note: null };
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const line = `${major}.${minor}`;
  const plain = `${line}.${m[3] ?? "0"}`;
  if ((SUPPORTED_LINES as readonly string[]).includes(line))
    return { version: plain, defaults: {}, note: null };
  const as = (to: string, why: string, defaults: Record<string, string> = {}): LogVersion => ({
    version: to,
    defaults,
    note: `Spark ${text?.trim()} is laid out as ${to}: ${why}`,
  });
  const newest = SUPPORTED_LINES[SUPPORTED_LINES.length - 1] as string;
  const [nMaj, nMin] = newest.split(".").map(Number) as [number, number];
  if (major > nMaj || (major === nMaj && minor > nMin))
    return as(newest, "the newest line modelled; a newer release may have changed what this layout shows");
  if (major === 2 && minor === 5)
    return as("2.4", "the 3.0 line before its release, grown from 2.4, whose memory rules it kept in 2018");
  if (major === 2) return as("2.4", "the unified memory manager's rules and defaults are 2.4's since 2.0");
  if (major === 1 && minor === 6)
    return as("2.4", "the unified memory manager as 1.6 had it, with spark.memory.fraction 0.75", {
      "spark.memory.fraction": "0.75",
    });
  return as("2.4", "the static memory manager, the only one before 1.6 (storage = heap × 0.6 × 0.9)", {
    "spark.memory.useLegacyMode": "true",
  });
}
