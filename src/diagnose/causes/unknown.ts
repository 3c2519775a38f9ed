import type { Manager } from "../context.js";
import { baseCause, type Detector, evidenceOf } from "../detector.js";
import { processAt } from "../process.js";
import type { Process } from "../types.js";

// Lines that report a failure: log4j's ERROR/FATAL level, an exception or error class, a failed job
const FAILURE =
  // (?<![\w$.]) starts a class name only where a word run starts: without it a long run of word characters
  // (a 200 KB token) is rescanned from every position, quadratic
  /\b(?:ERROR|FATAL)\b|(?<![\w$.])[\w$.]+(?:Exception|Error)\b(?::|\s|$)|\bJob aborted\b|\bexit(?:ed with)? code [1-9]/;
// …but not INFO/DEBUG lines that merely mention one
const QUIET = /^\S*\s*\S*\s*(?:INFO|DEBUG|TRACE)\b/;

export const unknownCause: Detector = {
  id: "unknown",
  title: "A failure that is not a known memory problem",
  explanation:
    "The input reports an error, but none of the memory failures sparkmem knows. The first error lines are listed; look for the first exception in the driver's log and its 'Caused by:' chain.",
  docs: "Spark docs: tuning.md (Memory Tuning), configuration.md",
  patterns: [{ re: FAILURE, source: "log4j levels; Java exception class names" }],
  specificity: 0,
  detect(input, ctx) {
    const hits: number[] = [];
    input.lines.forEach((l, i) => {
      if (hits.length < 3 && FAILURE.test(l) && !QUIET.test(l)) hits.push(i);
    });
    // no failure in the input (a healthy run's log, a near-miss such as "exit code 0"): no cause
    if (hits.length === 0) return [];
    const process = processAt(input, hits[0] as number);
    return [
      baseCause(unknownCause, {
        title: "No known memory failure recognised",
        explanation: unknownCause.explanation,
        process,
        confidence: 0.1,
        evidence: evidenceOf(input, hits),
        nextChecks: nextStepsOf(ctx.manager, process),
      }),
    ];
  },
};

/** Where the evidence of a memory failure is, for the manager and process the input points to. */
function nextStepsOf(manager: Manager, process: Process): string[] {
  const steps = [
    // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
    "Paste the first exception with its whole stack trace ('Caused by:' lines too): the driver's log shows a failed task's reason after 'Lost task' and 'Driver stacktrace:'.",
  ];
  if (manager === "yarn")
    steps.push(
      "On YARN, `yarn logs -applicationId <id>` holds every container's stderr: search it for 'Container killed', 'exit code', 'OutOfMemoryError' and 'Killed'.",
    );
  else if (manager === "kubernetes")
    steps.push(
      "On Kubernetes, `kubectl describe pod <pod>` shows 'Last State: Terminated, Reason: OOMKilled, Exit Code: 137' for a pod killed at its limit; `kubectl logs --previous <pod>` its last output.",
    );
  else
    steps.push(
      "An executor's own stderr (the Spark UI's Executors tab, or the worker's work/<app>/<id>/stderr) holds the error the driver only summarises; `dmesg -T | grep -i killed` on the node shows the kernel's OOM killer.",
    );
  if (process !== "driver")
    steps.push(
      // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
      "For an event log, `sparkmem analyze <log>` lists every executor loss and task failure with its reason, and each executor's peak memory.",
    );
  return steps;
}
