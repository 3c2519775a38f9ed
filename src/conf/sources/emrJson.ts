import { SparkmemError } from "../errors.js";
import { own } from "../own.js";
import type { Origin } from "../sparkConf.js";
import type { SourcedConf } from "./sourced.js";

/**
 * AWS EMR "Configurations" JSON: a list of {Classification, Properties, Configurations} objects
 * (https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-configure-apps.html), as given to
 * `aws emr create-cluster --configurations file://…`, inside a RunJobFlow request or
 * describe-cluster output, or as EMR on EKS / Serverless "applicationConfiguration" (lower-case
 * member names). Each setting keeps the line of its key.
 */
export function parseEmrConfigurations(text: string, file: string): SourcedConf {
  const lines = lineStarts(text);
  const where = (at: number) => {
    const p = positionOf(lines, at);
    return `${file}:${p.line}:${p.col}`;
  };
  const lineOf = (at: number) => positionOf(lines, at).line;
  const root = parseJson(text, where);
  const out: SourcedConf = { entries: [], facts: {} };
  const cluster: NonNullable<SourcedConf["facts"]["cluster"]> = {};
  const origin = (at: number): Origin => ({ kind: "emr-json", file, line: lineOf(at) });
  const fail = (at: number, problem: string, expected: string): never => {
    throw new SparkmemError(`${file}:${lineOf(at)}`, problem, { expected });
  };

  /** Where one property goes, by its classification (and the parent's, for nested "export"). */
  const take = (cls: string, parent: string | undefined, key: string, value: string, at: number) => {
    const o = origin(at);
    if (parent === undefined && cls === "spark-defaults") out.entries.push({ key, value, origin: o });
    else if (parent === undefined && cls === "spark" && key === "maximizeResourceAllocation") {
      // https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-spark-configure.html
      if (!/^(true|false)$/i.test(value))
        fail(at, `maximizeResourceAllocation is "${value}"`, '"true" or "false"');
      out.facts.maximizeResourceAllocation = value.toLowerCase() === "true";
    } else if (parent === undefined && HADOOP_SITES.has(cls)) {
      cluster[key] = { value, origin: o };
      // The model reads yarn.scheduler.*-allocation-mb and friends from the conf itself.
      if (YARN_SITES.has(cls) && key.startsWith("yarn.")) out.entries.push({ key, value, origin: o });
    } else if (parent?.endsWith("-env") && cls === "export") {
      // "If any classification ends with env, use the export subclassification" (emr-configure-apps)
      cluster[`${parent}.${key}`] = { value, origin: o };
    }
  };
  const visit = (node: JValue, parent?: string) => {
    const c = readConfiguration(node, fail);
    for (const m of c.properties) {
      const value =
        stringOf(m.value) ??
        fail(m.keyAt, `${c.cls} property "${m.key}" is ${describeType(m.value)}`, STRING_VALUE);
      take(c.cls, parent, m.key, value, m.keyAt);
    }
    for (const child of c.nested) visit(child, c.cls);
  };

  for (const node of configurationList(root, fail)) visit(node);
  if (Object.keys(cluster).length > 0) out.facts.cluster = cluster;
  return out;
}

type Fail = (at: number, problem: string, expected: string) => never;

/** {Classification, Properties, Configurations}, member names also lower-case (EMR on EKS). */
function readConfiguration(
  node: JValue,
  fail: Fail,
): { cls: string; properties: JObject["members"]; nested: JValue[] } {
  if (node.type !== "object") {
    return fail(node.at, "a configuration is not an object", '{"Classification": "…", "Properties": {…}}');
  }
  let cls: string | undefined;
  let properties: JObject["members"] = [];
  let nested: JValue[] = [];
  for (const m of node.members) {
    const name = m.key.charAt(0).toUpperCase() + m.key.slice(1);
    const kind = own(MEMBERS, name);
    if (!kind)
      fail(
        m.keyAt,
        `unknown member "${m.key}" in a configuration`,
        "Classification, Properties, Configurations",
      );
    else if (m.value.type !== kind.type)
      fail(m.keyAt, `"${m.key}" is ${describeType(m.value)}`, `${name} to be ${kind.what}`);
    if (m.value.type === "string") cls = m.value.value;
    else if (m.value.type === "object") properties = m.value.members;
    else if (m.value.type === "array") nested = m.value.items;
  }
  if (cls === undefined) return fail(node.at, "a configuration without Classification", 'a "Classification"');
  const known = KNOWN.find((k) => k.toLowerCase() === cls?.toLowerCase());
  if (known && known !== cls) {
    fail(
      node.at,
      `classification "${cls}" is not "${known}"`,
      `"${known}" (EMR classification names are case-sensitive)`,
    );
  }
  return { cls, properties, nested };
}

/** Classifications read here, to catch a wrong-case spelling that EMR would reject. */
const KNOWN = [
  "spark",
  "spark-defaults",
  "spark-env",
  "export",
  "yarn-site",
  "capacity-scheduler",
  "mapred-site",
  "core-site",
];
const HADOOP_SITES = new Set(["yarn-site", "capacity-scheduler", "mapred-site", "core-site"]);
/** Their yarn.* keys are also entries; mapred-site and core-site only describe the cluster. */
const YARN_SITES = new Set(["yarn-site", "capacity-scheduler"]);
const MEMBERS: Record<string, { type: JValue["type"]; what: string }> = {
  Classification: { type: "string", what: "a string" },
  Properties: { type: "object", what: "an object" },
  Configurations: { type: "array", what: "an array" },
};

/** The configuration list in each shape EMR's APIs and the AWS CLI use. */
function configurationList(root: JValue, fail: Fail): JValue[] {
  const expected =
    'a list of {"Classification": …, "Properties": {…}} objects, or an object with a "Configurations" list';
  if (root.type === "array") return root.items;
  if (root.type !== "object") return fail(root.at, "the JSON is not a list of configurations", expected);
  if (root.members.some((m) => /^classification$/i.test(m.key))) return [root];
  const get = (o: JObject, name: string) => o.members.find((m) => m.key === name)?.value;
  const cluster = get(root, "Cluster");
  const overrides = get(root, "configurationOverrides");
  const list =
    get(root, "Configurations") ??
    get(root, "applicationConfiguration") ??
    (cluster?.type === "object" ? get(cluster, "Configurations") : undefined) ??
    (overrides?.type === "object" ? get(overrides, "applicationConfiguration") : undefined);
  if (list?.type !== "array") return fail(list?.at ?? root.at, "no list of configurations found", expected);
  return list.items;
}

const STRING_VALUE = 'a string such as "4g" (EMR property values are strings)';

/** EMR wants strings; a number or boolean is taken as written, anything else is refused. */
function stringOf(v: JValue): string | undefined {
  if (v.type === "string") return v.value;
  if (v.type === "number") return v.raw;
  if (v.type === "boolean") return String(v.value);
  return undefined;
}

function describeType(v: JValue): string {
  return {
    object: "an object",
    array: "an array",
    string: "a string",
    number: "a number",
    boolean: "a boolean",
    null: "null",
  }[v.type];
}

// ---- JSON with positions: RFC 8259, keeping where each value and key starts ----

type JObject = { type: "object"; at: number; members: { key: string; keyAt: number; value: JValue }[] };
type JValue =
  | JObject
  | { type: "array"; at: number; items: JValue[] }
  | { type: "string"; at: number; value: string }
  | { type: "number"; at: number; raw: string }
  | { type: "boolean"; at: number; value: boolean }
  | { type: "null"; at: number };

const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
/** Far deeper than any EMR configuration (a handful of levels); keeps the recursive reader off the stack's end. */
const MAX_DEPTH = 200;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function parseJson(text: string, where: (at: number) => string): JValue {
  let i = 0;
  function fail(what: string, expected: string): never {
    throw new SparkmemError(where(i), `not valid JSON: ${what}`, { expected });
  }
  const found = () => (i >= text.length ? "end of text" : `unexpected ${JSON.stringify(text[i])}`);
  /** Step past the closing bracket and hand back the finished value. */
  const close = (v: JValue) => {
    i++;
    return v;
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  function string(): string {
    let out = "";
    for (i++; ; ) {
      const c = text[i];
      if (c === undefined) fail("unterminated string", 'a closing "');
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\\") {
        const e = text[i + 1] ?? "";
        const hex = text.slice(i + 2, i + 6);
        if (e in ESCAPES) out += ESCAPES[e];
        else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(hex))
          out += String.fromCharCode(Number.parseInt(hex, 16));
        else fail(`bad escape "\\${e}"`, '\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX');
        i += e === "u" ? 6 : 2;
      } else if (c < " ") fail("a control character inside a string", "\\n or \\t instead");
      else {
        out += c;
        i++;
      }
    }
  }
  function value(depth = 0): JValue {
    ws();
    const at = i;
    const c = text[i];
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels`, "an EMR configuration list");
    if (c === "{") {
      const members: JObject["members"] = [];
      i++;
      ws();
      if (text[i] === "}") return close({ type: "object", at, members });
      for (;;) {
        ws();
        if (text[i] !== '"') fail(found(), "a property name in double quotes");
        const keyAt = i;
        const key = string();
        ws();
        if (text[i] !== ":") fail(found(), '":" after the property name');
        i++;
        members.push({ key, keyAt, value: value(depth + 1) });
        ws();
        if (text[i] === "}") return close({ type: "object", at, members });
        if (text[i] !== ",") fail(found(), '"," or "}"');
        i++;
      }
    }
    if (c === "[") {
      const items: JValue[] = [];
      i++;
      ws();
      if (text[i] === "]") return close({ type: "array", at, items });
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === "]") return close({ type: "array", at, items });
        if (text[i] !== ",") fail(found(), '"," or "]"');
        i++;
      }
    }
    if (c === '"') return { type: "string", at, value: string() };
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      i += num[0].length;
      return { type: "number", at, raw: num[0] };
    }
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v === null ? { type: "null", at } : { type: "boolean", at, value: v };
      }
    }
    return fail(found(), "a JSON value (object, array, string, number, true, false or null)");
  }
  const root = value();
  ws();
  if (i < text.length)
    fail(`${found()} after the end of the JSON value`, "nothing after the top-level value");
  return root;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let j = text.indexOf("\n"); j !== -1; j = text.indexOf("\n", j + 1)) starts.push(j + 1);
  return starts;
}

function positionOf(starts: number[], at: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: at - (starts[lo] as number) + 1 };
}
