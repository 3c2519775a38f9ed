import { closeSync, openSync, readSync } from "node:fs";
import { isBinary, SparkmemError } from "../conf/index.js";

/**
 * The most a configuration text may hold: far above any spark-defaults.conf, manifest or notebook (outputs
 * included), and a bound for /dev/zero, a FIFO that never ends or a log given where a configuration was meant.
 */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** What a configuration text can be, for the line that refuses one. */
const CONFIG_TEXTS =
  "spark-defaults.conf, a JSON map, EMR configuration JSON, a SparkApplication YAML, Python, a notebook, a spark-submit command, or a Spark event log";

/**
 * A configuration file's text, or one clear line naming the file and why it cannot be read. Binary data (a
 * NUL or invalid UTF-8: random bytes, zeros, a compressed file) is refused here, for every command and
 * flag that reads a configuration: parsed, it would be settings of garbage.
 */
export function readText(
  path: string,
  expected = "a readable configuration file",
  maxBytes = MAX_TEXT_BYTES,
): string {
  const text = readBytes(path, expected, maxBytes).toString("utf8");
  if (isBinary(text))
    throw new SparkmemError(path, "holds binary data, not a configuration text", { expected: CONFIG_TEXTS });
  return text;
}

/**
 * A file's bytes, at most maxBytes, or why it cannot be read. Past maxBytes: `tooLarge()`, else one line
 * naming the file and the limit.
 */
export function readBytes(
  path: string,
  expected: string,
  maxBytes: number,
  tooLarge: () => SparkmemError = () =>
    new SparkmemError(path, `is larger than ${maxBytes / (1024 * 1024)} MiB (reading stopped there)`, {
      expected,
    }),
): Buffer {
  const fd = open(path, expected);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // read, not stat-then-read: FIFOs and character devices have no size
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge();
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof SparkmemError) throw e;
    throw unreadable(path, e, expected);
  } finally {
    closeSync(fd);
  }
}

/** A file's first `bytes` bytes (enough to tell what it is), or the same one line when unreadable. */
export function readHead(path: string, bytes = 4096): Buffer {
  const fd = open(path, "a readable configuration file");
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, null));
  } catch (e) {
    throw unreadable(path, e, "a readable configuration file");
  } finally {
    closeSync(fd);
  }
}

function open(path: string, expected: string): number {
  try {
    return openSync(path, "r");
  } catch (e) {
    throw unreadable(path, e, expected);
  }
}

function unreadable(path: string, e: unknown, expected: string): SparkmemError {
  const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  return new SparkmemError(path, `cannot read the file (${why})`, { expected });
}
