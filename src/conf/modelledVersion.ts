import { SUPPORTED_LINES } from "./version.js";

/**
 * The modelled line a Spark version (a log's, or one a user names) is laid out as, with the settings that
 * carry the memory rules of its own line where they differ (as defaults the job's own settings override), and
 * a note saying so. A diagnosis or a log's layout does not depend on the exact minor version:
 * - 2.0–2.3: 2.4's rules. The unified memory manager with 300 MiB reserved, spark.memory.fraction 0.6 and
 *   storageFraction 0.5 is the same since 2.0 (UnifiedMemoryManager.scala, SPARK-15796 set 0.6 in 2.0).
 * - 1.6: the unified manager's first release, with spark.memory.fraction 0.75.
 * - before 1.6: the static manager only (StaticMemoryManager, spark.storage.memoryFraction 0.6 × safety 0.9,
 *   which BlockManager.getMaxMemory computed the same way), as 2.4's spark.memory.useLegacyMode=true does.
 * - 2.5.0-SNAPSHOT (the 3.0 line before it was renamed, 2018): 2.4's rules, the last release it grew from.
 * - newer than the newest line modelled: that line. Vendor suffixes ("3.3.0-amzn-0", "3.5.0-cdh7…") are
 *   dropped; a Databricks Runtime or AWS Glue version is read as the Spark line it ships.
 * - text that names no version: none (the caller's default), with a note.
 */
export interface ModelledVersion {
  /** A version the model takes ("2.4", "3.3.0"), or null when the text names none. */
  version: string | null;
  defaults: Record<string, string>;
  note: string | null;
  /** The version as given, for the key names of its own line (spark.yarn.executor.memoryOverhead before 2.3). */
  given: { major: number; minor: number } | null;
}

/**
 * Databricks Runtime major → the Spark line it ships (Databricks runtime release notes: 5.5 LTS 2.4.3,
 * 7.3 LTS 3.0.1, 9.1 LTS 3.1.2, 10.4 LTS 3.2.1, 11.3 LTS 3.3.0, 12.2 LTS 3.3.2, 13.3 LTS 3.4.1,
 * 14.3 LTS 3.5.0, 15.4 LTS 3.5.0, 16.4 LTS 3.5.2, 17.3 LTS 4.0.0).
 */
const DATABRICKS: Record<number, string> = {
  5: "2.4",
  6: "2.4",
  7: "3.0",
  8: "3.1",
  9: "3.1",
  10: "3.2",
  11: "3.3",
  12: "3.3",
  13: "3.4",
  14: "3.5",
  15: "3.5",
  16: "3.5",
  17: "4.0",
};
/** AWS Glue version → Spark (AWS Glue developer guide, "AWS Glue versions": 2.0 2.4.3, 3.0 3.1.1, 4.0 3.3.0, 5.0 3.5). */
const GLUE: Record<number, string> = { 2: "2.4", 3: "3.1", 4: "3.3", 5: "3.5" };

function platformLine(text: string): { line: string; what: string } | null {
  const dbr = /\b(?:databricks(?:\s+runtime)?|DBR)\s*v?(\d+)(?:\.\d+)?/i.exec(text);
  if (dbr) {
    const major = Number(dbr[1]);
    const line = DATABRICKS[major] ?? (major > 17 ? "4.0" : null);
    if (!line) return null;
    return {
      line,
      what: DATABRICKS[major]
        ? `Databricks Runtime ${major}.x ships Spark ${line}`
        : `a runtime newer than 17.x (Spark 4.0), the newest one mapped`,
    };
  }
  const glue = /\bglue\s*v?(\d+)(?:\.\d+)?/i.exec(text);
  if (glue) {
    const line = GLUE[Number(glue[1])];
    return line ? { line, what: `AWS Glue ${glue[1]}.0 runs Spark ${line}` } : null;
  }
  return null;
}

export function modelledVersion(text: string | null): ModelledVersion {
  // as the notes quote it: a version is short, a pasted paragraph is cut
  const full = (text ?? "").trim();
  const raw = full.length > 60 ? `${full.slice(0, 57)}…` : full;
  const platform = platformLine(full.slice(0, 200));
  const m = platform ? /^(\d+)\.(\d+)()$/.exec(platform.line) : /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?/i.exec(raw);
  if (!m)
    return {
      version: null,
      defaults: {},
      note:
        raw === ""
          ? null
          : `"${raw}" names no Spark version sparkmem can read: Spark's newest line is assumed`,
      given: null,
    };
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const given = { major, minor };
  const line = `${major}.${minor}`;
  const plain = `${line}.${m[3] || "0"}`;
  if ((SUPPORTED_LINES as readonly string[]).includes(line))
    return {
      version: plain,
      defaults: {},
      note: platform ? `${raw} is laid out as Spark ${line}: ${platform.what}` : null,
      given,
    };
  const as = (to: string, why: string, defaults: Record<string, string> = {}): ModelledVersion => ({
    version: to,
    defaults,
    note: `Spark ${raw} is laid out as ${to}: ${why}`,
    given,
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
