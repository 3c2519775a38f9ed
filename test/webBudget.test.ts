import { existsSync, readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/**
 * The production page's size budget, read from `npm run build`'s output (dist/web/), each file gzipped at
 * level 9 on its own, as `npm run size:web` measures; kB = 1024 bytes.
 *
 * First load: the JavaScript the browser fetches before the Explain view draws, i.e. the entry chunk and
 * the chunks it imports statically, transitively, as Vite's manifest (dist/web/.vite/manifest.json) lists
 * them. index.html and the stylesheet are not counted in it: they have budgets of their own below. Chunks
 * reached only by dynamic import() (the other views, parsers and data loaded on demand) are not part of it.
 */
const FIRST_LOAD_KB = 30;

/**
 * Every file of dist/web/assets/ (and index.html), by its name without Vite's content hash: about 10 %
 * over the size measured when the budget was set. A file the table does not name fails the test (a new
 * chunk must be given a budget here), and so does a budget no file uses (the table stays the build's).
 */
const BUDGET_KB: Record<string, number> = {
  // first load: the Explain view and what it shares with the other views (the error class): 30.0 kB, the limit
  index: 30.0,
  // loaded on demand
  lintView: 39.3, // the Lint view's text classifier, YAML and Python parsers
  lint: 46.1, // lint and its catalogue of every key each Spark version declares: Lint, and Diagnose's re-check
  diagnoseView: 1.5,
  // diagnose, its detectors and analyze's layout of a log: Diagnose, and Advise's failures; 36.6 kB with the
  // version mapping, the defaults' sizes and the causes issue 15 added (39.2 kB on 2026-12-05)
  diagnose: 39.6,
  sizeView: 2.1,
  size: 10.1, // size itself and the EMR-shaped cluster builders: Size, and Advise's next-run nodes
  analyzeView: 5.1,
  adviseView: 15.2, // the Advise view and advise itself (the analysis runs in Analyze's worker)
  analyzeWorker: 42.2, // the event-log reader, its codecs and explain, in the Analyze view's worker
  zstd: 1.5, // the zstd frame walker, loaded with libzstd when the worker first reads a zstd file
  zstdFrameStream: 35.2, // libzstd's streaming decoder in WebAssembly (zstddec), base64 in the chunk
  "xxhash-wasm": 2.4, // XXH32 in WebAssembly, the checksum of every lz4 block: loaded with the first lz4 file
  emrJson: 2.6, // EMR configuration JSON's parser: Explain loads it when such a text is pasted
  emrInstances: 2.5, // the EC2 instance data: Size, Diagnose and Explain's EMR field
  cards: 0.55, // the fix blocks of Lint, Diagnose and Analyze's cards
  apply: 0.95, // the one mechanism of every Apply (0.7 kB): loaded with Lint, Diagnose and Size, out of the first load
  simulateView: 10.5, // the Simulate view, the memory manager's simulator and the scenario reader (10.2 kB)
  inverse: 1.6, // the model's inverse (largest heap or overhead that fits), shared by Lint, Diagnose and Size
  "rolldown-runtime": 0.2,
  // not JavaScript
  style: 3.3, // 3.0 kB with the Simulate view's pool bars
  "index.html": 2.7,
};

const WEB = new URL("../dist/web/", import.meta.url);
const ASSETS = new URL("assets/", WEB);
const MANIFEST = new URL(".vite/manifest.json", WEB);

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

const kB = (bytes: number) => bytes / 1024;
const gzipKB = (url: URL) => kB(gzipSync(readFileSync(url), { level: 9 }).length);
/** "index-Cwy_K1qH.js" → "index": the name Vite gives a chunk, without its 8-character hash. */
const chunkName = (file: string) => /^(.+)-[\w-]{8}\.(?:js|css)$/.exec(file)?.[1] ?? file;

/** The first load's files (paths under dist/web/), from the entry through its static imports. */
function firstLoadFiles(manifest: Record<string, ManifestChunk>): string[] {
  const files: string[] = [];
  const visit = (key: string) => {
    const c = manifest[key];
    if (!c) throw new Error(`the manifest has no ${key}`);
    if (files.includes(c.file)) return;
    files.push(c.file);
    for (const i of c.imports ?? []) visit(i);
  };
  visit("index.html");
  return files;
}
const sumKB = (files: string[]) => files.reduce((s, f) => s + gzipKB(new URL(f, WEB)), 0);

describe("the page's size budget (after npm run build)", () => {
  const built = existsSync(MANIFEST);
  it("the build and its manifest are there", () => {
    expect(built, `no ${MANIFEST.pathname}: run npm run build first`).toBe(true);
  });
  if (!built) return;

  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, ManifestChunk>;

  it(`first load: the entry chunk and its static imports are at most ${FIRST_LOAD_KB} kB gzipped`, () => {
    const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
    expect(
      entries.map(([k]) => k),
      "one entry",
    ).toEqual(["index.html"]);
    const sizes = firstLoadFiles(manifest).map((f) => [f, gzipKB(new URL(f, WEB))] as const);
    const total = sizes.reduce((s, [, k]) => s + k, 0);
    const detail = sizes.map(([f, k]) => `${f} ${k.toFixed(1)} kB`).join(", ");
    console.log(`first load: ${total.toFixed(1)} kB gzipped (${detail})`);
    expect(total, `first load ${detail}`).toBeLessThanOrEqual(FIRST_LOAD_KB);
  });

  it("every chunk is within its own budget, and every chunk has one", () => {
    const files = readdirSync(ASSETS)
      .filter((f) => f.endsWith(".js") || f.endsWith(".css"))
      .map((f) => ({ name: chunkName(f), kB: gzipKB(new URL(f, ASSETS)) }));
    files.push({ name: "index.html", kB: gzipKB(new URL("index.html", WEB)) });
    const names = files.map((f) => f.name);
    expect(
      names.filter((n, i) => names.indexOf(n) !== i),
      "two chunks of the same name: give one another name",
    ).toEqual([]);
    const over: string[] = [];
    const unbudgeted: string[] = [];
    for (const f of files) {
      const budget = BUDGET_KB[f.name];
      if (budget === undefined) unbudgeted.push(`${f.name} (${f.kB.toFixed(1)} kB)`);
      else if (f.kB > budget) over.push(`${f.name}: ${f.kB.toFixed(1)} kB > ${budget} kB`);
    }
    expect(unbudgeted, "chunks without a budget: add them to BUDGET_KB").toEqual([]);
    expect(over, "chunks over their budget").toEqual([]);
    expect(
      Object.keys(BUDGET_KB).filter((n) => !names.includes(n)),
      "budgets of chunks the build no longer has: remove them",
    ).toEqual([]);
  });

  it("README states the page's JS size and first load, gzipped, within 10%", () => {
    const js = readdirSync(ASSETS).filter((f) => f.endsWith(".js"));
    expect(js.length).toBeGreaterThan(0);
    const total = sumKB(js.map((f) => `assets/${f}`));
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const stated = /JavaScript of the production build: ([\d.]+) kB gzipped/.exec(readme)?.[1];
    expect(
      stated,
      "README's web section says 'JavaScript of the production build: N kB gzipped'",
    ).toBeDefined();
    console.log(`web page JS: ${total.toFixed(1)} kB gzipped (README: ${stated} kB)`);
    expect(
      Math.abs(total - Number(stated)) / Number(stated),
      `README says ${stated} kB, the build is ${total.toFixed(1)} kB`,
    ).toBeLessThan(0.1);
    const first = /first load is ([\d.]+) kB gzipped/.exec(readme)?.[1];
    expect(first, "README's web section says 'first load is N kB gzipped'").toBeDefined();
    const measured = sumKB(firstLoadFiles(manifest));
    console.log(`first load: ${measured.toFixed(1)} kB gzipped (README: ${first} kB)`);
    expect(
      Math.abs(measured - Number(first)) / Number(first),
      `README says a first load of ${first} kB, the build's is ${measured.toFixed(1)} kB`,
    ).toBeLessThan(0.1);
  });
});
