import { closeSync, openSync, readSync, statSync } from "node:fs";
import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import type { Decoded } from "../analyze/index.js";
import { MAGIC_BYTES, resolveCodec } from "../eventlog/index.js";

/** Run from src/ (Vitest, tsx) Node cannot start the TypeScript worker: files are decoded on the calling thread. */
const fromSource = import.meta.url.endsWith(".ts");

/** Below this a thread's start (~30 ms) is near the time decoding takes (1 MiB of lz4 is ~8 MB of events). */
const OFFLOAD_BYTES = 1024 * 1024;

/**
 * Whether a file is worth decoding on a worker thread: a log of at least OFFLOAD_BYTES compressed (by name or
 * magic, as the reader decides) with a codec whose decoding costs about as much as parsing. Not plain logs
 * (nothing to overlap) nor zstd: libzstd in WebAssembly decodes 230 MiB in well under the parse time, and
 * handing its output across costs more than it saves (870 ms on the parsing thread, 945 ms with a worker).
 */
export function worthOffloading(path: string): boolean {
  if (fromSource || statSync(path).size < OFFLOAD_BYTES) return false;
  const head = new Uint8Array(MAGIC_BYTES);
  const fd = openSync(path, "r");
  try {
    const n = readSync(fd, head, 0, head.length, 0);
    const { codec } = resolveCodec(basename(path), head.subarray(0, n));
    return codec !== "none" && codec !== "zstd";
  } finally {
    closeSync(fd);
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
