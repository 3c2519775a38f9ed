import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/analyze/index.js";
import { resolveInputs, sourcesOf } from "../src/cli/eventLogFiles.js";
import { SHARED } from "./support/shared.js";

/**
 * The layout analyze (and advise) start from is explain on the log's own settings. Where it is right, its unified
 * memory is, to the byte, the maximum every block manager of the log reported (BlockManagerAdded's maxMemory =
 * UnifiedMemoryManager's maxOnHeapStorageMemory at start). Every fixture log is one of three: equal for every
 * block manager, a known difference, or no layout yet — the lists below say which, so a change either way shows.
 */
const ROOT = new URL("fixtures/spark-events/", SHARED).pathname;

function logs(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return n.startsWith("eventlog_v2_") || statSync(p).isFile() ? [p] : logs(p);
  });
}

/**
 * Equal for every block manager (local[*] takes its cores from the driver's entry in the log). Two of them only
 * once the maximum revealed the driver's machine: a Kubernetes client-mode driver and an EMR cluster-mode driver
 * with one core, both below server class, so Serial (machineRevealed). Five are older lines laid out as 2.4
 * (modelledVersion: 2.1, 2.3 and 2.5.0-SNAPSHOT, the unified manager's rules unchanged since 2.0).
 */
const EQUAL = [
  "app-20161115172038-0000",
  "app-20180109111548-0000",
  "application_1516285256255_0012",
  "application_1553914137147_0018",
  "application_1555004656427_0144",
  "application_1628109047826_1317105",
  "local-1642039451826",
  "other/mcp-apache-spark-history-server/eventlog_v2_spark-110be3a8424d4a2789cb88134418217b",
  "other/mcp-apache-spark-history-server/eventlog_v2_spark-bcec39f6201b42b9925124595baad260",
  "other/mcp-apache-spark-history-server/local-1776286786993.zstd",
  "other/spark-rapids-tools/nds_q72_dataproc_2_2.zstd",
  "removed-in-3.0-dev/application_1538416563558_0014",
];
/**
 * Java 8 Parallel-GC JVMs whose maximum no modelled machine gives (the collector sizes its generations from the
 * machine's memory and CPUs, which the log does not record), and a 2.1 standalone app whose every block manager
 * reports a heap of about 1.7 GiB where its settings say 1g (an input the log does not hold): each gets a note
 * naming the process instead.
 */
const DIFFERENT: Record<string, string[]> = {
  "app-20161116163331-0000": ["driver", "executor"],
  "other/spark-rapids-tools/multiple_attempts/attempt_1_eventlog.zstd": ["executor"],
  "removed-in-3.0-dev/application_1506645932520_24630151": ["driver"],
  "removed-in-3.0-dev/application_1536831636016_59384_1": ["driver"],
};

/**
 * No layout, with a one-line reason naming the input: no Spark version in the log (logs of early 2015 without a
 * SparkListenerLogStart), local[*] without the driver's cores (1.4), a redacted master, no master.
 */
const NONE = [
  "app-20200706201101-0003",
  "application_1578436911597_0052",
  "local-1422981759269",
  "local-1422981780767",
  "local-1425081759269",
  "local-1426533911241",
  "local-1426633911242",
  "local-1430917381534",
  "local-1430917381535_1",
  "local-1430917381535_2",
];

describe("the layout a log ran with, against its block managers' maxima", () => {
  it("every fixture log: equal for each block manager, a known difference, or no layout yet", async () => {
    const equal: string[] = [];
    const different: Record<string, string[]> = {};
    const none: string[] = [];
    for (const path of logs(ROOT)) {
      const name = path.slice(ROOT.length);
      const app = resolveInputs([path])[0];
      if (!app) throw new Error(name);
      const r = await analyze(sourcesOf(app));
      if ("unavailable" in r.memory) {
        // the one line names the input that keeps the log from a layout
        expect(r.memory.unavailable, name).toMatch(/^(Spark version|spark\.master): /);
        none.push(name);
        continue;
      }
      const { expected } = r.memory;
      const off = new Set<string>();
      for (const e of r.executors) {
        const own =
          expected.profiles.find((p) => p.id === e.resourceProfileId)?.executor ?? expected.executor;
        const p = e.id === "driver" ? expected.driver : (own ?? expected.driver);
        if (e.maxMemory !== p.unifiedBytes + p.offHeapBytes)
          off.add(e.id === "driver" ? "driver" : "executor");
      }
      // every difference is named by a note; where all are equal, no note says otherwise
      const differs = expected.notes
        .filter((n) => n.includes("differs"))
        .map((n) => n.split(":")[0] as string);
      expect(differs.sort(), name).toEqual([...off].sort());
      if (off.size === 0) equal.push(name);
      else different[name] = [...off].sort();
    }
    expect(equal.sort()).toEqual(EQUAL);
    expect(different).toEqual(DIFFERENT);
    expect(none.sort()).toEqual(NONE);
  }, 120_000);
});
