import type { Codec } from "./codecs/types.js";
import { codecExtension, codecFromName } from "./detect.js";

/**
 * Spark's event-log file layouts, from names alone (EventLogFileWriters.scala, EventLogFileReaders.scala):
 * - single file `<base>[.<codec>][.inprogress]`, renamed without `.inprogress` when the app stops;
 * - rolling (3.0+, the default from 4.0): directory `eventlog_v2_<base>/` with `events_<N>_<base>[.<codec>]`
 *   (N = 1, 2, …; never `.inprogress`), SHS-compacted `events_<N>_<base>[.<codec>].compact`, and the zero-byte
 *   status file `appstatus_<base>[.inprogress]`, which alone says whether the app has finished.
 * `<base>` is Utils.nameForAppAndAttempt: the sanitized app id [+ "_" + attempt id].
 */

export const ROLLING_DIR_PREFIX = "eventlog_v2_";
const EVENTS_PREFIX = "events_";
const APPSTATUS_PREFIX = "appstatus_";
const IN_PROGRESS = ".inprogress";
const COMPACTED = ".compact";

export interface EventLogName {
  name: string;
  kind: "single" | "rolling-events" | "appstatus";
  /** App id [+ "_" + attempt id], as sanitized into the name. */
  base: string;
  /** N of events_N_ (rolling event files only). */
  index: number | null;
  codec: Codec;
  inProgress: boolean;
  compact: boolean;
}

const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

/** The base of a rolling log directory `eventlog_v2_<base>`, else null. */
export function rollingDirBase(dirName: string): string | null {
  const name = baseName(dirName.replace(/\/+$/, ""));
  return name.startsWith(ROLLING_DIR_PREFIX) ? name.slice(ROLLING_DIR_PREFIX.length) : null;
}

export function parseEventLogName(path: string): EventLogName {
  const name = baseName(path);
  const compact = name.endsWith(COMPACTED);
  let rest = compact ? name.slice(0, -COMPACTED.length) : name;
  const inProgress = rest.endsWith(IN_PROGRESS);
  if (inProgress) rest = rest.slice(0, -IN_PROGRESS.length);
  const ext = codecExtension(name);
  const codec = codecFromName(name);
  // the base keeps an unknown extension: only a codec's (or .gz) is Spark's own suffix
  if (ext !== null && (codec !== "none" || ext.toLowerCase() === "gz"))
    rest = rest.slice(0, -(ext.length + 1));
  if (rest.startsWith(APPSTATUS_PREFIX)) {
    return {
      name,
      kind: "appstatus",
      base: rest.slice(APPSTATUS_PREFIX.length),
      index: null,
      codec,
      inProgress,
      compact,
    };
  }
  // getEventLogFileIndex: the text between "events_" and the next "_" is the index (a Long)
  const m = /^events_(\d+)_(.+)$/.exec(rest);
  if (m) {
    const index = Number(m[1]);
    return { name, kind: "rolling-events", base: m[2] as string, index, codec, inProgress, compact };
  }
  return { name, kind: "single", base: rest, index: null, codec, inProgress, compact };
}

/** Missing indices named in a message (and in `missing`); the rest are counted. */
const MISSING_LISTED = 20;

export interface RollingOrder {
  /** The event files to read, in order (after dropping what the last compact file replaces). */
  files: EventLogName[];
  /** Event files before the last `.compact` one: its content already holds what SHS kept of them. */
  dropped: EventLogName[];
  /** Decided by the appstatus file alone; null when there is none (Spark refuses the directory then). */
  completed: boolean | null;
  appStatus: EventLogName | null;
  /** Indices missing between the first and last file to read, the first 20 (Spark refuses the directory then). */
  missing: number[];
  /** Why Spark's RollingEventLogFilesFileReader would refuse this directory; empty when it reads it. */
  problems: string[];
}

/**
 * RollingEventLogFilesFileReader's view of the names in an `eventlog_v2_` directory: event files sorted by
 * index, a compact file after the plain file of the same index (Spark adds 0.1 to its sort key), everything
 * before the last compact file dropped (dropBeforeLastCompactFile), indices required to be contiguous.
 * Names that are neither `events_` nor `appstatus_` files (such as Hadoop's `.crc` files) are ignored, as
 * Spark does.
 */
export function orderRollingFiles(names: readonly string[]): RollingOrder {
  const parsed = names.map(parseEventLogName);
  const problems: string[] = [];
  const unindexed = parsed.filter((p) => p.name.startsWith(EVENTS_PREFIX) && p.kind !== "rolling-events");
  for (const p of unindexed) problems.push(`${p.name}: no numeric index after "events_"`);
  const sorted = parsed
    .filter((p) => p.kind === "rolling-events")
    .map((p, i) => ({ p, i, key: (p.index as number) + (p.compact ? 0.1 : 0) }))
    .sort((a, b) => a.key - b.key || a.i - b.i) // stable, as Scala's sortBy
    .map((x) => x.p);
  let lastCompact = -1;
  sorted.forEach((p, i) => {
    if (p.compact) lastCompact = i;
  });
  const files = sorted.slice(Math.max(lastCompact, 0));
  const dropped = sorted.slice(0, Math.max(lastCompact, 0));

  const statuses = parsed.filter((p) => p.kind === "appstatus");
  // Spark takes the first appstatus file the listing returns; a finished one sorts first by name
  const appStatus = statuses.find((p) => !p.inProgress) ?? statuses[0] ?? null;
  if (sorted.length === 0) problems.push("Log directory must contain at least one event log file!");
  if (!appStatus) problems.push("Log directory must contain an appstatus file!");

  const missing: number[] = [];
  const indices = files.map((p) => p.index as number);
  const first = indices[0];
  const last = indices[indices.length - 1];
  if (first !== undefined && last !== undefined) {
    const present = new Set(indices);
    // the gap may be 10^11 wide (events_1_… and events_99999999999_…): count it, list only its start
    const gap = last - first + 1 - present.size;
    for (let i = first; i <= last && missing.length < MISSING_LISTED; i++)
      if (!present.has(i)) missing.push(i);
    // Spark compares the range with the list, so a repeated index fails too
    if (gap > 0 || present.size !== indices.length) {
      const more = gap > missing.length ? `, … ${gap} in all` : "";
      problems.push(
        `Found missing event log file, expected indices: ${first} to ${last}, actual: ${indices.slice(0, MISSING_LISTED).join(", ")}${indices.length > MISSING_LISTED ? ", …" : ""}` +
          (gap > 0 ? ` (missing ${missing.join(", ")}${more})` : " (repeated index)"),
      );
    }
  }
  return {
    files,
    dropped,
    completed: appStatus ? !appStatus.inProgress : null,
    appStatus,
    missing,
    problems,
  };
}
