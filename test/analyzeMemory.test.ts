import { describe, expect, it } from "vitest";
import { modelConf } from "../src/analyze/environment.js";
import { javaMajor } from "../src/analyze/logLayout.js";
import { memoryView } from "../src/analyze/memoryView.js";
import { analyzeFixture, FIXTURES } from "./support/fixtures.js";

describe("javaMajor", () => {
  it("reads the log's Java version", () => {
    expect(javaMajor("1.8.0_144 (Oracle Corporation)")).toBe(8);
    expect(javaMajor("17.0.15 (Debian)")).toBe(17);
    expect(javaMajor("11.0.20.1 (Eclipse Adoptium)")).toBe(11);
    expect(javaMajor(null)).toBeUndefined();
  });
});

describe("allocated against used, from a real YARN log", () => {
  const app = analyzeFixture("application_1553914137147_0018");
  const view = memoryView(
    app.application.sparkVersion,
    modelConf(app.environment),
    app.executors,
    app.application.endTimeMs,
    app.application.javaVersion,
  );
  it("the layout comes from the log's own Spark properties", () => {
    if ("unavailable" in view) throw new Error(view.unavailable);
    // spark.executor.memory=7g, spark.executor.memoryOverhead=1024 on YARN: 8192 MiB containers
    const e3 = view.executors.find((e) => e.id === "3");
    expect(e3?.heapAllocatedBytes).toBe(7 * 1024 ** 3);
    expect(e3?.containerBytes).toBe(8192 * 1024 ** 2);
    // the History Server's peakMemoryMetrics for executor 3
    expect(e3?.heapPeakBytes).toBe(759479480);
    expect(e3?.rssPeakBytes).toBe(964222976);
    // added 2019-04-08T20:39:55.362GMT, alive until the application ended at 1554756046454
    expect(e3?.lifetimeMs).toBe(1554756046454 - Date.UTC(2019, 3, 8, 20, 39, 55, 362));
    const waste = ((8192 * 1024 ** 2 - 964222976) / 1024 ** 3) * ((e3?.lifetimeMs as number) / 3_600_000);
    expect(e3?.wasteGibHours).toBeCloseTo(waste, 12);
    // the log's JVM is "1.8.0_144 (Oracle Corporation)": Java 8 picks Parallel on a server-class machine
    expect(e3?.gc).toBe("Parallel");
    // the History Server's totalGCTime 151 over totalDuration 31015 for executor 3
    expect(e3?.gcTimeShare).toBe(151 / 31015);
  });
  it("an older line is laid out as the nearest modelled one and says so; no version at all says why", () => {
    const old = analyzeFixture("app-20161116163331-0000");
    const v = memoryView(old.application.sparkVersion, modelConf(old.environment), old.executors, null);
    if ("unavailable" in v) throw new Error(v.unavailable);
    expect(v.layout.sparkVersion).toBe("2.4");
    expect(v.notes[0]).toBe(
      "Spark 2.1.0-SNAPSHOT is laid out as 2.4: the unified memory manager's rules and defaults are 2.4's since 2.0",
    );
    const none = memoryView(null, modelConf(old.environment), old.executors, null);
    expect(none).toEqual({ unavailable: expect.stringMatching(/^Spark version: is not in the log/) });
  });
});

describe("the report's environment and expected layout, from a real YARN log (3.0.0, Java 8)", async () => {
  const { analyzeSources } = await import("../src/analyze/report.js");
  const { sourcesOf } = await import("../src/cli/eventLogFiles.js");
  const path = new URL("spark-events/application_1553914137147_0018", FIXTURES).pathname;
  const r = await analyzeSources(sourcesOf({ label: path, files: [path], warnings: [] }));
  it("keeps the YARN allocation settings and the driver JVM of the log", () => {
    expect(r.environment.hadoopProperties).toMatchObject({
      "yarn.scheduler.minimum-allocation-mb": "1024",
      "yarn.scheduler.maximum-allocation-mb": "12288",
      "yarn.nodemanager.pmem-check-enabled": "true",
    });
    expect(r.environment.systemProperties["java.version"]).toBe("1.8.0_144");
    expect(r.environment.sparkProperties["spark.executor.memory"]).toBe("7g");
  });
  it("expects what the BlockManagers reported: unified memory = maxMemory of every JVM", () => {
    if ("unavailable" in r.memory) throw new Error(r.memory.unavailable);
    const { driver, executor } = r.memory.expected;
    expect(driver.unifiedBytes).toBe(r.executors.find((e) => e.id === "driver")?.maxMemory);
    for (const e of r.executors.filter((x) => x.id !== "driver"))
      expect(executor?.unifiedBytes).toBe(e.maxMemory);
    expect(executor).toMatchObject({ heapBytes: 7 * 1024 ** 3, containerAllocatedBytes: 8 * 1024 ** 3 });
  });
});

describe("the cluster's Hadoop settings feed the model", () => {
  // This cluster runs the FairScheduler (yarn.resourcemanager.scheduler.class) with a 512 MiB increment.
  const withHadoop = async (edit: (text: string) => string) => {
    const { readFileSync } = await import("node:fs");
    const { replay } = await import("./support/fixtures.js");
    const text = readFileSync(new URL("spark-events/application_1553914137147_0018", FIXTURES), "utf8");
    const app = replay(edit(text));
    const v = memoryView("3.0.0", modelConf(app.environment), app.executors, null, "1.8.0_144");
    if ("unavailable" in v) throw new Error(v.unavailable);
    return v.layout.executor?.containerAllocatedBytes;
  };
  it("YARN rounds the container to the log's own FairScheduler increment", async () => {
    // 7168 + 1024 MiB asked: a multiple of 512 already
    expect(await withHadoop((t) => t)).toBe(8192 * 1024 ** 2);
    const inc = (t: string) =>
      t.replace(
        '"yarn.scheduler.increment-allocation-mb":"512"',
        '"yarn.scheduler.increment-allocation-mb":"3000"',
      );
    // rounded up to 3 × 3000 MiB
    expect(await withHadoop(inc)).toBe(9000 * 1024 ** 2);
  });
  it("and to yarn.scheduler.minimum-allocation-mb under the CapacityScheduler", async () => {
    const capacity = (t: string) =>
      t
        .replace(".scheduler.fair.FairScheduler", ".scheduler.capacity.CapacityScheduler")
        .replace(
          '"yarn.scheduler.minimum-allocation-mb":"1024"',
          '"yarn.scheduler.minimum-allocation-mb":"3000"',
        );
    expect(await withHadoop(capacity)).toBe(9000 * 1024 ** 2);
    // the FairScheduler keeps its 512 MiB increment above a 3000 MiB minimum: max(8192, 3000) → 8192
    const min = (t: string) =>
      t.replace(
        '"yarn.scheduler.minimum-allocation-mb":"1024"',
        '"yarn.scheduler.minimum-allocation-mb":"3000"',
      );
    expect(await withHadoop(min)).toBe(8192 * 1024 ** 2);
  });
});
