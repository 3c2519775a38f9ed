import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { advise } from "../src/advise/index.js";
import type { AnalyzeReport } from "../src/analyze/index.js";
import { analyzeLog } from "./support/fixtures.js";
import { SHARED } from "./support/shared.js";

/** The next run's nodes, as size takes them: containers are granted and pods checked there. */
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const fixture = (p: string) => new URL(`fixtures/spark-events/${p}`, SHARED).pathname;
/** Spark 3.5.3 on Kubernetes, PySpark: advised pods of 6 GiB (4g heap + 2g overhead). */
const TAXI = fixture(
  "other/mcp-apache-spark-history-server/eventlog_v2_spark-110be3a8424d4a2789cb88134418217b",
);
const LARGE_BLOCKS = fixture("application_1553914137147_0018");
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;

let taxi: AnalyzeReport;
let blocks: AnalyzeReport;
beforeAll(async () => {
  [taxi, blocks] = await Promise.all([analyzeLog(TAXI), analyzeLog(LARGE_BLOCKS)]);
});

describe("advise on the next run's nodes", () => {
  it("Kubernetes: a 6 GiB pod fits 8 GiB nodes (8092 MiB allocatable), not 4 GiB ones (3996 MiB): a note says so", () => {
    const big = advise([taxi], { nodes: { cores: 4, memoryBytes: 8 * GiB } });
    expect(big.advised.executor?.containerAllocatedBytes).toBe(6 * GiB);
    expect(big.notes.some((n) => n.includes("would not be scheduled"))).toBe(false);
    // 6g + 1997m set by hand (nothing to change from the peaks): 8141 MiB, above the 8092 MiB allocatable
    const over = advise([taxi], {
      nodes: { cores: 4, memoryBytes: 8 * GiB },
      conf: { "spark.executor.memory": "6g", "spark.executor.memoryOverhead": "1997m" },
    });
    expect(over.notes.find((n) => n.includes("would not be scheduled"))).toContain("= 4 CPU, 8092 MiB");
    const small = advise([taxi], { nodes: { cores: 4, memoryBytes: 4 * GiB } });
    const note = small.notes.find((n) => n.includes("would not be scheduled"));
    expect(note).toMatch(
      /^the advised executor pod \(6\.0 GiB\) is larger than a node of the next run accepts \(3\.9 GiB;/,
    );
    expect(note).toContain("= 4 CPU, 3996 MiB");
    // the kubelet's reservations count: 8 GiB − 2 GiB kube-reserved − 100 MiB eviction = 6044 MiB < 6 GiB
    const reserved = advise([taxi], {
      nodes: { cores: 4, memoryBytes: 8 * GiB, cluster: { "kubelet.kubeReserved.memory": "2Gi" } },
    });
    expect(reserved.notes.some((n) => n.includes("6044 MiB): it would not be scheduled"))).toBe(true);
  });

  it("YARN: 3 GiB nodes grant containers up to 3072 MiB; the log's 8 GiB would not start there, the advised 2 GiB do", () => {
    const r = advise([blocks], { nodes: { cores: 2, memoryBytes: 3 * GiB } });
    expect(r.current.executor?.containerBytes).toBe(8 * GiB);
    expect(r.current.errors.map((e) => e.code)).toEqual(["yarn-container-above-max"]);
    expect(r.advised.errors).toEqual([]);
    expect(r.advised.executor?.containerAllocatedBytes).toBe(2048 * MiB);
    expect(r.notes.some((n) => n.startsWith("the settings the log ran with would not start here"))).toBe(
      true,
    );
  });

  it("the CLI: --node-cores/--node-memory as size reads them; a local log or a bad size is one line, exit 2", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, "advise", ...args], { encoding: "utf8" });
    const ok = run(TAXI, "--node-cores", "4", "--node-memory", "4g", "--json");
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).notes.some((n: string) => n.includes("would not be scheduled"))).toBe(true);
    const local = run(fixture("local-1642039451826"), "--node-cores", "2", "--node-memory", "8g");
    expect(local.status).toBe(2);
    expect(local.stderr).toMatch(
      /^sparkmem: --instance-type \/ --node-memory: describe YARN or Kubernetes nodes, not local's/,
    );
    const bad = run(TAXI, "--node-cores", "2", "--node-memory", "lots");
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'sparkmem: --node-memory: "lots" is not a size; expected a size such as 64g or 512m',
    );
  });
});
