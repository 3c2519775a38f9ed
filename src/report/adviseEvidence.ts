import type { CountEvidence, Evidence } from "../advise/index.js";

/** Where a piece of advise's evidence was seen: "executor 1, stage 3, log 2", "driver", "all executors". */
export function evidenceWhere(e: Evidence | CountEvidence, logs: number): string {
  const where = [
    e.executor === null ? "all executors" : e.executor === "driver" ? "driver" : `executor ${e.executor}`,
  ];
  if (e.stage !== null) where.push(`stage ${e.stage}`);
  if (logs > 1) where.push(`log ${e.log + 1}`);
  return where.join(", ");
}
