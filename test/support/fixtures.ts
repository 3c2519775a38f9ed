import { readFileSync } from "node:fs";
import { ApplicationAccumulator } from "../../src/analyze/applicationAccumulator.js";
import { pushBlock } from "../../src/analyze/blockReader.js";
import { type AnalyzeReport, analyze } from "../../src/analyze/index.js";
import type { ApplicationSummary } from "../../src/analyze/types.js";
import { resolveInputs, sourcesOf } from "../../src/cli/eventLogFiles.js";
import { LineBlockSplitter } from "../../src/eventlog/lineBlocks.js";
import { SHARED } from "./shared.js";

/** ../shared/fixtures, read in place. */
export const FIXTURES = new URL("fixtures/", SHARED);

export function expectation<T = Record<string, unknown>[]>(name: string): T {
  return JSON.parse(readFileSync(new URL(`history-server-expectations/${name}`, FIXTURES), "utf8")) as T;
}

/**
 * Replays a log's text as `analyze` reads it (byte blocks: scanned task ends, the rest parsed), in
 * chunks of `chunkBytes` so lines also straddle chunks; or line by line with JSON.parse only.
 */
export function replay(
  text: string,
  how: "blocks" | "lines" = "blocks",
  chunkBytes = 65536,
): ApplicationSummary {
  const acc = new ApplicationAccumulator();
  if (how === "lines") {
    for (const [i, l] of text.split("\n").entries()) acc.pushLine(l, i + 1);
    return acc.finish();
  }
  const bytes = new TextEncoder().encode(text);
  const splitter = new LineBlockSplitter();
  let lines = 0;
  for (let at = 0; at < bytes.length; at += chunkBytes)
    for (const b of splitter.push(bytes.subarray(at, at + chunkBytes))) lines += pushBlock(acc, b, lines + 1);
  const last = splitter.end();
  if (last) acc.pushLine(new TextDecoder().decode(last.bytes), lines + 1);
  return acc.finish();
}

/** Replays an uncompressed fixture log. */
export function analyzeFixture(log: string): ApplicationSummary {
  return replay(readFileSync(new URL(`spark-events/${log}`, FIXTURES), "utf8"));
}

/** The listed fields of a record, absent ones as null (REST omits empty options). */
export function pick(e: object, fields: readonly string[]): Record<string, unknown> {
  const r = e as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, r[f] ?? null]));
}

/** analyze's report of an event log (a file or rolling directory), read as the CLI reads it. */
export async function analyzeLog(path: string): Promise<AnalyzeReport> {
  const app = resolveInputs([path])[0];
  if (!app) throw new Error(`no event log at ${path}`);
  return analyze(sourcesOf(app));
}
