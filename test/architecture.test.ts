import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL("../src/", import.meta.url).pathname;
const EDGES = ["cli", "server"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

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
});
