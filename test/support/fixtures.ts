import { readFileSync } from "node:fs";
import { ApplicationAccumulator } from "../../src/analyze/applicationAccumulator.js";
import type { ApplicationSummary } from "../../src/analyze/types.js";

/** ../shared/fixtures, read in place. */
export const FIXTURES = new URL("../../../shared/fixtures/", import.meta.url);

export function expectation<T = Record<string, unknown>[]>(name: string): T {
  return JSON.parse(readFileSync(new URL(`history-server-expectations/${name}`, FIXTURES), "utf8")) as T;
}

/** Replays a log's text line by line, without the byte layer. */
export function replay(text: string): ApplicationSummary {
  const acc = new ApplicationAccumulator();
  for (const [i, l] of text.split("\n").entries()) acc.pushLine(l, i + 1);
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
