import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import type { Decoded } from "../analyze/index.js";
import { decodeChunks, EventLogFormatError } from "../eventlog/index.js";

/**
 * A worker thread that reads and decompresses one file while the main thread parses what it already sent
 * (decodeFile.ts): on two cores a compressed log is read at nearly the plain rate. It sends Decoded messages
 * and stops after IN_FLIGHT unacknowledged pieces, so however much the file expands, at most IN_FLIGHT
 * pieces (≤ 1 MiB each) wait between the threads.
 */
export const IN_FLIGHT = 8;

const { path, name } = workerData as { path: string; name: string };
const port = parentPort;
let credits = IN_FLIGHT;
let wake: (() => void) | null = null;
port?.on("message", () => {
  credits++;
  wake?.();
  wake = null;
});

let compressedBytes = 0;
const send = (m: Decoded, transfer: ArrayBuffer[] = []) => port?.postMessage(m, transfer);

/**
 * Pieces are sent in batches of up to BATCH bytes: a codec's unit is often 32–64 KiB (lz4, snappy, lzf), and a
 * message per unit costs both threads more than the copy into a batch does.
 */
const BATCH = 1024 * 1024;
let batch = new Uint8Array(BATCH);
let batched = 0;

async function post(bytes: Uint8Array): Promise<void> {
  while (credits === 0) await new Promise<void>((r) => (wake = r));
  credits--;
  send({ kind: "piece", bytes, compressedBytes }, [bytes.buffer as ArrayBuffer]);
}

async function flush(): Promise<void> {
  if (batched === 0) return;
  const full = batch.subarray(0, batched);
  batch = new Uint8Array(BATCH);
  batched = 0;
  await post(full.byteLength === full.buffer.byteLength ? full : full.slice());
}

async function sendPieces(pieces: Iterable<Uint8Array>): Promise<void> {
  for (const p of pieces) {
    if (batched + p.length > BATCH) await flush();
    if (p.length >= BATCH / 2) {
      // a large piece goes alone: transferred when it owns its buffer, else copied
      const own =
        p.byteOffset === 0 && p.byteLength === p.buffer.byteLength && p.buffer instanceof ArrayBuffer;
      await post(own ? p : p.slice());
      continue;
    }
    batch.set(p, batched);
    batched += p.length;
  }
}

async function run(): Promise<void> {
  let truncated = false;
  const pieces = decodeChunks(name, createReadStream(path, { highWaterMark: 1 << 20 }), {
    codec: (resolved) => send({ kind: "codec", codec: resolved.codec, note: resolved.note }),
    input: (bytes) => {
      compressedBytes += bytes;
    },
    end: (t) => {
      truncated = t;
    },
  });
  try {
    for await (const p of pieces) await sendPieces(p);
    await flush();
    send({ kind: "end", truncated, compressedBytes });
  } catch (e) {
    await flush(); // what was decoded before the bad unit is read first
    if (e instanceof EventLogFormatError) send({ kind: "error", error: e.oneLine(), compressedBytes });
    else port?.postMessage({ kind: "fail", message: e instanceof Error ? e.message : String(e) });
  }
}

void run();
