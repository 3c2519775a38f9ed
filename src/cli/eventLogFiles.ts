import { accessSync, constants, createReadStream, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { LogSource } from "../analyze/index.js";
import { SparkmemError } from "../conf/index.js";
import { type ByteStringDecoder, orderRollingFiles, ROLLING_DIR_PREFIX } from "../eventlog/index.js";
import { gunzipped } from "./gunzipFile.js";
import { pathKind } from "./pathKind.js";
import { isZip, type ZipEntry, zipEntries, zipEntryChunks } from "./zipArchive.js";

/** One application to read: its files in order ("-" for stdin), and what the layout check had to say. */
export interface AppInput {
  label: string;
  files: string[];
  warnings: string[];
  /** Found by listing a directory: a file there that is not a log is skipped with a note, not an error. */
  listed?: boolean;
  /** The .zip the files are entries of, with those entries in the files' order (the files are their names). */
  archive?: { path: string; entries: ZipEntry[] };
}

/** Node's latin1 reading of bytes: about four times TextDecoder's speed on this hot path. */
export const bufferByteString: ByteStringDecoder = (b) =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

/** Opened only when read, so a worker thread can open its own; a gzip file is inflated by zlib (gunzipFile.ts). */
export function sourcesOf(app: AppInput): LogSource[] {
  const archive = app.archive;
  if (archive !== undefined)
    return archive.entries.map((e) => ({
      name: basename(e.name),
      chunks: zipEntryChunks(archive.path, e),
      toByteString: bufferByteString,
    }));
  return app.files.map((f) => {
    const decoded = f === "-" ? undefined : gunzipped(f);
    return {
      name: f === "-" ? "stdin" : basename(f),
      chunks: f === "-" ? process.stdin : lazyStream(f),
      ...(decoded ? { decoded } : {}),
      toByteString: bufferByteString,
    };
  });
}

/** The file is opened when the first chunk is asked for (a source read by a worker is never opened here). */
async function* lazyStream(path: string): AsyncGenerator<Uint8Array> {
  yield* createReadStream(path, { highWaterMark: 1 << 20 });
}

function readable(path: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new SparkmemError(path, "cannot be read (permission denied)", {
      expected: "a readable event log file",
    });
  }
}

/**
 * A rolling log's files by name, in Spark's order (EventLogFileReaders), and what the order had to say: the
 * listing of `dir` here, or the fleet reader's of a directory on any Hadoop file system.
 */
export function rollingPlan(
  dir: string,
  names: readonly string[],
  skipped: readonly string[] = [],
): { files: string[]; warnings: string[] } {
  const order = orderRollingFiles(names);
  return {
    files: order.files.map((f) => f.name),
    warnings: [
      ...skipped,
      ...order.problems.map((p) => `${dir}: ${p}`),
      ...(order.dropped.length > 0
        ? [
            `${dir}: ${order.dropped.length} file(s) before the last .compact file were replaced by it; finished jobs, stages and tasks are missing from its figures`,
          ]
        : []),
    ],
  };
}

/** eventlog_v2_<app>/: events_N files in Spark's order (EventLogFileReaders). */
function rollingApp(dir: string, listed = false): AppInput {
  const skipped: string[] = [];
  // only regular files are events_N files: a subdirectory or a dangling link is noted, not opened
  const names = readdirSync(dir).filter((name) => {
    const kind = pathKind(join(dir, name));
    if (kind !== "file") skipped.push(`${dir}: ${name} skipped (${kind})`);
    return kind === "file";
  });
  const plan = rollingPlan(dir, names, skipped);
  return { label: dir, listed, files: plan.files.map((f) => join(dir, f)), warnings: plan.warnings };
}

/**
 * The applications of a .zip of event logs: the files of each eventlog_v2_ folder, in Spark's order, as one
 * rolling log; every other file entry (appstatus files and hidden files left out) as one log.
 */
function zipApps(path: string): AppInput[] {
  const rolling = new Map<string, ZipEntry[]>();
  const apps: AppInput[] = [];
  for (const e of zipEntries(path)) {
    const parts = e.name.split("/");
    const file = parts.at(-1) as string;
    if (file.startsWith(".") || file.startsWith("appstatus_")) continue;
    const folder = parts.slice(0, -1).join("/");
    if (basename(folder).startsWith(ROLLING_DIR_PREFIX))
      rolling.set(folder, [...(rolling.get(folder) ?? []), e]);
    else
      apps.push({
        label: `${path}!${e.name}`,
        files: [e.name],
        warnings: [],
        archive: { path, entries: [e] },
      });
  }
  for (const [folder, entries] of rolling) {
    const byName = new Map(entries.map((e) => [basename(e.name), e]));
    const order = orderRollingFiles([...byName.keys()]);
    const ordered = order.files.map((f) => byName.get(f.name) as ZipEntry);
    apps.push({
      label: `${path}!${folder}`,
      files: ordered.map((e) => e.name),
      warnings: order.problems.map((p) => `${path}!${folder}: ${p}`),
      archive: { path, entries: ordered },
    });
  }
  if (apps.length === 0)
    throw new SparkmemError(path, "holds no event log", { expected: "a .zip of event logs" });
  return apps;
}

/**
 * PATH arguments to applications: "-" is stdin, a file is one log, an eventlog_v2_ directory is a
 * rolling log, any other directory holds logs (files and rolling directories; hidden files and
 * appstatus files skipped, as the History Server does).
 */
export function resolveInputs(paths: string[]): AppInput[] {
  const apps: AppInput[] = [];
  for (const p of paths) {
    if (p === "-") {
      apps.push({ label: "stdin", files: ["-"], warnings: [] });
      continue;
    }
    const kind = pathKind(p);
    if (kind === "a dangling link")
      throw new SparkmemError(p, "does not exist", {
        expected: "an event log file, a directory of logs, or - for stdin",
      });
    if (kind !== "directory") {
      // a file, or a FIFO or device given by name: read as a stream, like stdin
      readable(p);
      if (kind === "file" && isZip(p)) apps.push(...zipApps(p));
      else apps.push({ label: p, files: [p], warnings: [] });
      continue;
    }
    if (basename(p).startsWith(ROLLING_DIR_PREFIX)) {
      apps.push(rollingApp(p));
      continue;
    }
    const skipped: string[] = [];
    for (const name of readdirSync(p).sort()) {
      const full = join(p, name);
      if (name.startsWith(".") || name.startsWith("appstatus_")) continue;
      const kind = pathKind(full);
      if (kind === "directory" && name.startsWith(ROLLING_DIR_PREFIX)) apps.push(rollingApp(full, true));
      else if (kind === "file") apps.push({ label: full, files: [full], warnings: [], listed: true });
      // other directories are not logs (the History Server skips them too)
      else if (kind !== "directory") skipped.push(`${full} skipped (${kind})`);
    }
    // each application of the directory carries the note: a report is read on its own
    for (const a of apps) if (a.listed) a.warnings = a.warnings.concat(skipped); // no spread: any number of entries
  }
  if (apps.length === 0)
    throw new SparkmemError(paths.join(" "), "holds no event log", { expected: "Spark event log files" });
  return apps;
}
