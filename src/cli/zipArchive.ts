import { closeSync, createReadStream, fstatSync, openSync, readSync } from "node:fs";
import { createInflateRaw } from "node:zlib";
import { SparkmemError } from "../conf/index.js";
import { readHead } from "./readText.js";

/**
 * Event logs inside a .zip archive, as the History Server's download button and its REST API
 * (/api/v1/applications/{id}/logs) give them (EventLogFileReader.zipEventLogFiles): one entry per log file, a
 * rolling log's files under their eventlog_v2_ folder. The central directory is read at the end of the file
 * (APPNOTE.TXT 4.3.16, 4.3.12), and each entry is streamed from its local header: stored or deflated (zlib's
 * raw inflate, which pauses while its output is not taken), never held whole.
 */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated (the only two the History Server writes). */
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_MIN = 22;
/** The end record's comment is at most 65535 bytes. */
const EOCD_SEARCH = EOCD_MIN + 0xffff;
/** A central directory larger than this is not an event-log archive (each entry is ~80 bytes). */
const MAX_DIRECTORY = 64 * 1024 * 1024;

/** Whether a file starts as a zip archive does (a local file header, or the end record of an empty one). */
export function isZip(path: string): boolean {
  const head = readHead(path, 4);
  return head.length === 4 && (head.readUInt32LE(0) === LOCAL || head.readUInt32LE(0) === EOCD);
}

function readAt(path: string, position: number, length: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const b = Buffer.alloc(length);
    return b.subarray(0, readSync(fd, b, 0, length, position));
  } finally {
    closeSync(fd);
  }
}

function sizeOf(path: string): number {
  const fd = openSync(path, "r");
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

const bad = (path: string, problem: string) =>
  new SparkmemError(path, problem, { expected: "a .zip of event logs as the History Server writes it" });

/** The archive's file entries (folders left out), in the central directory's order. */
export function zipEntries(path: string): ZipEntry[] {
  const size = sizeOf(path);
  const tailStart = Math.max(0, size - EOCD_SEARCH);
  const tail = readAt(path, tailStart, size - tailStart);
  let at = -1;
  for (let i = tail.length - EOCD_MIN; i >= 0; i--)
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  if (at < 0) throw bad(path, `no end of central directory record in its last ${tail.length} bytes (cut?)`);
  const count = tail.readUInt16LE(at + 10);
  const dirSize = tail.readUInt32LE(at + 12);
  const dirOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff)
    throw bad(path, "is a ZIP64 archive (over 4 GiB or 65535 entries), which is not read; unzip it first");
  if (dirSize > MAX_DIRECTORY || dirOffset + dirSize > tailStart + at)
    throw bad(path, `central directory of ${dirSize} bytes at byte ${dirOffset} does not fit the file`);
  const dir = readAt(path, dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL)
      throw bad(path, `central directory entry ${n + 1} at byte ${dirOffset + p} is not one`);
    const method = dir.readUInt16LE(p + 10);
    const compressedSize = dir.readUInt32LE(p + 20);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const localHeaderOffset = dir.readUInt32LE(p + 42);
    const name = dir.subarray(p + 46, p + 46 + nameLength).toString("utf8");
    p += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    if (method !== 0 && method !== 8)
      throw bad(path, `entry ${name} uses compression method ${method} (only stored and deflated are read)`);
    entries.push({ name, method, compressedSize, localHeaderOffset });
  }
  return entries;
}

/** One entry's bytes, decompressed, streamed. */
export async function* zipEntryChunks(path: string, e: ZipEntry): AsyncGenerator<Uint8Array> {
  const local = readAt(path, e.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL)
    throw bad(path, `entry ${e.name}: no local header at byte ${e.localHeaderOffset}`);
  const start = e.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (e.compressedSize === 0) return;
  const raw = createReadStream(path, { start, end: start + e.compressedSize - 1, highWaterMark: 1 << 20 });
  if (e.method === 0) {
    yield* raw as AsyncIterable<Buffer>;
    return;
  }
  const inflate = createInflateRaw({ chunkSize: 1 << 20 });
  raw.on("error", (err) => inflate.destroy(err));
  raw.pipe(inflate);
  try {
    yield* inflate as AsyncIterable<Buffer>;
  } catch (err) {
    throw bad(path, `entry ${e.name} does not inflate (${(err as Error).message})`);
  } finally {
    raw.destroy();
    inflate.destroy();
  }
}
