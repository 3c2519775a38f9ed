import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Cause } from "../src/diagnose/index.js";
import { type Report, scoreReport } from "../tools/corpus/score.js";

/**
 * Each class of issue 15 on real reports from the corpus (test/data/diagnose-corpus/: the error as the user
 * posted it, the settings and version the thread states): the process, the cause, and the change it gets.
 */
const DIR = join(import.meta.dirname, "data", "diagnose-corpus");
const REPORTS = new Map<string, Report>(
  readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => JSON.parse(readFileSync(join(DIR, f), "utf8")) as Report[])
    .map((r) => [r.id, r]),
);

function top(id: string): { cause: Cause; notes: string[] } {
  const r = REPORTS.get(id);
  if (!r) throw new Error(`${id} is not in the corpus`);
  const s = scoreReport(r);
  return { cause: s.result?.causes[0] as Cause, notes: s.result?.notes ?? [] };
}
const changes = (c: { changes: Cause["changes"] }) => c.changes.map((x) => [x.key, x.from, x.to]);

describe("the process that failed, from the text's own evidence", () => {
  it("local mode: an 'Executor task launch worker' thread's heap is the driver's (spark.driver.memory)", () => {
    const { cause } = top("gh-undeadpixel-reinvent-scaffold-decorator-4");
    expect([cause.id, cause.process]).toEqual(["heap-oom", "driver"]);
    expect(changes(cause)).toEqual([["spark.driver.memory", null, "2g"]]);
  });
  it("a listener group's OOM on the driver is the UI's state: a tenth of the retention, the heap the alternative", () => {
    const { cause } = top("gh-AbsaOSS-hyperdrive-231");
    expect([cause.id, cause.process]).toEqual(["heap-oom", "driver"]);
    expect(changes(cause).map(([k, , to]) => [k, to])).toEqual([
      ["spark.ui.retainedJobs", "100"],
      ["spark.ui.retainedStages", "100"],
      ["spark.ui.retainedTasks", "10000"],
      ["spark.sql.ui.retainedExecutions", "100"],
    ]);
    expect(cause.alternatives?.map(changes)).toEqual([[["spark.driver.memory", null, "2g"]]]);
  });
  it("Py4J's 'Answer from Java side is empty': the notebook's driver JVM was killed", () => {
    expect([
      top("gh-DataBiosphere-leonardo-4034").cause.id,
      top("gh-DataBiosphere-leonardo-4034").cause.process,
    ]).toEqual(["os-oom-kill", "driver"]);
  });
  it("Dataproc's 'Driver received SIGTERM/SIGKILL signal and exited with 137 code': the driver, by the OS", () => {
    const { cause } = top("gh-mozilla-telemetry-airflow-2152");
    expect([cause.id, cause.process, cause.figures.exitCode]).toEqual(["os-oom-kill", "driver", 137]);
  });
});

describe("versions outside 2.4–4.3 are read, with a note", () => {
  it("1.6, the typo'd 'OutofMemoryError', local mode: the driver's heap from Spark's defaults", () => {
    const { cause, notes } = top("gh-intel-ipex-llm-455");
    expect(notes).toEqual([
      "Spark 1.6 is laid out as 2.4: the unified memory manager as 1.6 had it, with spark.memory.fraction 0.75",
    ]);
    expect([cause.id, cause.process, changes(cause)]).toEqual([
      "heap-oom",
      "driver",
      [["spark.driver.memory", null, "2g"]],
    ]);
    expect(cause.nextChecks.at(-1)).toMatch(
      /^No settings were given: the values are computed from Spark's defaults \(Spark 2\.4/,
    );
  });
  it("a vendor build (2.2.0.cloudera1) on a sandbox whose YARN maximum is 1024 MiB: raise the maximum first", () => {
    const { cause, notes } = top("gh-takabow-cdsw-demo-env-7");
    expect(notes[0]).toMatch(/^Spark 2\.2\.0\.cloudera1 is laid out as 2\.4/);
    expect(changes(cause)).toEqual([["yarn.scheduler.maximum-allocation-mb", "1024", "2048"]]);
    // fitting Spark's default executor under it would leave a 640 MiB heap: only the alternative
    expect(cause.alternatives?.map(changes)).toEqual([[["spark.executor.memory", null, "640m"]]]);
  });
});

describe("concrete values, through the model", () => {
  it("a 100G heap with a 100G overhead above a 52224 MB maximum: both shrink together to 25g", () => {
    const { cause } = top("gh-Open-EO-openeo-geopyspark-driver-203");
    expect(changes(cause)).toEqual([
      ["spark.executor.memory", "100G", "25g"],
      ["spark.executor.memoryOverhead", "100G", "25g"],
    ]);
    expect(cause.figures.recommendedContainerBytes).toBe(50 * 1024 ** 3);
  });
  it("a 32-bit JVM that cannot reserve 2 GiB (sparklyr on Windows): a heap it can, 1g", () => {
    expect(changes(top("gh-sparklyr-sparklyr-1931").cause)).toEqual([["spark.driver.memory", null, "1g"]]);
  });
});

describe("causes that were missing or misread", () => {
  it("an executor's silence: heartbeat and network timeouts, the timeout raised and the heartbeat inside it", () => {
    const { cause } = top("gh-openaire-iis-806");
    expect([cause.id, cause.figures.silentMs]).toEqual(["heartbeat-timeout", 125908]);
    expect(changes(cause)).toEqual([
      ["spark.network.timeout", null, "600s"],
      ["spark.executor.heartbeatInterval", null, "60s"],
    ]);
  });
  it("Netty's direct memory below spark.network.maxRemoteBlockSizeFetchToMem (3.2+): the setting back to its default", () => {
    const { cause } = top("gh-cdapio-cdap-15274");
    expect(cause.id).toBe("invalid-memory-settings");
    expect(changes(cause)).toEqual([["spark.network.maxRemoteBlockSizeFetchToMem", "2147483135", null]]);
  });
  it("a kernel kill of a pod's java on Kubernetes is the pod's limit (k8s-oomkilled), not the node's OOM killer", () => {
    expect(top("gh-apache-spark-on-k8s-spark-467").cause.id).toBe("k8s-oomkilled");
  });
});
