import { SparkmemError } from "../errors.js";
import type { ConfEntry, Origin } from "../sparkConf.js";

/**
 * spark-defaults.conf / --properties-file: java.util.Properties.load as Spark calls it
 * (Utils.getPropertiesFromFile, values trimmed). Comments start with # or !, the key ends at the
 * first unescaped '=', ':' or blank, a trailing backslash continues the line.
 */
export function parseProperties(
  text: string,
  file: string,
  kind: Origin["kind"] = "spark-defaults",
): ConfEntry[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: ConfEntry[] = [];
  let i = 0;
  while (i < lines.length) {
    const startLine = i + 1;
    let line = (lines[i] as string).replace(/^[ \t\f]+/, "");
    i++;
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    // each physical line says for itself whether it continues; joined once (50,000 continued lines would
    // otherwise rebuild the growing line 50,000 times)
    const parts: string[] = [];
    while (endsWithOddBackslashes(line) && i < lines.length) {
      parts.push(line.slice(0, -1));
      line = (lines[i] as string).replace(/^[ \t\f]+/, "");
      i++;
    }
    parts.push(endsWithOddBackslashes(line) ? line.slice(0, -1) : line);
    const { key, value } = splitKeyValue(parts.join(""), file, startLine);
    out.push({ key, value: value.trim(), origin: { kind, file, line: startLine } });
  }
  return out;
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let j = s.length - 1; j >= 0 && s[j] === "\\"; j--) n++;
  return n % 2 === 1;
}

function splitKeyValue(line: string, file: string, lineNo: number): { key: string; value: string } {
  let j = 0;
  let keyEnd = line.length;
  while (j < line.length) {
    const c = line[j];
    if (c === "\\") {
      j += 2;
      continue;
    }
    if (c === "=" || c === ":" || c === " " || c === "\t" || c === "\f") {
      keyEnd = j;
      break;
    }
    j++;
  }
  let v = keyEnd;
  while (v < line.length && /[ \t\f]/.test(line[v] as string)) v++;
  if (v < line.length && (line[v] === "=" || line[v] === ":")) v++;
  while (v < line.length && /[ \t\f]/.test(line[v] as string)) v++;
  const where = `${file}:${lineNo}`;
  return { key: unescapeJava(line.slice(0, keyEnd), where), value: unescapeJava(line.slice(v), where) };
}

function unescapeJava(s: string, where: string): string {
  let out = "";
  for (let j = 0; j < s.length; j++) {
    const c = s[j] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = s[++j];
    if (n === undefined) break;
    if (n === "u") {
      const hex = s.slice(j + 1, j + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new SparkmemError(where, `malformed \\uxxxx escape "\\u${hex}"`, {
          expected: "four hex digits after \\u",
        });
      }
      out += String.fromCharCode(Number.parseInt(hex, 16));
      j += 4;
    } else out += ({ t: "\t", n: "\n", r: "\r", f: "\f" } as Record<string, string>)[n] ?? n;
  }
  return out;
}
