import { SparkmemError } from "../errors.js";
import type { ConfEntry, Origin } from "../sparkConf.js";
import {
  type Item,
  literalValue,
  matching,
  type Range,
  readChain,
  split,
  type Token,
  tokenizePython,
} from "./pythonTokens.js";
import type { SourcedConf } from "./sourced.js";
import { parseSparkSubmitArgs, splitShellWords } from "./sparkSubmit.js";

/**
 * Spark settings written in a PySpark program: SparkSession.builder.config/master,
 * SparkConf().set/setAll/setMaster (on the call chain or on a variable holding one), and
 * os.environ["PYSPARK_SUBMIT_ARGS"], which pyspark's launch_gateway hands to spark-submit when it
 * starts the driver JVM. Only literal values are taken; the rest is listed as unresolved.
 */
export function parsePythonSource(text: string, file: string): SourcedConf {
  const scan = newScan(file, "python");
  scanCode(scan, text);
  return finish(scan);
}

const NOTEBOOK = "a Jupyter notebook (.ipynb, nbformat 4) with a cells list";
/** Cell magics whose body is still Python run by the kernel. */
const PYTHON_CELL_MAGICS = new Set(["time", "timeit", "capture", "prun", "spark"]);

/** A .ipynb notebook: code cells in order, variables carried over as the kernel does. */
export function parseNotebook(text: string, file: string): SourcedConf {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    throw new SparkmemError(file, `not valid JSON (${(e as Error).message})`, { expected: NOTEBOOK });
  }
  const cells = isRecord(nb) && Array.isArray(nb.cells) ? (nb.cells as unknown[]) : undefined;
  if (!isRecord(nb) || !cells) throw new SparkmemError(file, "no cells list", { expected: NOTEBOOK });
  const meta = isRecord(nb.metadata) ? nb.metadata : {};
  const info = isRecord(meta.language_info) ? meta.language_info : {};
  const spec = isRecord(meta.kernelspec) ? meta.kernelspec : {};
  const lang = info.name ?? spec.language;
  if (typeof lang === "string" && !/py/i.test(lang)) {
    throw new SparkmemError(file, `a ${lang} notebook`, { expected: "a Python (or PySpark) notebook" });
  }
  const scan = newScan(file, "notebook");
  cells.forEach((cell, index) => {
    if (!isRecord(cell) || cell.cell_type !== "code") return;
    const src = cell.source;
    const code = typeof src === "string" ? src : Array.isArray(src) ? src.join("") : undefined;
    if (code === undefined) {
      throw new SparkmemError(`${file} cell ${index}`, "the cell's source is not text", {
        expected: "a string or a list of lines",
      });
    }
    const magic = /^\s*%%(\S*)/.exec(code)?.[1];
    if (magic !== undefined && !PYTHON_CELL_MAGICS.has(magic)) {
      // %%configure (sparkmagic/Livy) sets the session's memory: not read here, so say so.
      if (magic === "configure") {
        const origin: Origin = { kind: "notebook", file, line: 1, cell: index };
        scan.out.unresolved.push({ origin, text: code.split("\n")[0] as string });
      }
      return;
    }
    // IPython line magics and shell escapes are not Python; blank them, keeping line numbers.
    scanCode(scan, code.replace(/^[ \t]*[%!].*$/gm, ""), index);
  });
  const result = finish(scan);
  result.facts.notebook = true;
  return result;
}

type State = "builder" | "sparkconf";
type Via = NonNullable<Origin["via"]>;

interface Scan {
  file: string;
  kind: "python" | "notebook";
  out: { entries: ConfEntry[]; facts: SourcedConf["facts"]; unresolved: { origin: Origin; text: string }[] };
  /** Variables known to hold a SparkSession.Builder or a SparkConf. */
  vars: Map<string, State>;
  runtime: boolean;
}

/** One file or cell: its tokens and how to name a place in it. */
interface Code {
  scan: Scan;
  src: string;
  toks: Token[];
  cell: number | undefined;
  where: (line: number) => string;
}

/** No tokens: a missing argument, which is never a literal. */
const NONE: Range = { from: 0, to: 0 };

function newScan(file: string, kind: Scan["kind"]): Scan {
  return { file, kind, out: { entries: [], facts: {}, unresolved: [] }, vars: new Map(), runtime: false };
}

function finish(scan: Scan): SourcedConf {
  const facts = { ...scan.out.facts, appType: "python" as const };
  if (scan.runtime) facts.setAtRuntime = true;
  return { entries: scan.out.entries, facts, unresolved: scan.out.unresolved };
}

function scanCode(scan: Scan, src: string, cell?: number): void {
  const where = (line: number) =>
    cell === undefined ? `${scan.file}:${line}` : `${scan.file} cell ${cell}:${line}`;
  const code: Code = { scan, src, toks: tokenizePython(src, where), cell, where };
  const toks = code.toks;
  let pending: { name: string; at: number } | undefined;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    // The right-hand side of `name = …`: the variable now holds whatever that chain gives.
    const assigned = pending?.at === i ? pending.name : undefined;
    if (pending && i >= pending.at) pending = undefined;
    if (t.kind !== "name" || toks[i - 1]?.text === ".") {
      if (assigned) scan.vars.delete(assigned);
      continue;
    }
    const chain = readChain(toks, i);
    const state = environ(code, chain.items, chain.end) ? undefined : interpret(code, chain.items);
    if (assigned && state) scan.vars.set(assigned, state);
    else if (assigned) scan.vars.delete(assigned);
    const prev = toks[i - 1];
    const startsStatement = !prev || prev.kind === "newline" || prev.text === ";" || prev.text === ":";
    if (chain.items.length === 1 && toks[chain.end]?.text === "=" && startsStatement) {
      let at = chain.end + 1;
      while (toks[at]?.text === "(") at++;
      pending = { name: t.text, at };
    }
  }
}

function literal(code: Code, r: Range, via: Via): string | undefined {
  return literalValue(code.toks, r, via === "builder");
}

function textOf(code: Code, from: number, to: number): string {
  return code.src.slice(code.toks[from]?.start ?? 0, code.toks[to - 1]?.end ?? 0);
}

function origin(code: Code, line: number, via?: Via): Origin {
  const o: Origin = { kind: code.scan.kind, file: code.scan.file, line };
  if (code.cell !== undefined) o.cell = code.cell;
  if (via) o.via = via;
  return o;
}

/** key/value as literals → an entry; anything else → unresolved, with its source text. */
function setting(code: Code, via: Via, at: Token, key: Range, value: Range | undefined, text: string) {
  if (via !== "spark-submit-args") code.scan.runtime = true;
  const k = literal(code, key, via);
  const v = value && literal(code, value, via);
  // The key's own line, as for the other sources; the call's when there is no key.
  const o = origin(code, (key.to > key.from ? code.toks[key.from]?.line : undefined) ?? at.line, via);
  if (k !== undefined && v !== undefined) code.scan.out.entries.push({ key: k, value: v, origin: o });
  else code.scan.out.unresolved.push({ origin: o, text });
}

const BUILDER_KEEPS = new Set(["appName", "enableHiveSupport", "remote", "withExtensions"]);
const CONF_KEEPS = new Set(["setAppName", "setExecutorEnv", "setSparkHome"]);

/** Follow a chain from SparkSession.builder, SparkConf(…) or a variable holding one. */
function interpret(code: Code, items: Item[]): State | undefined {
  const first = items[0] as Item & { kind: "name" };
  let state = code.scan.vars.get(first.tok.text);
  let k = 1;
  if (!state) {
    k = items.findIndex(
      (it, j) =>
        it.kind === "name" &&
        ((it.tok.text === "SparkSession" && isName(items[j + 1], "builder")) ||
          (it.tok.text === "SparkConf" && items[j + 1]?.kind === "call")),
    );
    if (k < 0 || items.slice(0, k).some((it) => it.kind !== "name")) return undefined;
    state = isName(items[k], "SparkSession") ? "builder" : "sparkconf";
    k += 2;
  }
  for (; k < items.length; k += 2) {
    const m = items[k];
    const call = items[k + 1];
    if (m?.kind !== "name" || call?.kind !== "call") return undefined;
    const name = m.tok.text;
    const args = split(code.toks, call.open, call.close);
    const text = textOf(code, m.at, call.close + 1);
    const positional = (n: number) => (args[n] && !args[n]?.name ? args[n] : undefined);
    const arg = (name: string, n: number) => args.find((a) => a.name === name) ?? positional(n);
    if (state === "builder" && name === "config") {
      const map = args.find((a) => a.name === "map");
      if (map) dictSettings(code, m.tok, map, text);
      const key = arg("key", 0);
      if (key) setting(code, "builder", m.tok, key, arg("value", 1), text);
    } else if (name === (state === "builder" ? "master" : "setMaster")) {
      code.scan.runtime = true;
      const v = positional(0) && literal(code, positional(0) as Range, state);
      if (v !== undefined) code.scan.out.facts.master = v;
      else code.scan.out.unresolved.push({ origin: origin(code, m.tok.line, state), text });
    } else if (state === "sparkconf" && name === "set") {
      setting(code, "sparkconf", m.tok, arg("key", 0) ?? NONE, arg("value", 1), text);
    } else if (state === "sparkconf" && name === "setAll") pairSettings(code, m.tok, positional(0), text);
    else if (state === "sparkconf" && name === "setIfMissing") {
      // Applies only when nothing set the key before: not a setting one can state.
      code.scan.runtime = true;
      code.scan.out.unresolved.push({ origin: origin(code, m.tok.line, "sparkconf"), text });
    } else if (!(state === "builder" ? BUILDER_KEEPS : CONF_KEEPS).has(name)) return undefined;
  }
  return state;
}

function isName(it: Item | undefined, name: string): boolean {
  return it?.kind === "name" && it.tok.text === name;
}

/** The bracketed list/tuple/dict literal that `r` is, as its element ranges; undefined otherwise. */
function elements(code: Code, r: Range | undefined, brackets: string): Range[] | undefined {
  const open = code.toks[r?.from ?? -1];
  if (!r || !open || !brackets.includes(open.text) || matching(code.toks, r.from) !== r.to - 1)
    return undefined;
  return split(code.toks, r.from, r.to - 1);
}

/** SparkConf.setAll([("k", "v"), …]): each pair with its own line. */
function pairSettings(code: Code, at: Token, list: Range | undefined, text: string) {
  const items = elements(code, list, "([");
  if (!items) return setting(code, "sparkconf", at, NONE, undefined, text);
  for (const el of items) {
    const pair = elements(code, el, "([");
    const kv = pair?.length === 2 ? pair : undefined;
    const first = code.toks[kv?.[0]?.from ?? el.from] as Token;
    setting(code, "sparkconf", first, kv?.[0] ?? el, kv?.[1], textOf(code, el.from, el.to));
  }
}

/** builder.config(map={"k": "v", …}) (pyspark 3.4+). */
function dictSettings(code: Code, at: Token, map: Range, text: string) {
  const items = elements(code, map, "{");
  if (!items) return setting(code, "builder", at, NONE, undefined, text);
  for (const el of items) {
    const kv = split(code.toks, el.from - 1, el.to, ":");
    const first = code.toks[el.from] as Token;
    setting(
      code,
      "builder",
      first,
      kv.length === 2 ? (kv[0] as Range) : el,
      kv[1],
      textOf(code, el.from, el.to),
    );
  }
}

/** os.environ["PYSPARK_SUBMIT_ARGS"] = "…" or os.environ.setdefault("PYSPARK_SUBMIT_ARGS", "…"). */
function environ(code: Code, items: Item[], end: number): boolean {
  const toks = code.toks;
  const e = items.findIndex((it) => isName(it, "environ"));
  if (e < 0 || items.slice(0, e).some((it) => it.kind !== "name")) return false;
  const next = items[e + 1];
  let value: Range | undefined;
  if (next?.kind === "index" && e + 2 === items.length && toks[end]?.text === "=") {
    if (literal(code, { from: next.open + 1, to: next.close }, "sparkconf") !== "PYSPARK_SUBMIT_ARGS")
      return false;
    let to = end + 1;
    while (to < toks.length && toks[to]?.kind !== "newline" && toks[to]?.text !== ";") to++;
    value = { from: end + 1, to };
  } else if (isName(next, "setdefault") && items[e + 2]?.kind === "call") {
    const call = items[e + 2] as Item & { kind: "call" };
    const [name, v] = split(toks, call.open, call.close);
    if (!name || literal(code, name, "sparkconf") !== "PYSPARK_SUBMIT_ARGS") return false;
    value = v;
  } else return false;
  const at = (items[0] as Item & { kind: "name" }).tok;
  const o = origin(code, at.line, "spark-submit-args");
  const text = value ? literal(code, value, "spark-submit-args") : undefined;
  if (text === undefined || !value) {
    code.scan.out.unresolved.push({
      origin: o,
      text: value ? textOf(code, value.from, value.to) : "PYSPARK_SUBMIT_ARGS",
    });
    return true;
  }
  let args: ReturnType<typeof parseSparkSubmitArgs>;
  try {
    args = parseSparkSubmitArgs(splitShellWords(text));
  } catch (err) {
    if (!(err instanceof SparkmemError)) throw err;
    throw new SparkmemError(code.where(at.line), `PYSPARK_SUBMIT_ARGS: ${err.problem}`, {
      ...(err.expected !== undefined && { expected: err.expected }),
    });
  }
  // spark-submit's order: --conf first, then dedicated flags, which win (SparkSubmitArguments).
  for (const entry of [...args.confEntries, ...args.flagEntries]) {
    const withFlag: Origin = { ...o, ...(entry.origin.flag !== undefined && { flag: entry.origin.flag }) };
    code.scan.out.entries.push({ key: entry.key, value: entry.value, origin: withFlag });
    if (entry.key === "spark.master") code.scan.out.facts.master = entry.value;
    if (entry.key === "spark.submit.deployMode" && (entry.value === "client" || entry.value === "cluster")) {
      code.scan.out.facts.deployMode = entry.value;
    }
  }
  return true;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
