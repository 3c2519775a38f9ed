/** Field readers over JSON.parse output: absent or mistyped fields read as null, never throw. */
export type JsonObject = Record<string, unknown>;

export function obj(o: unknown, key: string): JsonObject | null {
  if (typeof o !== "object" || o === null) return null;
  const v = (o as JsonObject)[key];
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as JsonObject) : null;
}

export function num(o: unknown, key: string): number | null {
  if (typeof o !== "object" || o === null) return null;
  const v = (o as JsonObject)[key];
  // 1e400 parses as Infinity: no time, count or size Spark writes is that
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export function str(o: unknown, key: string): string | null {
  if (typeof o !== "object" || o === null) return null;
  const v = (o as JsonObject)[key];
  return typeof v === "string" ? v : null;
}

/**
 * A string→string map: "Spark Properties" is an object in JSON logs (a list of pairs in REST). Spark writes
 * strings only; a number or boolean is taken as its text, anything else (an object, which may not even
 * convert: {"toString":1}) is left out.
 */
export function stringMap(o: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(o)) {
    for (const pair of o)
      if (Array.isArray(pair) && pair.length === 2 && scalar(pair[0]) && scalar(pair[1]))
        out[String(pair[0])] = String(pair[1]);
  } else if (typeof o === "object" && o !== null) {
    for (const [k, v] of Object.entries(o as JsonObject)) if (scalar(v)) out[k] = String(v);
  }
  return out;
}

const scalar = (v: unknown): v is string | number | boolean =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean";
