import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostileCorpus } from "../tools/fuzz/corpus.js";

/**
 * Every command on every hostile input of tools/fuzz/corpus.ts, each run in its own process with limits:
 * 60 s (a loaded CI machine; the quadratic cases it caught took 40–90 s), a 512 MiB V8 heap, and a peak RSS under 768 MiB (measured by tools/fuzz/peakRss.mjs). A run passes
 * when it ends by itself with exit 0 (a result), 2 (one line naming the input), 3 (a partial report of a
 * corrupt log) or, for lint, 1 with nothing on stderr (error findings) — never an internal error, a signal,
 * a timeout, or an error over several lines.
 */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const PEAK_RSS = new URL("../tools/fuzz/peakRss.mjs", import.meta.url).pathname;
const DATA = new URL("./data/", import.meta.url).pathname;
const TIME_MS = 60_000;
const RSS_LIMIT = 768 * 1024 * 1024;

/** A YARN kill line for the diagnose runs that test their other arguments (written next to the corpus). */
const ERROR_TEXT = join(mkdtempSync(join(tmpdir(), "sparkmem-fuzz-error-")), "error.txt");
writeFileSync(
  ERROR_TEXT,
  "Container killed by YARN for exceeding physical memory limits. 5.5 GB of 5.5 GB physical memory used.\n",
);

const COMMANDS: Record<string, (file: string) => string[]> = {
  lint: (f) => ["lint", f],
  diagnose: (f) => ["diagnose", f],
  "diagnose --config": (f) => ["diagnose", "--config", f, ERROR_TEXT],
  analyze: (f) => ["analyze", f],
  advise: (f) => ["advise", f],
  "explain --conf-file": (f) => ["explain", "--conf-file", f],
};

/** Hostile flag values, for the commands that take no file (size) and for every command's options. */
const FLAGS: string[][] = [
  ["size", "--node-cores", "2147483648", "--node-memory", "64g", "--nodes", "1"],
  ["size", "--node-cores", "1024", "--node-memory", "24000g", "--nodes", "99999999999"],
  ["size", "--node-cores", "-0", "--node-memory", "-0", "--nodes", "0"],
  ["size", "--instance-type", "constructor", "--nodes", "2"],
  ["size", "--node-group", "name=__proto__,cores=16,memory=64g,nodes=2"],
  ["size", "--node-cores", "16", "--node-memory", "1e400g", "--nodes", "2"],
  ["explain", "--example", "__proto__"],
  ["explain", "--gc", "toString"],
  ["explain", "--executor-memory", "4\n\u001b[2Jg", "--master", "yarn"],
  ["explain", "--master", "local[99999999999999999999999]"],
  ["explain", "--spark-version", "9.9", "--master", "yarn"],
  ["explain", "-c", "spark.executor.memoryOverheadFactor=1e400", "--master", "yarn"],
  ["lint", "--spark-version", "3.5.1", "-c", "spark.executor.memory=4g\u00a0"],
  ["diagnose", "--spark-version", "2.0", ERROR_TEXT],
  ["advise", "--goal", "constructor", ERROR_TEXT],
  ["advise", "-c", "=\u001b[2J", "--format", "__proto__", ERROR_TEXT],
];

interface Run {
  command: string;
  input: string;
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  stderr: string;
  peakRss: number;
}

function runOne(command: string, input: string, args: string[], rssFile: string): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--max-old-space-size=512", "--import", PEAK_RSS, BIN, ...args], {
      env: { ...process.env, SPARKMEM_PEAK_RSS: rssFile, NO_COLOR: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (c: string) => {
      if (stderr.length < 10_000) stderr += c;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, TIME_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      let peakRss = 0;
      try {
        peakRss = Number(readFileSync(rssFile, "utf8"));
      } catch {}
      done({ command, input, code, signal, timedOut, stderr, peakRss });
    });
  });
}

/** "\\n" and "\\u001b" in FLAGS as the characters (a flag value with a newline or ESC in it). */
const withControls = (a: string) =>
  a.replace(/\\n/g, "\n").replace(/\\u([0-9a-f]{4})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16)));

/** Two at a time: the machine has two cores. */
async function runAll(jobs: (() => Promise<Run>)[]): Promise<Run[]> {
  const out: Run[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++] as () => Promise<Run>;
      out.push(await job());
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

describe("fuzz: every command on every hostile input, bounded", () => {
  it("no crash, no hang, no internal error, one-line errors, peak RSS bounded", {
    timeout: 1_200_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "sparkmem-fuzz-"));
    const inputs = join(dir, "inputs");
    mkdirSync(inputs);
    const corpus = hostileCorpus(DATA);
    for (const f of corpus) writeFileSync(join(inputs, f.name), f.bytes);
    const jobs = corpus.flatMap((f, i) =>
      Object.entries(COMMANDS).map(
        ([command, args], j) =>
          () =>
            runOne(command, f.name, args(join(inputs, f.name)), join(dir, `rss-${i}-${j}`)),
      ),
    );
    for (const [i, args] of FLAGS.entries())
      jobs.push(() =>
        runOne(args[0] as string, `flags ${i}`, args.map(withControls), join(dir, `rss-flags-${i}`)),
      );
    const runs = await runAll(jobs);
    const bad = runs.filter(
      (r) =>
        r.timedOut ||
        r.signal !== null ||
        !([0, 2, 3].includes(r.code ?? -1) || (r.command === "lint" && r.code === 1 && r.stderr === "")) ||
        r.stderr.includes("internal error") ||
        (r.code === 2 && r.stderr.trimEnd().split("\n").length !== 1) ||
        r.peakRss > RSS_LIMIT,
    );
    const summary = [...Object.keys(COMMANDS), "size"].map((c) => {
      const mine = runs.filter((r) => r.command === c);
      const peak = Math.max(...mine.map((r) => r.peakRss));
      return `${c}: ${mine.length} inputs, ${mine.filter((r) => r.timedOut).length} hangs, ${mine.filter((r) => r.stderr.includes("internal error") || r.signal !== null).length} crashes, peak RSS ${Math.round(peak / 2 ** 20)} MiB`;
    });
    console.log(`fuzz corpus: ${corpus.length} files\n${summary.join("\n")}`);
    expect(
      bad.map(
        (r) =>
          `${r.command} ${r.input}: exit ${r.code}${r.signal ? ` ${r.signal}` : ""}${r.timedOut ? " (timed out)" : ""}, RSS ${Math.round(r.peakRss / 2 ** 20)} MiB: ${r.stderr.slice(0, 300)}`,
      ),
    ).toEqual([]);
    expect(runs).toHaveLength(corpus.length * Object.keys(COMMANDS).length + FLAGS.length);
  });
});
