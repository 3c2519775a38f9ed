import { SparkmemError } from "../errors.js";

/**
 * Python source → tokens, enough to find Spark settings in real code: names, numbers, strings
 * (every prefix and quote style, decoded), operators, and a "newline" token where a statement
 * ends (not inside brackets, not after a backslash continuation). Comments are dropped.
 * Lexical rules: https://docs.python.org/3/reference/lexical_analysis.html
 */
export interface Token {
  kind: "name" | "number" | "string" | "op" | "newline";
  /** The source text (for a string, with prefix and quotes). */
  text: string;
  start: number;
  end: number;
  /** 1-based line where the token starts. */
  line: number;
  /** A string's value; absent for bytes, t-strings, f-strings with placeholders and \N{…} escapes. */
  value?: string;
}

const STRING_START = /([rRbBuUfFtT]{0,2})(['"])/y;
const PREFIXES = new Set(["", "r", "u", "f", "b", "t", "br", "rb", "fr", "rf", "tr", "rt"]);
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER =
  /(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;
/** Longest first, so "==" is never read as two "=". */
const OPERATORS = "**= //= >>= <<= ... -> := == != <= >= ** // << >> += -= *= /= %= &= |= ^= @=".split(" ");

/** `where(line)` names the place for an error, e.g. "job.py:12". */
export function tokenizePython(src: string, where: (line: number) => string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  const push = (kind: Token["kind"], start: number, end: number, startLine: number, value?: string) => {
    const t: Token = { kind, text: src.slice(start, end), start, end, line: startLine };
    if (value !== undefined) t.value = value;
    out.push(t);
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === "\n" || c === "\r") {
      if (depth === 0 && out.length > 0 && out[out.length - 1]?.kind !== "newline")
        push("newline", i, i + 1, line);
      if (c === "\r" && src[i + 1] === "\n") i++;
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\f") i++;
    else if (c === "#") {
      while (i < src.length && src[i] !== "\n" && src[i] !== "\r") i++;
    } else if (c === "\\" && (src[i + 1] === "\n" || src[i + 1] === "\r")) {
      i += src[i + 1] === "\r" && src[i + 2] === "\n" ? 3 : 2;
      line++;
    } else {
      STRING_START.lastIndex = i;
      const s = STRING_START.exec(src);
      if (s && PREFIXES.has((s[1] as string).toLowerCase())) {
        const startLine = line;
        const r = readString(src, i, s[1] as string, s[2] as string, () => where(startLine));
        line += r.newlines;
        push("string", i, r.end, startLine, r.value);
        i = r.end;
        continue;
      }
      const name = matchAt(NAME, src, i);
      const m = name ?? matchAt(NUMBER, src, i);
      if (m) {
        push(name ? "name" : "number", i, i + m.length, line);
        i += m.length;
        continue;
      }
      const op = OPERATORS.find((o) => src.startsWith(o, i)) ?? c;
      if ("([{".includes(op)) depth++;
      else if (")]}".includes(op)) depth = Math.max(0, depth - 1);
      push("op", i, i + op.length, line);
      i += op.length;
    }
  }
  return out;
}

function matchAt(re: RegExp, src: string, i: number): string | undefined {
  re.lastIndex = i;
  const m = re.exec(src);
  return m && m[0].length > 0 ? m[0] : undefined;
}

function readString(
  src: string,
  at: number,
  prefix: string,
  quote: string,
  where: () => string,
): { end: number; value?: string; newlines: number } {
  const p = prefix.toLowerCase();
  const delim = src.startsWith(quote.repeat(3), at + prefix.length) ? quote.repeat(3) : quote;
  let j = at + prefix.length + delim.length;
  const bodyStart = j;
  let newlines = 0;
  for (;;) {
    if (j >= src.length || (delim.length === 1 && (src[j] === "\n" || src[j] === "\r"))) {
      throw new SparkmemError(
        where(),
        `unterminated string ${src.slice(at, at + prefix.length + delim.length)}…`,
        {
          expected: `a closing ${delim} ${delim.length === 1 ? "on the same line" : ""}`.trim(),
        },
      );
    }
    if (src.startsWith(delim, j)) break;
    if (src[j] === "\\") j += src.startsWith("\r\n", j + 1) ? 2 : 1;
    if (src[j] === "\n" || (src[j] === "\r" && src[j + 1] !== "\n")) newlines++;
    j++;
  }
  const body = src.slice(bodyStart, j);
  const end = j + delim.length;
  // bytes and t-strings (3.14 templates) are not str: no literal value
  if (p.includes("b") || p.includes("t")) return { end, newlines };
  const formatted = p.includes("f");
  // A lone { opens a placeholder; {{ and }} are literal braces.
  if (formatted && /\{(?!\{)/.test(body.replace(/\{\{/g, ""))) return { end, newlines };
  let value = p.includes("r") ? body : decodeEscapes(body);
  if (value === undefined) return { end, newlines };
  if (formatted) value = value.replace(/\{\{/g, "{").replace(/\}\}/g, "}");
  return { end, value: value.replace(/\r\n?/g, "\n"), newlines };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\n": "",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Python's escape sequences; unknown ones keep their backslash as Python does. */
function decodeEscapes(body: string): string | undefined {
  let out = "";
  for (let j = 0; j < body.length; j++) {
    const c = body[j] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[j + 1] ?? "";
    const hexLen = { x: 2, u: 4, U: 8 }[e];
    const octal = /^[0-7]{1,3}/.exec(body.slice(j + 1))?.[0];
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      j++;
    } else if (e === "\r") j += body[j + 2] === "\n" ? 2 : 1;
    else if (octal) {
      out += String.fromCodePoint(Number.parseInt(octal, 8));
      j += octal.length;
    } else if (
      hexLen &&
      /^[\da-fA-F]+$/.test(body.slice(j + 2, j + 2 + hexLen)) &&
      body.length >= j + 2 + hexLen
    ) {
      out += String.fromCodePoint(Number.parseInt(body.slice(j + 2, j + 2 + hexLen), 16));
      j += 1 + hexLen;
    } else if (e === "N")
      return undefined; // a named character: not worth a name table
    else out += c;
  }
  return out;
}

/** Python's str() of a number literal: 4 → "4", 0x10 → "16", 1e3 → "1000.0"; complex → undefined. */
export function pythonNumberStr(raw: string, negative = false): string | undefined {
  const t = raw.replace(/_/g, "");
  if (/[jJ]$/.test(t)) return undefined;
  if (/^(0[xXoObB]|\d+$)/.test(t)) {
    const v = BigInt(t);
    return (negative ? -v : v).toString();
  }
  const v = Number(t);
  return Number.isFinite(v) ? floatRepr(negative ? -v : v) : negative ? "-inf" : "inf";
}

/** float.__repr__: the shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
function floatRepr(v: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const [mantissa = "", expText = "0"] = v.toExponential().split("e");
  const exp = Number(expText);
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = v < 0 ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  return `${sign}${digits.slice(0, exp + 1).padEnd(exp + 1, "0")}.${digits.slice(exp + 1) || "0"}`;
}

// ---- call chains and argument lists over the tokens ----

/** One link of a call chain such as SparkSession.builder.config(…): `at`/`open`/`close` are token indexes. */
export type Item =
  | { kind: "name"; tok: Token; at: number }
  | { kind: "call" | "index"; open: number; close: number };

/** Tokens [from, to) of one argument or element. */
export interface Range {
  from: number;
  to: number;
  /** A keyword argument's name. */
  name?: string;
}

/** name(.name | (…) | […])* starting at token i. */
export function readChain(toks: Token[], i: number): { items: Item[]; end: number } {
  const items: Item[] = [{ kind: "name", tok: toks[i] as Token, at: i }];
  let j = i + 1;
  for (;;) {
    const t = toks[j];
    if (t?.text === "." && toks[j + 1]?.kind === "name") {
      items.push({ kind: "name", tok: toks[j + 1] as Token, at: j + 1 });
      j += 2;
    } else if (t?.kind === "op" && (t.text === "(" || t.text === "[")) {
      const close = matching(toks, j);
      items.push({ kind: t.text === "(" ? "call" : "index", open: j, close });
      j = close + 1;
    } else return { items, end: j };
  }
}

export function matching(toks: Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < toks.length; j++) {
    const t = toks[j] as Token;
    if (t.kind !== "op") continue;
    if ("([{".includes(t.text)) depth++;
    else if (")]}".includes(t.text) && --depth === 0) return j;
  }
  return toks.length - 1;
}

/** Ranges between top-level `sep` tokens inside (open, close); `name=` marks a keyword argument. */
export function split(toks: Token[], open: number, close: number, sep = ","): Range[] {
  const out: Range[] = [];
  let from = open + 1;
  const cut = (to: number) => {
    const r: Range = { from, to };
    const name = toks[from];
    if (sep === "," && name?.kind === "name" && toks[from + 1]?.text === "=") {
      r.name = name.text;
      r.from = from + 2;
    }
    if (r.to > r.from) out.push(r);
    from = to + 1;
  };
  let depth = 0;
  for (let j = open + 1; j < close; j++) {
    const t = toks[j] as Token;
    if (t.kind !== "op") continue;
    if ("([{".includes(t.text)) depth++;
    else if (")]}".includes(t.text)) depth--;
    else if (depth === 0 && t.text === sep) cut(j);
  }
  cut(close);
  return out;
}

/** A literal's value as Python's str() gives it (SparkConf.set), or pyspark's to_str() (builder: bools lower-case). */
export function literalValue(toks: Token[], r: Range, lowerBools: boolean): string | undefined {
  let { from, to } = r;
  while (toks[from]?.text === "(" && toks[to - 1]?.text === ")") {
    from++;
    to--;
  }
  const ts = toks.slice(from, to);
  if (ts.length > 0 && ts.every((t) => t.kind === "string")) {
    return ts.every((t) => t.value !== undefined) ? ts.map((t) => t.value).join("") : undefined;
  }
  const sign = ts[0]?.text === "-" || ts[0]?.text === "+" ? 1 : 0;
  const num = ts[sign];
  if (ts.length === sign + 1 && num?.kind === "number") return pythonNumberStr(num.text, ts[0]?.text === "-");
  if (ts.length === 1 && (num?.text === "True" || num?.text === "False")) {
    return lowerBools ? num.text.toLowerCase() : num.text;
  }
  return undefined;
}
