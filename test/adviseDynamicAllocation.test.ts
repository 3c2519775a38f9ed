import { beforeAll, describe, expect, it } from "vitest";
import { advise } from "../src/advise/index.js";
import type { AnalyzeReport } from "../src/analyze/index.js";
import { analyzeLog, FIXTURES } from "./support/fixtures.js";

/**
 * Dynamic allocation's start on a real YARN log (Spark 3.1.1, spark-shell): spark.executor.instances=10 beside
 * initialExecutors=3 makes Spark start max(1, 3, 10) = 10 executors; one stage of 4 tasks ran on 4 of them, the
 * other 6 ran nothing and were held about 150 s each until executorIdleTimeout=150 released them.
 */
const LOG = new URL("spark-events/application_1628109047826_1317105", FIXTURES).pathname;

let log: AnalyzeReport;
beforeAll(async () => {
  log = await analyzeLog(LOG);
});

/** The same log as if it had run with these Spark properties instead. */
function withProps(r: AnalyzeReport, props: Record<string, string | null>): AnalyzeReport {
  const sparkProperties = { ...r.environment.sparkProperties };
  for (const [k, v] of Object.entries(props)) {
    if (v === null) delete sparkProperties[k];
    else sparkProperties[k] = v;
  }
  return { ...r, environment: { ...r.environment, sparkProperties } };
}

const changed = (r: ReturnType<typeof advise>, prefix: string) =>
  Object.fromEntries(r.changes.filter((c) => c.key.startsWith(prefix)).map((c) => [c.key, c.to]));

describe("advise: dynamic allocation's start", () => {
  it("drops spark.executor.instances and starts the 4 executors that ran tasks", () => {
    const r = advise([log]);
    expect({ ...changed(r, "spark.executor.instances"), ...changed(r, "spark.dynamicAllocation") }).toEqual({
      "spark.executor.instances": null,
      "spark.dynamicAllocation.initialExecutors": "4",
    });
    expect(r.current.executor?.count).toBe(10);
    expect(r.advised.executor?.count).toBe(4);
    const c = r.changes.find((x) => x.key === "spark.executor.instances");
    const counts = Object.fromEntries(
      (c?.evidence ?? []).map((e) => [e.metric, "count" in e ? e.count : null]),
    );
    // executors 1, 2, 3, 4, 6 and 9: removed 152.2, 152.7, 153.7, 153.7, 152.7 and 150.7 s after they were added
    expect(counts).toEqual({
      "executors at start": 10,
      "executors at start that ran no task": 6,
      "seconds those executors were held": 916,
    });
    expect(c?.why).toContain("executorIdleTimeout (150s)");
  });

  it("lowers initialExecutors alone when it is what started them", () => {
    const r = advise([
      withProps(log, { "spark.executor.instances": null, "spark.dynamicAllocation.initialExecutors": "10" }),
    ]);
    expect(changed(r, "spark.dynamicAllocation")).toEqual({
      "spark.dynamicAllocation.initialExecutors": "4",
    });
    expect(r.advised.executor?.count).toBe(4);
  });

  it("lowers minExecutors too when it holds more than the job used", () => {
    const r = advise([
      withProps(log, {
        "spark.executor.instances": null,
        "spark.dynamicAllocation.minExecutors": "10",
        "spark.dynamicAllocation.initialExecutors": null,
      }),
    ]);
    expect(changed(r, "spark.dynamicAllocation")).toEqual({
      "spark.dynamicAllocation.minExecutors": "4",
      "spark.dynamicAllocation.initialExecutors": "4",
    });
  });

  it("changes nothing where every executor of the start ran tasks, or allocation is static", () => {
    const busy = {
      ...log,
      executors: log.executors.map((e) => ({ ...e, totalTasks: Math.max(1, e.totalTasks) })),
    };
    const allRan = advise([busy]);
    expect(changed(allRan, "spark.dynamicAllocation")).toEqual({});
    expect(changed(allRan, "spark.executor.instances")).toEqual({});
    const fixed = advise([withProps(log, { "spark.dynamicAllocation.enabled": "false" })]);
    expect(changed(fixed, "spark.dynamicAllocation")).toEqual({});
  });
});
