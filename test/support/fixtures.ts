import { readFileSync } from "node:fs";
import { ApplicationAccumulator } from "../../src/analyze/applicationAccumulator.js";
import type { ApplicationSummary } from "../../src/analyze/types.js";

/** ../shared/fixtures, read in place. */
export const FIXTURES = new URL("../../../shared/fixtures/", import.meta.url);

export function expectation<T = Record<string, unknown>[]>(name: string): T {
  return JSON.parse(readFileSync(new URL(`history-server-expectations/${name}`, FIXTURES), "utf8")) as T;
}

/** Replays an uncompressed fixture log line by line. */
export function analyzeFixture(log: string): ApplicationSummary {
  const acc = new ApplicationAccumulator();
  const lines = readFileSync(new URL(`spark-events/${log}`, FIXTURES), "utf8").split("\n");
  for (const [i, l] of lines.entries()) acc.pushLine(l, i + 1);
  return acc.finish();
}

/** The listed fields of a record, absent ones as null (REST omits empty options). */
export function pick(e: object, fields: readonly string[]): Record<string, unknown> {
  const r = e as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, r[f] ?? null]));
}
