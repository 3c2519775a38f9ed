import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { eventNameOf } from "../../src/analyze/eventName.js";
import { createDecoder } from "../../src/eventlog/codecs/index.js";
import { LineSplitter } from "../../src/eventlog/lines.js";

/** The fixture whose event shapes the benchmark log repeats: a real Dataproc job, 13,504 tasks. */
export const SOURCE = new URL(
  "../../../shared/fixtures/spark-events/other/spark-rapids-tools/nds_q72_dataproc_2_2.zstd",
  import.meta.url,
).pathname;

const HEADER_EVENTS = new Set([
  "SparkListenerLogStart",
  "SparkListenerResourceProfileAdded",
  "SparkListenerBlockManagerAdded",
  "SparkListenerEnvironmentUpdate",
  "SparkListenerApplicationStart",
  "SparkListenerExecutorAdded",
]);

async function fixtureLines(): Promise<string[]> {
  const d = await createDecoder("zstd");
  const s = new LineSplitter();
  const lines: string[] = [];
  for await (const c of createReadStream(SOURCE))
    for (const o of d.push(c)) for (const l of s.push(o)) lines.push(l.text);
  for (const o of d.end()) for (const l of s.push(o)) lines.push(l.text);
  return lines;
}

/** Ids shifted per copy so every job, stage and task is new, as in a longer run of the same job. */
function shift(
  line: string,
  k: number,
  ids: { job: number; stage: number; task: number; sql: number },
): string {
  if (k === 0) return line;
  return line
    .replace(/"Job ID":(\d+)/g, (_, n) => `"Job ID":${Number(n) + k * ids.job}`)
    .replace(/"Stage ID":(\d+)/g, (_, n) => `"Stage ID":${Number(n) + k * ids.stage}`)
    .replace(/"Task ID":(\d+)/g, (_, n) => `"Task ID":${Number(n) + k * ids.task}`)
    .replace(/"executionId":(\d+)/g, (_, n) => `"executionId":${Number(n) + k * ids.sql}`);
}

const maxOf = (lines: string[], re: RegExp) => {
  let m = 0;
  for (const l of lines) for (const x of l.matchAll(re)) m = Math.max(m, Number(x[1]));
  return m + 1;
};

/**
 * Writes an uncompressed log of at least `targetBytes`: the fixture's header once, its jobs, stages and
 * tasks repeated with fresh ids, one ApplicationEnd. Returns the bytes written.
 */
export async function buildLog(path: string, targetBytes: number): Promise<number> {
  const lines = await fixtureLines();
  const name = (l: string) => eventNameOf(l) ?? "";
  const header = lines.filter((l) => HEADER_EVENTS.has(name(l)));
  const end = lines.filter((l) => name(l) === "SparkListenerApplicationEnd");
  const body = lines.filter((l) => !HEADER_EVENTS.has(name(l)) && name(l) !== "SparkListenerApplicationEnd");
  const ids = {
    job: maxOf(body, /"Job ID":(\d+)/g),
    stage: maxOf(body, /"Stage ID":(\d+)/g),
    task: maxOf(body, /"Task ID":(\d+)/g),
    sql: maxOf(body, /"executionId":(\d+)/g),
  };
  const out = createWriteStream(path);
  let written = 0;
  const write = async (l: string) => {
    const chunk = `${l}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  };
  for (const l of header) await write(l);
  for (let k = 0; written < targetBytes; k++) for (const l of body) await write(shift(l, k, ids));
  for (const l of end) await write(l);
  out.end();
  await once(out, "finish");
  return written;
}
