import { ApplicationAccumulator } from "../../analyze/applicationAccumulator.js";
import { modelConf } from "../../analyze/environment.js";
import { eventNameOf } from "../../analyze/eventName.js";
import { collectFailures } from "../../analyze/failures.js";
import { valueSet } from "../../conf/sparkConf.js";
import type { ParsedInput, Section } from "./types.js";

/** True when some line is a Spark event (JSON with an "Event" field first or anywhere). */
export function looksLikeEventLog(lines: readonly string[]): boolean {
  for (const l of lines) {
    const t = l.trim();
    if (t.startsWith("{") && eventNameOf(t) !== null) return true;
  }
  return false;
}

/**
 * An event log's failures as diagnose input: every ExecutorRemoved reason and every distinct
 * task failure reason (analyze's collectFailures), each one "line". Task failures and executor
 * removals are about executors (the driver has neither).
 */
export function parseEventLog(lines: readonly string[]): ParsedInput {
  const acc = new ApplicationAccumulator();
  lines.forEach((l, i) => {
    acc.pushLine(l.trim(), i + 1);
  });
  const summary = acc.finish();
  const failures = collectFailures(summary.executors, summary.stages);
  const out: string[] = [];
  const sections: (Section | null)[] = [];
  for (const f of failures) {
    if (out.includes(f.text)) continue;
    out.push(f.text);
    const id = f.executorId;
    sections.push({
      process: id === "driver" ? "driver" : "executor",
      label: id === null ? `task failure in stage ${f.stageId}` : `executor ${id}`,
      executorId: id,
    });
  }
  const conf = modelConf(summary.environment);
  const master = valueSet(conf, "spark.master") ?? "";
  const text = out.join("\n");
  return {
    kind: "event-log",
    lines: out,
    sections,
    cues: {
      yarn: master.startsWith("yarn") || /YARN|container_/.test(text),
      kubernetes: master.startsWith("k8s") || /OOMKilled|exit code 137/.test(text),
      local: master.startsWith("local"),
    },
    eventLog: { sparkVersion: summary.application.sparkVersion, conf },
    podMemoryLimits: new Map(),
  };
}
