import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogSimulation } from "../../src/simulate/index.js";
import { type OracleVersion, selectedVersions } from "../oracle/client.js";

/**
 * npm run simcheck [-- --json]: simulate --from-log against real runs. cachesort.py caches a DataFrame
 * (MEMORY_ONLY, 16 partitions, ~369 MiB) and then sorts 2 partitions of ~256 MiB of execution memory each, on
 * real Spark (the newest installed pyspark, or SPARKMEM_ORACLE_VERSIONS), locally and on a standalone
 * local-cluster. A reference run has memory enough for both; sparkmem replays its log through a smaller heap
 * (simulate --from-log --conf …) and predicts what a run with that heap keeps cached and spills; the run with
 * that heap says what Spark did.
 */

const SCRIPT = new URL("./cachesort.py", import.meta.url).pathname;
const BIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;

export interface Case {
  name: string;
  master: string;
  /** The memory key of the process that runs the tasks, and the other settings of both runs. */
  key: "spark.driver.memory" | "spark.executor.memory";
  settings: Record<string, string>;
  reference: string;
  target: string;
}

export const CASES: Case[] = [
  {
    name: "local 1g",
    master: "local[2]",
    key: "spark.driver.memory",
    settings: {},
    reference: "4g",
    target: "1g",
  },
  {
    name: "local 1536m",
    master: "local[2]",
    key: "spark.driver.memory",
    settings: {},
    reference: "4g",
    target: "1536m",
  },
  {
    name: "standalone 1g",
    master: "local-cluster[1,2,5120]",
    key: "spark.executor.memory",
    settings: { "spark.executor.cores": "2" },
    reference: "4g",
    target: "1g",
  },
];

interface RddInfo {
  memSize: number;
  diskSize: number;
  numCachedPartitions: number;
  numPartitions: number;
}
/** What cachesort.py prints: Spark's own storage info and the sort stage's metrics from the run's log. */
export interface Run {
  app: string;
  seconds: number;
  cache: { after_count: RddInfo | null; after_sort: RddInfo | null };
  sort: {
    stageId: number;
    tasks: number;
    spilledTasks: number;
    memoryBytesSpilled: number;
    diskBytesSpilled: number;
    peakExecutionMemory: number;
  };
}

export function runCachesort(v: OracleVersion, dir: string, c: Case, memory: string): Run {
  const conf = { ...c.settings, [c.key]: memory };
  const r = spawnSync(
    v.python as string,
    [SCRIPT, dir, c.master, ...Object.entries(conf).map(([k, x]) => `${k}=${x}`)],
    { encoding: "utf8", timeout: 600_000, env: { ...process.env, SPARK_LOCAL_IP: "127.0.0.1" } },
  );
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  if (r.status !== 0 || !last.startsWith("{")) throw new Error(`${c.name}: ${r.stderr.slice(-3000)}`);
  return JSON.parse(last) as Run;
}

/** sparkmem simulate --from-log on the reference run's log, with the target's heap. */
export function predict(dir: string, ref: Run, c: Case, memory: string): LogSimulation {
  const r = spawnSync(
    process.execPath,
    [BIN, "simulate", "--from-log", join(dir, ref.app), "--conf", `${c.key}=${memory}`, "--json"],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`simulate --from-log: ${r.stderr}`);
  return JSON.parse(r.stdout) as LogSimulation;
}

export interface Outcome {
  case: string;
  sparkVersion: string;
  seconds: number;
  cached: { total: number; predicted: number; actual: number };
  sort: {
    predicted: { spilledTasks: number; memorySpilledBytes: number };
    actual: { spilledTasks: number; memorySpilledBytes: number };
  };
  notes: string[];
}

export function runCase(v: OracleVersion, c: Case): Outcome {
  const dir = mkdtempSync(join(tmpdir(), "sparkmem-simcheck-"));
  const ref = runCachesort(v, dir, c, c.reference);
  const target = runCachesort(v, dir, c, c.target);
  const p = predict(dir, ref, c, c.target);
  const stage = p.stages.find((s) => s.stageId === ref.sort.stageId);
  return {
    case: c.name,
    sparkVersion: v.version,
    seconds: ref.seconds + target.seconds,
    cached: {
      total: p.cache.bytes,
      predicted: p.cache.predictedAtEndBytes,
      actual: target.cache.after_sort?.memSize ?? 0,
    },
    sort: {
      predicted: {
        spilledTasks: stage?.predicted.shortTasks ?? 0,
        memorySpilledBytes: stage?.predicted.memorySpilledBytes ?? 0,
      },
      actual: { spilledTasks: target.sort.spilledTasks, memorySpilledBytes: target.sort.memoryBytesSpilled },
    },
    notes: p.notes,
  };
}

const pct = (a: number, b: number) =>
  b === 0 ? (a === 0 ? "0 %" : "–") : `${(((a - b) / b) * 100).toFixed(1)} %`;

function main(): void {
  const v = selectedVersions()
    .filter((x) => x.python)
    .pop();
  if (!v) throw new Error("no pyspark installed: npm run oracle:setup");
  const out = CASES.map((c) => runCase(v, c));
  if (process.argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const MiB = 2 ** 20;
  const m = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
  for (const o of out)
    process.stdout.write(
      `${o.case} (Spark ${o.sparkVersion}): cached at the end ${m(o.cached.predicted)} predicted, ${m(o.cached.actual)} by Spark (${pct(o.cached.predicted, o.cached.actual)}) of ${m(o.cached.total)}; sort: ${o.sort.predicted.spilledTasks} tasks spill predicted, ${o.sort.actual.spilledTasks} did; memory spilled ${m(o.sort.predicted.memorySpilledBytes)} predicted, ${m(o.sort.actual.memorySpilledBytes)} by Spark (${pct(o.sort.predicted.memorySpilledBytes, o.sort.actual.memorySpilledBytes)})\n`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
