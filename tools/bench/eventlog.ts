import { spawnSync } from "node:child_process";
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LineSplitter } from "../../src/eventlog/lines.js";
import { HistoryServer } from "../eventlog/historyServer.js";
import { installedVersions } from "../oracle/client.js";
import { buildLog } from "./buildLog.js";
import { type BenchCodec, encodeLog } from "./encoders.js";

const BENCH_CODECS: BenchCodec[] = ["lz4", "lzf", "snappy", "zstd", "gzip"];
const ROUNDS = 5;

/**
 * npm run bench:eventlog [-- --size 200mb] [--json]
 * Builds a large uncompressed log from a real fixture's events, then measures in one run, each in a fresh
 * process: raw read + line split, JSON.parse of every line, sparkmem analyze (plain and every codec, the median of
 * five interleaved rounds), its peak RSS,
 * and, when Spark is installed, the History Server's replay of the same log. Prints rates and ratios.
 */
type Mode = "raw" | "parse" | "analyze";
const DIST_FILES = new URL("../../dist/cli/eventLogFiles.js", import.meta.url).href;
const DIST_ANALYZE = new URL("../../dist/analyze/index.js", import.meta.url).href;

async function child(mode: Mode, path: string): Promise<void> {
  const started = performance.now();
  if (mode === "analyze") {
    // the built CLI's modules, as `sparkmem analyze FILE` reads a file (gzip by zlib, the rest by the reader)
    const { sourcesOf } = (await import(DIST_FILES)) as typeof import("../../src/cli/eventLogFiles.js");
    const { analyze } = (await import(DIST_ANALYZE)) as typeof import("../../src/analyze/index.js");
    await analyze(sourcesOf({ label: path, files: [path], warnings: [] }));
  } else {
    const s = new LineSplitter();
    let n = 0;
    for await (const c of createReadStream(path, { highWaterMark: 1 << 20 }))
      for (const l of s.push(c)) {
        if (mode === "parse") JSON.parse(l.text);
        n++;
      }
    if (n === 0) throw new Error("no lines");
  }
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
}

function measure(mode: Mode, path: string): { ms: number; maxRssBytes: number } {
  const self = new URL(import.meta.url).pathname;
  const tsx = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
  const r = spawnSync(tsx, [self, "--child", mode, path], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${mode}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as { ms: number; maxRssBytes: number };
}

function parseSize(s: string): number {
  const m = /^(\d+)(mb|gb)$/i.exec(s);
  if (!m) throw new Error(`--size takes e.g. 200mb or 1gb (was "${s}")`);
  return Number(m[1]) * (m[2]?.toLowerCase() === "gb" ? 1024 ** 3 : 1024 ** 2);
}

async function historyServerRate(dir: string, bytes: number): Promise<number | null> {
  const spark = installedVersions()
    .filter((v) => v.python !== null)
    .pop();
  if (!spark) return null;
  const shs = await HistoryServer.start(spark, dir, 1, 600_000);
  try {
    const apps = (await shs.get("/applications")) as { id: string }[];
    const started = performance.now();
    await shs.get(`/applications/${apps[0]?.id}/executors`); // the first request replays the whole log
    return bytes / ((performance.now() - started) / 1000);
  } finally {
    shs.stop();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") return child(args[1] as Mode, args[2] as string);
  const json = args.includes("--json");
  const sizeAt = args.indexOf("--size");
  const target = sizeAt >= 0 ? parseSize(args[sizeAt + 1] ?? "") : 1024 ** 3;
  const dir = mkdtempSync(join(tmpdir(), "sparkmem-bench-"));
  const logDir = join(dir, "logs");
  mkdirSync(logDir);
  const log = join(logDir, "application_1700000000000_0001");
  try {
    const bytes = await buildLog(log, target);
    const raw = measure("raw", log);
    const parse = measure("parse", log);
    const rate = (m: { ms: number }) => bytes / (m.ms / 1000);
    // every codec, written as Spark's libraries frame it (tools/bench/encoders.ts), analyzed in the same run;
    // plain and each codec in ROUNDS interleaved rounds, each figure the median of its rounds: a shared
    // machine's speed drifts by 2× within minutes, which single runs read as codec differences
    const files = new Map<BenchCodec, string>();
    for (const codec of BENCH_CODECS) {
      const file = join(dir, `log.${codec}`);
      if (encodeLog(log, file, codec)) files.set(codec, file);
    }
    const runs = new Map<string, { ms: number; maxRssBytes: number }[]>();
    for (let round = 0; round < ROUNDS; round++)
      for (const [name, file] of [["plain", log] as const, ...files])
        runs.set(name, [...(runs.get(name) ?? []), measure("analyze", file)]);
    const median = (name: string) => {
      const ms = (runs.get(name) ?? []).map((m) => m.ms).sort((x, y) => x - y);
      const peak = Math.max(...(runs.get(name) ?? []).map((m) => m.maxRssBytes));
      return { ms: ms[Math.floor(ms.length / 2)] as number, maxRssBytes: peak };
    };
    const analyze = median("plain");
    const codecs: Record<
      string,
      { bytesPerSec: number; ratioToPlain: number; fileBytes: number; peakRssBytes: number } | null
    > = {};
    for (const codec of BENCH_CODECS) {
      const file = files.get(codec);
      if (!file) {
        codecs[codec] = null;
        continue;
      }
      const m = median(codec);
      codecs[codec] = {
        bytesPerSec: Math.round(rate(m)),
        ratioToPlain: rate(m) / rate(analyze),
        fileBytes: statSync(file).size,
        peakRssBytes: m.maxRssBytes,
      };
      rmSync(file);
    }
    const shs = await historyServerRate(logDir, bytes);
    const result = {
      logBytes: bytes,
      rawBytesPerSec: Math.round(rate(raw)),
      jsonParseBytesPerSec: Math.round(rate(parse)),
      analyzeBytesPerSec: Math.round(rate(analyze)),
      codecs,
      shsBytesPerSec: shs === null ? null : Math.round(shs),
      peakRssBytes: Math.max(analyze.maxRssBytes, ...Object.values(codecs).map((c) => c?.peakRssBytes ?? 0)),
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const mb = (b: number) => `${(b / 1024 ** 2).toFixed(1)} MiB/s`;
    const lines = [
      `log: ${(bytes / 1024 ** 2).toFixed(0)} MiB uncompressed (events of nds_q72_dataproc_2_2, ids renewed)`,
      `raw read + line split      ${mb(result.rawBytesPerSec)}`,
      `JSON.parse of every line   ${mb(result.jsonParseBytesPerSec)}`,
      `sparkmem analyze           ${mb(result.analyzeBytesPerSec)}   ${(result.analyzeBytesPerSec / result.jsonParseBytesPerSec).toFixed(2)}× JSON.parse (target ≥ 0.5)`,
      ...Object.entries(codecs).map(
        ([codec, c]) =>
          `sparkmem analyze (${codec.padEnd(6)}) ${c === null ? "n/a (no zstd CLI)" : `${mb(c.bytesPerSec)}   ${c.ratioToPlain.toFixed(2)}× plain (target ≥ 0.8)`}`,
      ),
      `History Server replay      ${result.shsBytesPerSec === null ? "n/a (no Spark installed)" : `${mb(result.shsBytesPerSec)}   analyze is ${(result.analyzeBytesPerSec / result.shsBytesPerSec).toFixed(1)}× faster (target ≥ 20)`}`,
      `peak RSS of analyze        ${(result.peakRssBytes / 1024 ** 2).toFixed(0)} MiB (target < 512)`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  process.stderr.write(`bench: ${e.message}\n`);
  process.exitCode = 1;
});
