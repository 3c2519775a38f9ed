/**
 * Cheap cuts before JSON.parse: most of a log's bytes are task events, and a TaskEnd's "Accumulables"
 * list (SQL metrics, often a third of the line) is needed only where "Task Metrics" lacks
 * "Peak Execution Memory" (logs before 3.0 keep it only there).
 */
const ACCUMULABLES = '"Accumulables":[';

/** The TaskEnd line with an empty accumulables list, or the line itself when it may still need them. */
export function withoutAccumulables(line: string): string {
  if (!line.includes('"Peak Execution Memory":')) return line;
  const start = line.indexOf(ACCUMULABLES);
  if (start < 0) return line;
  const end = matchingBracket(line, start + ACCUMULABLES.length - 1);
  return end < 0 ? line : `${line.slice(0, start + ACCUMULABLES.length)}${line.slice(end)}`;
}

/** Index of the `]` closing the `[` at `open`, skipping strings; -1 when the line ends first. */
export function matchingBracket(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote, past escapes
      for (i++; i < s.length; i++) {
        const d = s.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** A TaskStart's executor, the only field we read from it: Spark writes it once, inside "Task Info". */
export function taskStartExecutorId(line: string): string | null {
  const m = /"Executor ID":"((?:[^"\\]|\\.)*)"/.exec(line);
  return m ? JSON.parse(`"${m[1]}"`) : null;
}
