import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The layers of src/, lowest first: a folder may import from its own layer's other folders (without a
 * cycle) and from the layers below, never from above. Root files of src/ are named by their file name.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["conf", "eventlog"], // gather: parse once, keep provenance
  ["model"], // the layout and its inverse
  ["analyze", "lint", "size", "diagnose", "advise", "simulate"], // features
  ["report"], // text, Markdown, SARIF, JSON documents
  ["index.ts"], // the façade
  ["cli"], // the edge with file, process and network I/O (the page in web/ sits beside it)
];

export interface Import {
  from: string;
  to: string;
  /** The importing file, relative to src/. */
  file: string;
}

export function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Static, re-exported and dynamic imports of relative modules. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.[^"']+)["']/g)) out.push(m[1] as string);
  return out;
}

/** The top-level part of src/ a path is in: its folder, or the root file's name. */
export function unitOf(srcRoot: string, path: string): string {
  const rel = relative(srcRoot, path);
  const [first] = rel.split("/");
  return first as string;
}

/** Every import between two different units of src/. */
export function unitImports(srcRoot: string): Import[] {
  const out: Import[] = [];
  for (const file of tsFiles(srcRoot)) {
    const from = unitOf(srcRoot, file);
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
      if (relative(srcRoot, target).startsWith("..")) continue;
      const to = unitOf(srcRoot, target);
      if (to !== from) out.push({ from, to, file: relative(srcRoot, file) });
    }
  }
  return out;
}

function rankOf(unit: string, layers: readonly (readonly string[])[]): number {
  return layers.findIndex((l) => l.includes(unit));
}

/** Imports against the layers' direction, and units no layer names. */
export function layerViolations(imports: Import[], layers = LAYERS): string[] {
  const out: string[] = [];
  for (const i of imports) {
    const a = rankOf(i.from, layers);
    const b = rankOf(i.to, layers);
    if (a < 0) out.push(`${i.file}: ${i.from}/ is in no layer`);
    else if (b < 0) out.push(`${i.file}: imports ${i.to}, which is in no layer`);
    else if (b > a)
      out.push(`${i.file}: ${i.from} (layer ${a}) imports ${i.to} (layer ${b}), a layer above it`);
  }
  return [...new Set(out)];
}

/** Cycles between units: each as "a → b → a", from a depth-first search of the unit graph. */
export function unitCycles(imports: Import[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!next.has(i.from)) next.set(i.from, new Set());
    next.get(i.from)?.add(i.to);
  }
  const cycles = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (u: string) => {
    state.set(u, "open");
    path.push(u);
    for (const v of next.get(u) ?? []) {
      if (state.get(v) === "open") cycles.add([...path.slice(path.indexOf(v)), v].join(" → "));
      else if (!state.has(v)) visit(v);
    }
    path.pop();
    state.set(u, "done");
  };
  for (const u of [...next.keys()].sort()) if (!state.has(u)) visit(u);
  return [...cycles];
}

/**
 * The files the edges (the CLI, the page) may import from the core: the façade src/index.ts, each folder's
 * entry src/<folder>/index.ts, and the named entries given (modules the page loads on demand as chunks
 * of their own). Returns each other import as "<file>: imports <module>; …", paths relative to the repo.
 */
export function deepImports(
  repoRoot: string,
  edgeFiles: string[],
  namedEntries: readonly string[],
): string[] {
  const src = join(repoRoot, "src");
  const out: string[] = [];
  for (const file of edgeFiles) {
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      const target = relative(src, resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      if (target.startsWith("..") || target.startsWith("cli/")) continue;
      const parts = target.split("/");
      const entry = parts.length === 1 || (parts.length === 2 && parts[1] === "index.ts");
      if (entry || namedEntries.includes(`src/${target}`)) continue;
      out.push(
        `${relative(repoRoot, file)}: imports src/${target}; import src/${parts[0]}/index.ts (or src/index.ts) instead`,
      );
    }
  }
  return out;
}
