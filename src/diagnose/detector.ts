import type { DiagnoseContext } from "./context.js";
import type { ParsedInput } from "./input/types.js";
import type { Cause, CauseId } from "./types.js";

/** A message format a detector recognises, and the source file it was taken from. */
export interface MessagePattern {
  re: RegExp;
  /** e.g. "hadoop: …/monitor/ContainersMonitorImpl.java (3.x)". */
  source: string;
}

/**
 * One rule (ESLint-style): metadata for the documented vocabulary, and detect(), a pure function
 * from the parsed input to zero or more causes.
 */
export interface Detector {
  id: CauseId;
  title: string;
  explanation: string;
  /** Where Spark/Hadoop/Kubernetes/the JVM document or print it. */
  docs: string;
  patterns: readonly MessagePattern[];
  /** Breaks confidence ties: a precise message beats a generic one. */
  specificity: number;
  detect(input: ParsedInput, ctx: DiagnoseContext): Cause[];
}

export interface Hit {
  /** Line index. */
  i: number;
  m: RegExpExecArray;
}

/** Every line that matches one of the patterns (first matching pattern per line). */
export function scan(input: ParsedInput, patterns: readonly (MessagePattern | RegExp)[]): Hit[] {
  const out: Hit[] = [];
  input.lines.forEach((line, i) => {
    for (const p of patterns) {
      const re = p instanceof RegExp ? p : p.re;
      const m = re.exec(line);
      if (m) {
        out.push({ i, m });
        return;
      }
    }
  });
  return out;
}

/** The first match of re on lines [from, to), or null. */
export function findNear(input: ParsedInput, re: RegExp, from: number, to: number): Hit | null {
  for (let i = Math.max(0, from); i < Math.min(input.lines.length, to); i++) {
    const m = re.exec(input.lines[i] as string);
    if (m) return { i, m };
  }
  return null;
}

/** Verbatim evidence lines (trailing blanks trimmed), de-duplicated, at most `max`. */
export function evidenceOf(input: ParsedInput, indices: readonly number[], max = 6): string[] {
  const out: string[] = [];
  for (const i of [...new Set(indices)].sort((a, b) => a - b)) {
    const l = (input.lines[i] ?? "").trimEnd();
    if (l !== "" && !out.includes(l)) out.push(l);
    if (out.length >= max) break;
  }
  return out;
}

/** Rounds a confidence to two decimals within 0..1. */
export function conf01(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;
}

/** A cause with the detector's id and empty advice, for detectors to fill. */
export function baseCause(d: Pick<Detector, "id">, fields: Partial<Cause> & Pick<Cause, "title">): Cause {
  const { title, ...rest } = fields;
  return {
    id: d.id,
    title,
    explanation: "",
    process: "unknown",
    confidence: 0.5,
    evidence: [],
    figures: {},
    changes: [],
    codeChanges: [],
    nextChecks: [],
    ...rest,
  };
}
