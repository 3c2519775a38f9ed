import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DiagnoseResult } from "../src/diagnose/index.js";
import type { Finding } from "../src/lint/index.js";
import { SEED_SPARK_DEFAULTS, SEED_YARN_KILL } from "./support/seed.js";

const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "sparkmem-diagnose-"));
const SEED_CONF = join(dir, "seed.conf");
writeFileSync(SEED_CONF, SEED_SPARK_DEFAULTS);

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, "diagnose", ...args], { encoding: "utf8", input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

type Json = DiagnoseResult & { findings: Finding[] };

describe("sparkmem diagnose: the seed case study", () => {
  const r = run(["-", "--conf-file", SEED_CONF, "--spark-version", "2.4.8", "--json"], SEED_YARN_KILL);
  const json = JSON.parse(r.out) as Json;

  it("names the executor container's physical-memory kill, with the model's figures", () => {
    expect(r.code).toBe(0);
    const c = json.causes[0];
    expect(c).toMatchObject({ id: "yarn-pmem-kill", process: "executor" });
    expect(c?.figures).toMatchObject({
      limitBytes: 33 * 1024 ** 3,
      containerBytes: 33 * 1024 ** 3,
      usedBytes: 35648228557,
    });
    expect(c?.explanation).toMatch(/not (a )?heap|did not run out/);
  });

  it("proposes spark.executor.memoryOverhead with a value, and fewer cores with its container size", () => {
    const c = json.causes[0];
    expect(c?.changes).toEqual([
      {
        key: "spark.executor.memoryOverhead",
        from: null,
        source: null,
        to: "7g",
        why: "more room outside the heap, where the container's memory ran out",
      },
    ]);
    const fewer = c?.alternatives?.find((a) => a.changes.some((x) => x.key === "spark.executor.cores"));
    expect(fewer).toMatchObject({ containerBytes: 33 * 1024 ** 3 });
    // the value it changes, and the file line that sets it (seed.conf's third line)
    expect(fewer?.changes).toEqual([
      {
        key: "spark.executor.cores",
        from: "10",
        source: `${SEED_CONF}:3`,
        to: "5",
        why: "fewer concurrent tasks share the container's memory outside the heap",
      },
    ]);
    expect(c?.nextChecks.join(" ")).toMatch(/skew/i);
    expect(c?.nextChecks.join(" ")).toContain("sparkmem analyze");
  });

  it("brings lint's findings for the same configuration: spark.memory.memoryOverhead is unknown", () => {
    const unknown = json.findings.find((f) => f.ruleId === "unknown-key");
    expect(unknown).toMatchObject({ key: "spark.memory.memoryOverhead", severity: "error", line: 5 });
  });

  it("text: the cause, its evidence and the change", () => {
    const t = run(["-", "--conf-file", SEED_CONF, "--spark-version", "2.4.8"], SEED_YARN_KILL).out;
    expect(t).toMatch(/^1\. .*\[yarn-pmem-kill\] · executor · confidence 0\.95/);
    expect(t).toContain("   > ExecutorLostFailure (executor 7 exited");
    expect(t).toContain("change: --conf spark.executor.memoryOverhead=7g");
    expect(t).toContain("[unknown-key]");
  });
});

describe("sparkmem diagnose inputs", () => {
  it("an event log: its executor-loss reasons are the evidence", () => {
    const log = new URL(
      "../../shared/fixtures/spark-events/removed-in-3.0-dev/application_1538416563558_0014",
      import.meta.url,
    ).pathname;
    const json = JSON.parse(run([log, "--json"]).out) as Json;
    expect(json.causes.length).toBeGreaterThan(0);
    expect(json.causes[0]?.evidence[0]).toContain("Exit status: 56");
    expect(readFileSync(log, "utf8")).toContain("Exit status: 56");
  });

  it("a plain text file (kubectl describe pod) is read as text, not as an event log", () => {
    const describe = join(dir, "describe.txt");
    writeFileSync(
      describe,
      "Name:         etl-exec-3\nContainers:\n  spark-kubernetes-executor:\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n    Limits:\n      memory:  9011Mi\n",
    );
    const json = JSON.parse(
      run([describe, "--json", "--master", "k8s://https://k8s:443", "--conf", "spark.executor.memory=8g"])
        .out,
    ) as Json;
    expect(json.causes[0]).toMatchObject({ id: "k8s-oomkilled", process: "executor" });
    // 8g + 10% overhead: the model's pod is the limit the kubelet enforced
    expect(json.causes[0]?.figures.limitBytes).toBe(9011 * 1024 ** 2);
  });

  it("a file that cannot be read exits 2 with one line", () => {
    const r = run([join(dir, "nope.txt")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^sparkmem: .*nope\.txt: cannot read the file \(ENOENT\)/);
  });

  it("an ordinary log: no cause but unknown, exit 0", () => {
    const json = JSON.parse(
      run(["-", "--json"], "24/01/01 10:00:00 INFO SparkContext: Running Spark version 3.5.1\n").out,
    ) as Json;
    expect(json.causes.every((c) => c.id === "unknown")).toBe(true);
    expect(json.findings).toEqual([]);
  });
});

describe("README's diagnose --json schema is the code's", () => {
  it("every documented key is produced", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(
      readme.indexOf("## sparkmem diagnose"),
      readme.indexOf("<!-- generated:diagnose-causes -->"),
    );
    const documented = new Set([...section.matchAll(/"(\w+)"/g)].map((m) => m[1] as string));
    const json = JSON.parse(
      run(["-", "--conf-file", SEED_CONF, "--spark-version", "2.4.8", "--json"], SEED_YARN_KILL).out,
    ) as Json;
    const produced = new Set<string>(["causes", "findings", ...Object.keys(json)]);
    for (const c of json.causes) {
      for (const k of Object.keys(c)) produced.add(k);
      for (const ch of c.changes) for (const k of Object.keys(ch)) produced.add(k);
      for (const a of c.alternatives ?? []) for (const k of Object.keys(a)) produced.add(k);
    }
    expect([...documented].filter((k) => !produced.has(k))).toEqual([]);
    expect([...produced].filter((k) => !documented.has(k))).toEqual([]);
  });
});
