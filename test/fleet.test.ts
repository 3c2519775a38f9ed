import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onCi } from "./support/ci.js";
import { FIXTURES } from "./support/fixtures.js";
import { newestPyspark } from "./support/pyspark.js";

/**
 * sparkmem fleet on real Spark (the newest pyspark the oracle installed): its application lists and reads, on
 * local[2] and on a standalone master and worker started from the pyspark package, the fixtures' logs, logs
 * real Spark writes in every codec (tools/eventlog/write_logs.py: single files, a rolling directory, in-progress
 * snapshots) and corrupt files. Every log's row is the report `sparkmem analyze --json` prints for it; a corrupt
 * file is a row with its error; a second run reads nothing.
 */
const newest = newestPyspark();
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const EVENTS = new URL("spark-events", FIXTURES).pathname;
/** Every Spark process binds to 127.0.0.1. */
const LOCAL = ["spark.driver.host=127.0.0.1", "spark.driver.bindAddress=127.0.0.1", "spark.ui.enabled=false"];
const env = { ...process.env, SPARK_LOCAL_IP: "127.0.0.1" };

interface Row {
  path: string;
  size: number;
  modificationTime: number;
  exitCode: number;
  error: string | null;
  report: unknown;
}

function pysparkHome(python: string): string {
  const r = spawnSync(python, ["-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))"], {
    encoding: "utf8",
  });
  return r.stdout.trim();
}

function rowsOf(out: string): Row[] {
  const dir = join(out, "apps.jsonl");
  return readdirSync(dir)
    .filter((f) => f.startsWith("part-"))
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean))
    .map((l) => JSON.parse(l) as Row);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe("sparkmem fleet on real Spark", () => {
  it.runIf(onCi)("CI has a pyspark to run the fleet on (npm run oracle:setup)", () => {
    expect(newest, "no pyspark venv installed").toBeDefined();
  });
  if (!newest) return;
  const home = pysparkHome(newest.python as string);
  const submit = join(home, "bin", "spark-submit");
  let logs = "";
  let corrupt = "";
  let paths: string[] = [];

  const fleet = (out: string, master: string) => {
    const r = spawnSync(
      process.execPath,
      [BIN, "fleet", ...paths, "--out", out, "--master", master, "--spark-submit", submit, "--json"].concat(
        LOCAL.flatMap((c) => ["-c", c]),
      ),
      { encoding: "utf8", env, timeout: 600_000 },
    );
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    return JSON.parse(r.stdout) as {
      listed: number;
      read: number;
      kept: number;
      rows: number;
      errors: number;
    };
  };

  beforeAll(() => {
    logs = mkdtempSync(join(tmpdir(), "sparkmem-fleet-logs-"));
    const script = new URL("../tools/eventlog/write_logs.py", import.meta.url).pathname;
    const r = spawnSync(newest.python as string, [script, logs], { encoding: "utf8", timeout: 400_000, env });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    corrupt = join(logs, "corrupt");
    mkdirSync(corrupt);
    writeFileSync(join(corrupt, "notes.txt"), "not an event log\n");
    writeFileSync(join(corrupt, "local-1.zstd"), Buffer.from("28b52ffd00000000deadbeef", "hex"));
    writeFileSync(join(corrupt, "local-2.lz4"), Buffer.alloc(64, 7));
    const labels = ["none", "lz4", "lzf", "snappy", "zstd", "rolling"];
    paths = [
      EVENTS,
      corrupt,
      ...labels.map((l) => join(logs, l)),
      ...labels.map((l) => join(logs, l, "inprogress")).filter((d) => readdirSync(d).length > 0),
    ];
  }, 420_000);

  /** `sparkmem analyze --json` of each log, once for both runs. */
  const analyses = new Map<string, { status: number | null; stderr: string; report: unknown }>();
  function analyzed(path: string) {
    let a = analyses.get(path);
    if (!a) {
      const r = spawnSync(process.execPath, [BIN, "analyze", "--json", path], { encoding: "utf8" });
      a = { status: r.status, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : null };
      analyses.set(path, a);
    }
    return a;
  }

  function expectRows(rows: Row[]): void {
    const errors = rows.filter((r) => r.error !== null);
    // the three corrupt files, each a row with sparkmem's one-line error
    expect(errors.map((r) => r.path.split("/").at(-1)).sort()).toEqual([
      "local-1.zstd",
      "local-2.lz4",
      "notes.txt",
    ]);
    for (const e of errors) {
      expect(e.exitCode).toBe(2);
      expect(e.error).not.toContain("\n");
      expect(e.report).toBeNull();
    }
    // every other row: the report analyze prints for the same log
    for (const r of rows.filter((x) => x.error === null)) {
      const path = r.path.replace(/^file:/, "");
      const a = analyzed(path);
      expect([0, 3], a.stderr).toContain(a.status);
      expect(r.exitCode, path).toBe(a.status);
      expect(r.report, path).toEqual(a.report);
    }
  }

  it(`Spark ${newest.version}, local[2]: each log's row is its analyze --json, corrupt files are rows with errors, the second run reads nothing`, {
    timeout: 600_000,
  }, () => {
    const out = join(logs, "out-local");
    const first = fleet(out, "local[2]");
    const rows = rowsOf(out);
    expect(first.rows).toBe(rows.length);
    expect(first.read).toBe(first.listed);
    expect(rows.length).toBe(first.listed);
    // the fixtures' 18 logs, 6 written by Spark (one rolling), their in-progress snapshots, 3 corrupt files
    expect(rows.some((r) => r.path.includes("eventlog_v2_"))).toBe(true);
    expect(rows.some((r) => r.path.endsWith(".inprogress"))).toBe(true);
    expect(first.errors).toBe(3);
    expectRows(rows);
    const second = fleet(out, "local[2]");
    expect(second).toMatchObject({
      listed: first.listed,
      read: 0,
      kept: first.listed,
      rows: first.rows,
      errors: 3,
    });
    expect(
      rowsOf(out)
        .map((r) => r.path)
        .sort(),
    ).toEqual(rows.map((r) => r.path).sort());
  });

  describe("a standalone master and worker started from the pyspark package", () => {
    const procs: ChildProcess[] = [];
    let master = "";
    beforeAll(async () => {
      const [port, webui, workerUi] = [await freePort(), await freePort(), await freePort()];
      const sparkClass = join(home, "bin", "spark-class");
      const start = (args: string[]) => {
        const p = spawn(sparkClass, args, { env: { ...env, SPARK_HOME: home }, stdio: "ignore" });
        procs.push(p);
      };
      start([
        "org.apache.spark.deploy.master.Master",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--webui-port",
        String(webui),
      ]);
      master = `spark://127.0.0.1:${port}`;
      start([
        "org.apache.spark.deploy.worker.Worker",
        master,
        "--host",
        "127.0.0.1",
        "--cores",
        "2",
        "--memory",
        "2g",
        "--webui-port",
        String(workerUi),
      ]);
    }, 60_000);
    afterAll(() => {
      for (const p of procs) p.kill("SIGKILL");
    });

    it(`Spark ${newest.version}: the same rows`, { timeout: 600_000 }, () => {
      const out = join(logs, "out-standalone");
      const r = fleet(out, master);
      const rows = rowsOf(out);
      expect(r).toMatchObject({ read: r.listed, rows: rows.length, errors: 3 });
      expectRows(rows);
    });
  });
});
