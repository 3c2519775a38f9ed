import {
  EXECUTOR_METRIC_NAMES,
  emptyMetricValues,
  METRIC_INDEX,
  type MetricValues,
  setMetric,
} from "./executorMetrics.js";
import { matchingBracket } from "./lineTrim.js";
import type { TaskEnd } from "./taskEnd.js";

/**
 * A successful SparkListenerTaskEnd read straight from its text, without JSON.parse. Task ends are
 * most of a log's bytes (often 85%), and JSON.parse builds every accumulable only for us to drop it.
 *
 * Why searching for keys is safe: a needle such as `"Executor Run Time":` starts and ends with a bare
 * quote, and inside a JSON string every quote is escaped, so in valid JSON it only matches a key.
 * Each key is searched inside its own object ("Task Info" up to its "Accumulables", "Task Metrics" to
 * the end of the line), as JsonProtocol.taskEndToJson writes them.
 *
 * Returns null for anything outside the common shape (a failed or killed task, a key missing in an
 * older version, a non-integer or 16+ digit number, escapes or non-ASCII in the executor id, a cut
 * line): the caller then parses the line fully, so both ways give the same TaskEnd (a test checks this
 * on every task end of our fixtures).
 *
 * `s` holds one character per byte (a latin1 reading of the UTF-8 bytes), so positions are byte offsets.
 */
export function scanTaskEnd(s: string, start: number, end: number): TaskEnd | null {
  if (!s.startsWith(HEAD, start) || s.charCodeAt(end - 1) !== CLOSE_BRACE) return null;
  const r = new KeyReader(s, end);
  const stageId = r.intAt(start + HEAD.length);
  const attempt = stageId === null ? null : r.valueOf(STAGE_ATTEMPT, r.pos);
  const reason = r.keyAt(REASON, r.pos);
  if (attempt === null || reason < 0 || !s.startsWith(SUCCESS, reason)) return null;

  const info = r.keyAt(TASK_INFO, reason);
  const accumulables = info < 0 ? -1 : r.keyAt(ACCUMULABLES, info);
  if (accumulables < 0) return null;
  r.limit = accumulables;
  const launch = r.valueOf(LAUNCH_TIME, info);
  const executorId = r.asciiString(EXECUTOR_ID, info);
  const finish = r.valueOf(FINISH_TIME, info);
  if (launch === null || finish === null || executorId === null) return null;

  r.limit = end;
  const metricsAt = r.keyAt(EXECUTOR_METRICS, accumulables);
  const executorMetrics =
    metricsAt < 0 || s.charCodeAt(metricsAt) !== OPEN_BRACE ? null : r.metricValues(metricsAt + 1);
  if (executorMetrics === null) return null;

  const tm = r.keyAt(TASK_METRICS, r.pos);
  if (tm < 0 || !closesAtEnd(s, tm, end)) return null;
  const f: number[] = [];
  for (const key of TASK_METRIC_KEYS) {
    const v = r.valueOf(key, tm);
    if (v === null) return null;
    f.push(v);
  }
  const [
    runTime,
    cpuTime,
    peak,
    resultSize,
    gc,
    spillMemory,
    spillDisk,
    remoteRead,
    localRead,
    shuffleWrite,
    input,
    output,
  ] = f as [number, number, number, number, number, number, number, number, number, number, number, number];
  return {
    stageId,
    stageAttemptId: attempt,
    executorId,
    reason: "Success",
    outcome: "succeeded",
    failureText: null,
    durationMs: finish - launch,
    launchTimeMs: launch,
    finishTimeMs: finish,
    hasMetrics: true,
    runTimeMs: runTime,
    cpuTimeNs: cpuTime,
    gcTimeMs: gc,
    inputBytes: input,
    outputBytes: output,
    shuffleReadBytes: localRead + remoteRead,
    shuffleWriteBytes: shuffleWrite,
    spillMemoryBytes: spillMemory,
    spillDiskBytes: spillDisk,
    peakExecutionMemoryBytes: peak,
    resultSizeBytes: resultSize,
    executorMetrics,
  };
}

/**
 * "Task Metrics" is the last field: its object must close just before the line's final brace, or the
 * line was cut (an in-progress log). "Updated Blocks", written last, is almost always empty.
 */
function closesAtEnd(s: string, open: number, end: number): boolean {
  if (s.charCodeAt(open) !== OPEN_BRACE) return false;
  return (
    s.startsWith(EMPTY_BLOCKS_END, end - EMPTY_BLOCKS_END.length) || matchingBracket(s, open) === end - 2
  );
}

const EMPTY_BLOCKS_END = '"Updated Blocks":[]}}';
const HEAD = '{"Event":"SparkListenerTaskEnd","Stage ID":';
const SUCCESS = '{"Reason":"Success"}';
// Keys are searched without their opening quote (checked after): V8's indexOf looks for the first
// character, and a quote is every few bytes of JSON while "T" or "E" are rare (measured 6× faster).
const STAGE_ATTEMPT = 'Stage Attempt ID":';
const REASON = 'Task End Reason":';
const TASK_INFO = 'Task Info":';
const ACCUMULABLES = 'Accumulables":';
const LAUNCH_TIME = 'Launch Time":';
const FINISH_TIME = 'Finish Time":';
const EXECUTOR_ID = 'Executor ID":';
const EXECUTOR_METRICS = 'Task Executor Metrics":';
const TASK_METRICS = 'Task Metrics":';
/** In the order JsonProtocol.taskMetricsToJson writes them, so each search starts where the last ended. */
const TASK_METRIC_KEYS = [
  'Executor Run Time":',
  'Executor CPU Time":',
  'Peak Execution Memory":',
  'Result Size":',
  'JVM GC Time":',
  'Memory Bytes Spilled":',
  'Disk Bytes Spilled":',
  'Remote Bytes Read":',
  'Local Bytes Read":',
  'Shuffle Bytes Written":',
  'Bytes Read":',
  'Bytes Written":',
];
const QUOTED_METRIC_NAMES = EXECUTOR_METRIC_NAMES.map((n) => `"${n}":`);
const CLOSE_BRACE = 0x7d;
const OPEN_BRACE = 0x7b;
const QUOTE = 0x22;
const MAX_DIGITS = 15; // below 2^53, so the digits add up exactly as JSON.parse reads them

/** Reads keys and integers from one line; `pos` is where the last read ended (keys come in order). */
class KeyReader {
  pos = 0;
  constructor(
    readonly s: string,
    /** Searches stop here: the end of the line, or of the object being read. */
    public limit: number,
  ) {}

  /**
   * Where the value of `key` (`Name":`, see above) starts, first from `pos` (keys come in order), else
   * from `from`; -1 when it is not in [from, limit). A match must follow a quote: a key, not a suffix.
   */
  keyAt(key: string, from: number): number {
    const at = this.find(key, Math.max(this.pos, from));
    return at >= 0 || this.pos <= from ? at : this.find(key, from);
  }

  private find(key: string, from: number): number {
    for (let at = this.s.indexOf(key, from); at >= 0 && at < this.limit; at = this.s.indexOf(key, at + 1))
      if (this.s.charCodeAt(at - 1) === QUOTE) return at + key.length;
    return -1;
  }

  /** The integer value of `key` in [from, limit). */
  valueOf(key: string, from: number): number | null {
    const at = this.keyAt(key, from);
    return at < 0 ? null : this.intAt(at);
  }

  /** A JSON integer at i followed by `,` or `}`; sets `pos` after it. */
  intAt(i: number): number | null {
    let c = this.s.charCodeAt(i);
    const negative = c === 0x2d;
    if (negative) c = this.s.charCodeAt(++i);
    const first = i;
    let v = 0;
    while (c >= 0x30 && c <= 0x39) {
      v = v * 10 + (c - 0x30);
      c = this.s.charCodeAt(++i);
    }
    const digits = i - first;
    if (digits === 0 || digits > MAX_DIGITS || (c !== 0x2c && c !== CLOSE_BRACE)) return null;
    if (digits > 1 && this.s.charCodeAt(first) === 0x30) return null; // a leading zero is not JSON
    this.pos = i;
    return negative ? -v : v;
  }

  /** The plain-ASCII string value of `key` in [from, limit); null for escapes or other bytes. */
  asciiString(key: string, from: number): string | null {
    const at = this.keyAt(key, from);
    if (at < 0 || this.s.charCodeAt(at) !== QUOTE) return null;
    const first = at + 1;
    const close = this.s.indexOf('"', first);
    if (close < 0 || close > this.limit) return null;
    this.pos = close + 1;
    const v = this.s.slice(first, close);
    return isAscii(v) && !v.includes("\\") ? v : null;
  }

  /**
   * `"Name":int,…}` from i (just past the `{`): ExecutorMetrics, flat by construction. Spark writes the
   * names in ExecutorMetricType order, so each is first compared with the next expected one.
   */
  metricValues(from: number): MetricValues | null {
    const { s, limit } = this;
    const out = emptyMetricValues();
    let i = from;
    let next = 0;
    if (s.charCodeAt(i) === CLOSE_BRACE) {
      this.pos = i + 1;
      return out;
    }
    while (i < limit) {
      const expected = QUOTED_METRIC_NAMES[next];
      let index = next;
      if (expected !== undefined && s.startsWith(expected, i)) i += expected.length;
      else {
        // not the next in Spark's order: another known name, or one a newer Spark added
        if (s.charCodeAt(i) !== QUOTE) return null;
        const close = s.indexOf('":', i + 1);
        if (close < 0 || close > limit) return null;
        const name = s.slice(i + 1, close);
        if (name.includes('"') || name.includes("\\") || !isAscii(name)) return null;
        const v = this.intAt(close + 2);
        if (v === null) return null;
        index = METRIC_INDEX.get(name) ?? -1;
        if (index < 0) setMetric(out, name, v);
        else out.known[index] = v;
        i = this.pos;
        next = index + 1;
        if (s.charCodeAt(i) === CLOSE_BRACE) break;
        i++;
        continue;
      }
      // the common case, inlined: a non-negative integer without a leading zero
      let c = s.charCodeAt(i);
      const first = i;
      let v = 0;
      while (c >= 0x30 && c <= 0x39) {
        v = v * 10 + (c - 0x30);
        c = s.charCodeAt(++i);
      }
      const digits = i - first;
      if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && s.charCodeAt(first) === 0x30)) {
        const slow = this.intAt(first); // negative, or not an integer
        if (slow === null) return null;
        v = slow;
        i = this.pos;
        c = s.charCodeAt(i);
      }
      out.known[index] = v;
      next = index + 1;
      if (c === CLOSE_BRACE) break;
      if (c !== 0x2c) return null;
      i++;
    }
    if (i >= limit) return null;
    this.pos = i + 1;
    return out;
  }
}

/** Printable ASCII only: other characters of the latin1 string are bytes of a UTF-8 sequence. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}
