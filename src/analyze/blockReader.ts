import { forEachLine, type LineBlock } from "../eventlog/lineBlocks.js";
import type { ApplicationAccumulator } from "./applicationAccumulator.js";
import { isAscii, scanTaskEnd } from "./taskEndScan.js";

const PREFIX = '{"Event":"';
const TASK_END = "SparkListenerTaskEnd";
const TASK_START = "SparkListenerTaskStart";
const EXECUTOR_ID = '"Executor ID":"';

/**
 * Feeds a block of lines to the accumulator, reading the byte string where it can: an event this
 * analysis skips is recognised by its name alone, a task start by its executor id, a successful task end
 * by scanTaskEnd; every other line is decoded as UTF-8 and parsed in full (pushLine). Returns the
 * number of lines. `onBadLine` hears of each line that is not a JSON event (its offset in the decompressed
 * stream); it may throw to stop the block there.
 */
export function pushBlock(
  acc: ApplicationAccumulator,
  block: LineBlock,
  firstLineNumber: number,
  onBadLine?: (lineNumber: number, offset: number) => void,
): number {
  const { text, bytes } = block;
  const utf8 = new TextDecoder("utf-8");
  return forEachLine(block, firstLineNumber, (start, end, lineNumber) => {
    if (text.startsWith(PREFIX, start)) {
      const nameEnd = text.indexOf('"', start + PREFIX.length);
      if (nameEnd > 0 && nameEnd < end) {
        const name = text.slice(start + PREFIX.length, nameEnd);
        if (name === TASK_END) {
          const t = scanTaskEnd(text, start, end);
          if (t) return acc.scannedTaskEnd(t);
        } else if (name === TASK_START) {
          const id = asciiValue(text, EXECUTOR_ID, nameEnd, end);
          if (id !== null) return acc.scannedTaskStart(id);
        } else if (!acc.wants(name) && isAscii(name)) return acc.skippedEvent();
      }
    }
    if (!acc.pushLine(utf8.decode(bytes.subarray(start, end)), lineNumber))
      onBadLine?.(lineNumber, block.offset + start);
  });
}

/** The first `"key":"…"` string in [from, end) when it is plain ASCII without escapes. */
function asciiValue(text: string, key: string, from: number, end: number): string | null {
  const at = text.indexOf(key, from);
  if (at < 0 || at >= end) return null;
  const close = text.indexOf('"', at + key.length);
  if (close < 0 || close >= end) return null;
  const v = text.slice(at + key.length, close);
  return isAscii(v) && !v.includes("\\") ? v : null;
}
