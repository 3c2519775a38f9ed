import { baseCause, type Detector, evidenceOf } from "../detector.js";
import { processAt } from "../process.js";

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
  detect(input) {
    const hits: number[] = [];
    input.lines.forEach((l, i) => {
      if (hits.length < 3 && FAILURE.test(l) && !QUIET.test(l)) hits.push(i);
    });
    if (hits.length === 0) return [];
    return [
      baseCause(unknownCause, {
        title: "No known memory failure recognised",
        explanation: unknownCause.explanation,
        process: processAt(input, hits[0] as number),
        confidence: 0.1,
        evidence: evidenceOf(input, hits),
        nextChecks: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Paste the first exception with its whole stack trace ('Caused by:' lines too), or the executor's stderr from `yarn logs -applicationId <id>` / `kubectl logs <pod>`.",
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "For an event log, `sparkmem analyze <log>` lists every executor loss and task failure.",
        ],
      }),
    ];
  },
};
