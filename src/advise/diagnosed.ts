import type { AnalyzeReport } from "../analyze/report.js";
import { readBytes } from "../conf/sparkConf.js";
import { diagnose } from "../diagnose/index.js";
import { type ExplainInput, toConf } from "../model/explain.js";
import type { FoundCause } from "./failures.js";
import type { AdvisedProcess, Evidence } from "./types.js";

/** The sizes advise sets that diagnose's causes may ask for too. */
const SIZES = [
  "spark.executor.memory",
  "spark.executor.memoryOverhead",
  "spark.executor.pyspark.memory",
  "spark.driver.memory",
  "spark.driver.memoryOverhead",
  "spark.driver.maxResultSize",
];
/** Below this, diagnose's idea of a cause is too unsure to change a setting for. */
const MIN_CONFIDENCE = 0.5;

export interface DiagnosedChange {
  process: AdvisedProcess;
  key: string;
  to: string;
  bytes: number;
  why: string;
  evidence?: Evidence[];
}

export interface Diagnosed {
  changes: DiagnosedChange[];
  /** The causes found (at least MIN_CONFIDENCE), for the failure guards. */
  causes: FoundCause[];
  /** One line per cause found: its title, id and confidence. */
  notes: string[];
}

/** A size setting as bytes, for comparing advise's value with diagnose's; null for a relative change. */
export function sizeBytes(key: string, value: string): number | null {
  try {
    return readBytes(toConf({ [key]: value }), key, "BYTE");
  } catch {
    return null; // a relative change ("+50%") is not a size: nothing to merge
  }
}

/**
 * diagnose on what failed: the logs' own failure texts (executor losses, failed tasks, in Spark's and YARN's words)
 * and an error text the user gives (`--error FILE`: driver or executor stderr, `yarn logs`, kubectl's), with the
 * log's settings, so that its changes are concrete sizes through the model. Only sizes advise deals in, from causes
 * of at least MIN_CONFIDENCE, come back; each asks for more than the setting has now.
 */
export function diagnosed(
  reports: AnalyzeReport[],
  input: ExplainInput,
  errorText: string | null,
): Diagnosed {
  // executor losses, failed tasks, and stages aborted by the driver (a result above maxResultSize fails no task)
  const texts = new Set(
    reports.flatMap((r) => [
      ...r.failures.map((f) => f.text),
      ...r.stages.flatMap((s) => (s.failureReason ? [s.failureReason] : [])),
    ]),
  );
  if (errorText !== null) texts.add(errorText);
  if (texts.size === 0) return { changes: [], causes: [], notes: [] };
  const conf = toConf(input.conf);
  const { causes } = diagnose([...texts].join("\n"), {
    conf,
    ...(input.sparkVersion ? { sparkVersion: input.sparkVersion } : {}),
  });
  const changes: DiagnosedChange[] = [];
  const found: FoundCause[] = [];
  const notes: string[] = [];
  for (const cause of causes) {
    if (cause.id === "unknown" || cause.confidence < MIN_CONFIDENCE) continue;
    found.push({ id: cause.id, process: cause.process, title: cause.title });
    // a change the model refused (it would not start, or not fit the node) is withheld: say why
    const withheld = cause.nextChecks.find((n) => n.includes(" is withheld: "));
    notes.push(
      `diagnose: ${cause.title} (${cause.id}, confidence ${cause.confidence.toFixed(2)})${withheld ? `. ${withheld}` : ""}`,
    );
    for (const c of cause.changes) {
      if (c.to === null || !SIZES.includes(c.key) || changes.some((x) => x.key === c.key)) continue;
      const bytes = sizeBytes(c.key, c.to);
      const now = readBytes(conf, c.key, "BYTE");
      if (bytes === null || (now !== null && bytes <= now)) continue;
      changes.push({
        process: c.key.startsWith("spark.driver.") ? "driver" : "executor",
        key: c.key,
        to: c.to,
        bytes,
        why: `${cause.title} (diagnose: ${c.why})`,
      });
    }
  }
  return { changes, causes: found, notes };
}
