import { analyze as analyzeSources, type LogSource } from "../analyze/index.js";
import { SparkmemError } from "../conf/index.js";
import { ROLLING_DIR_PREFIX } from "../eventlog/index.js";
import { PARTIAL_EXIT } from "./analyzeCommand.js";
import { bufferByteString, rollingPlan } from "./eventLogFiles.js";
import { FramedInput } from "./framedInput.js";

/** A log as the fleet's reader lists it: its path, and its files' names (one, or a rolling directory's). */
interface Manifest {
  path: string;
  files: string[];
}

function manifestOf(line: string): Manifest {
  let m: unknown;
  try {
    m = JSON.parse(line);
  } catch {
    m = null;
  }
  const o = m as Partial<Manifest> | null;
  if (
    !o ||
    typeof o.path !== "string" ||
    !Array.isArray(o.files) ||
    o.files.length === 0 ||
    !o.files.every((f) => typeof f === "string" && f.length > 0 && !f.includes("/"))
  )
    throw new SparkmemError("stdin line 1", "is not a fleet manifest", {
      expected: '{"path": "…", "files": ["name", …]} (file names without a directory)',
    });
  return o as Manifest;
}

const baseName = (p: string) => p.replace(/\/+$/, "").split("/").at(-1) ?? p;

/**
 * sparkmem fleet-read: the fleet job's reader on an executor hands one log to sparkmem through stdin. In: a
 * manifest line, then, after sparkmem answered with the order to send them in, the files as frames
 * (framedInput.ts). Out: `{"order": [index, …]}` (a rolling log in Spark's order, files before the last compact
 * file left out), then the log's analyze JSON on one line — the report `sparkmem analyze --json PATH` prints for
 * the same files. Exit 3 when a file is corrupt (the report is partial, as analyze), 2 on bad input.
 */
export async function runFleetRead(input: AsyncIterable<Buffer | string> = process.stdin): Promise<number> {
  const framed = new FramedInput(input);
  const m = manifestOf(await framed.line("the manifest"));
  const rolling = baseName(m.path).startsWith(ROLLING_DIR_PREFIX);
  const plan = rolling ? rollingPlan(m.path, m.files) : { files: [m.files[0] as string], warnings: [] };
  const order = plan.files.map((f) => m.files.indexOf(f));
  process.stdout.write(`${JSON.stringify({ order })}\n`);
  const sources: LogSource[] = plan.files.map((name, k) => ({
    name,
    chunks: framed.file(k),
    toByteString: bufferByteString,
  }));
  const report = await analyzeSources(sources, plan.warnings);
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return report.input.files.some((f) => f.error !== null) ? PARTIAL_EXIT : 0;
}
