import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import {
  deepImports,
  tsFiles as files,
  type Import,
  layerViolations,
  unitCycles,
  unitImports,
} from "./support/architecture.js";

const ROOT = new URL("../", import.meta.url).pathname;
const SRC = new URL("../src/", import.meta.url).pathname;
/** Core modules the page loads on demand as chunks of their own, so it imports them by name. */
const NAMED_ENTRIES = ["src/conf/sources/emrJson.ts", "src/size/emrInstances.ts"];
/** Where file, process and network I/O may live. */
const EDGES = ["cli"];

const NODE_BUILTINS =
  /from\s+["'](node:[^"']+|fs|path|os|child_process|worker_threads|stream|zlib|url|util|process|crypto|http|https|net)["']/;

describe("architecture", () => {
  const core = files(SRC).filter((f) => !EDGES.includes(relative(SRC, f).split("/")[0] as string));
  it("the core imports nothing from Node, so the web page runs the same code", () => {
    expect(core.length).toBeGreaterThan(20);
    const offenders = core.filter(
      (f) =>
        NODE_BUILTINS.test(readFileSync(f, "utf8")) ||
        /\bprocess\.(env|stdout|argv)/.test(readFileSync(f, "utf8")),
    );
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
  it("files stay small (one concept each)", () => {
    const big = files(SRC).filter((f) => readFileSync(f, "utf8").split("\n").length > 320);
    expect(big.map((f) => relative(SRC, f))).toEqual([]);
  });

  it("imports follow the layers: conf → model → features → report → façade → cli, no cycle between folders", () => {
    const imports = unitImports(SRC);
    expect(imports.length).toBeGreaterThan(100);
    expect(layerViolations(imports)).toEqual([]);
    expect(unitCycles(imports)).toEqual([]);
  });
  it("the CLI and the page import the core only through its entries (src/index.ts, src/<folder>/index.ts)", () => {
    const edges = [...files(`${SRC}cli`), ...files(`${ROOT}web/src`)];
    expect(edges.length).toBeGreaterThan(30);
    expect(deepImports(ROOT, edges, NAMED_ENTRIES)).toEqual([]);
  });
  it("the checks catch a wrong import and a cycle", () => {
    const bad: Import[] = [
      { from: "model", to: "lint", file: "model/layout.ts" },
      { from: "lint", to: "model", file: "lint/read.ts" },
      { from: "lint", to: "diagnose", file: "lint/x.ts" },
      { from: "diagnose", to: "lint", file: "diagnose/y.ts" },
      { from: "server", to: "conf", file: "server/z.ts" },
    ];
    expect(layerViolations(bad)).toEqual([
      "model/layout.ts: model (layer 1) imports lint (layer 2), a layer above it",
      "server/z.ts: server/ is in no layer",
    ]);
    expect(unitCycles(bad)).toEqual(["lint → model → lint", "diagnose → lint → diagnose"]);
  });
  it("the entry check catches a deep import and lets entries and named entries through", () => {
    const root = mkdtempSync(join(tmpdir(), "sparkmem-arch-"));
    mkdirSync(join(root, "web/src"), { recursive: true });
    const view = join(root, "web/src/view.ts");
    writeFileSync(
      view,
      [
        'import { lint } from "../../src/lint/index.js";',
        'import { explain } from "../../src/index.js";',
        'import { readRatio } from "../../src/lint/read.js";',
        'const emr = () => import("../../src/size/emrInstances.js");',
      ].join("\n"),
    );
    expect(deepImports(root, [view], NAMED_ENTRIES)).toEqual([
      "web/src/view.ts: imports src/lint/read.ts; import src/lint/index.ts (or src/index.ts) instead",
    ]);
  });
});
