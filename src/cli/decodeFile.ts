import { closeSync, openSync, readSync, statSync } from "node:fs";
import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import type { Decoded } from "../analyze/index.js";
import { MAGIC_BYTES, resolveCodec } from "../eventlog/index.js";
import { gunzipDecoded } from "./gunzipFile.js";

/** Run from src/ (Vitest, tsx) Node cannot start the TypeScript worker: files are decoded on the calling thread. */
const fromSource = import.meta.url.endsWith(".ts");

/** Below this a thread's start (~30 ms) is near the time decoding takes (1 MiB of lz4 is ~8 MB of events). */
const OFFLOAD_BYTES = 1024 * 1024;

/**
 * How the CLI decodes a file, when not on the reading thread by the reader's own decoder (undefined):
 * - gzip (by name or magic, as the reader decides): by Node's zlib on libuv's threads (gunzipFile.ts);
 * - with `offload`, lz4, lzf and snappy logs of at least OFFLOAD_BYTES: on a worker thread (decodeFile),
 *   since their decoding costs about as much as parsing. Not plain logs (nothing to overlap) nor zstd: libzstd
 *   in WebAssembly decodes 230 MiB in well under the parse time, and handing its output across costs more
 *   than it saves (870 ms on the parsing thread, 945 ms with a worker).
 */
export function decodedElsewhere(path: string, offload: boolean): AsyncIterable<Decoded> | undefined {
  const head = headOf(path);
  if (!head) return undefined;
  const { codec, note } = resolveCodec(basename(path), head);
  if (codec === "gzip") return gunzipDecoded(path, note);
  if (!offload || fromSource || codec === "none" || codec === "zstd") return undefined;
  return statSync(path).size >= OFFLOAD_BYTES ? decodeFile(path) : undefined;
}

/**
 * The first bytes of a regular file; null for anything else (a FIFO would block, a device never ends) and
 * when it cannot be read: the reader then opens it and reports why, as for any file.
 */
function headOf(path: string): Uint8Array | null {
  try {
    if (!statSync(path).isFile()) return null;
    const head = new Uint8Array(MAGIC_BYTES);
    const fd = openSync(path, "r");
    try {
      return head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/**
 * One file decoded on a worker thread (decodeWorker.ts), as the reader's Decoded messages: each piece taken
 * is acknowledged, which lets the worker decode one more. The worker ends with the file, or when the
 * reader stops early.
 */
export async function* decodeFile(path: string): AsyncGenerator<Decoded> {
  const worker = new Worker(new URL("./decodeWorker.js", import.meta.url), {
    workerData: { path, name: basename(path) },
  });
  const queue: (Decoded | { kind: "fail"; message: string })[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on("message", (m: Decoded | { kind: "fail"; message: string }) => {
    queue.push(m);
    notify();
  });
  worker.on("error", (e) => {
    failure = e;
    notify();
  });
  worker.on("exit", notify);
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (failure) throw failure;
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      if (m.kind === "fail") throw new Error(m.message);
      if (m.kind === "piece") worker.postMessage(1);
      yield m;
      if (m.kind === "end" || m.kind === "error") return;
    }
  } finally {
    await worker.terminate();
  }
}
