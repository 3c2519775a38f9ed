import { describe, expect, it } from "vitest";
import { bytesToString } from "../src/conf/bytesToString.js";
import { EXAMPLES } from "../src/model/examples.js";
import { explain } from "../src/model/explain.js";
import { executorOf, GiB, layoutOf, MiB } from "./helpers.js";

/** shared/docs/spark-memory-spec.md §12, recomputed with IEEE doubles. */
describe("spec worked example A: YARN, Spark 2.4.8, executor 30g, Java 8", () => {
  const e = executorOf({ sparkVersion: "2.4.8", master: "yarn", conf: { "spark.executor.memory": "30g" } });
  it("container 30720 + 3072 = 33792 MiB, -Xmx30720m", () => {
    expect(e.overheadBytes).toBe(3072 * MiB);
    expect(e.containerBytes).toBe(33792 * MiB);
    expect(e.containerAllocatedBytes).toBe(33792 * MiB);
    expect(e.jvm.xmx).toBe("-Xmx30720m");
    expect(e.jvm.gc).toBe("Parallel");
  });
  it("regions to the byte", () => {
    expect(e.systemMemoryBytes).toBe(28633464832);
    expect(e.usableBytes).toBe(28318892032);
    expect(e.unifiedBytes).toBe(16991335219);
    expect(e.storageRegionBytes).toBe(8495667609);
    expect(e.executionRegionBytes).toBe(8495667610);
    expect(e.userBytes).toBe(11327556813);
    expect(e.reservedBytes).toBe(314572800);
    expect(e.uiStorageBytes).toBe(16991335219);
    expect(bytesToString(e.uiStorageBytes, true)).toBe("15.8 GB");
  });
});

describe("spec worked example B: Kubernetes, Spark 3.1, executor 120g, Java 11", () => {
  const e = executorOf({
    sparkVersion: "3.1.1",
    master: "k8s://https://k8s",
    javaVersion: 11,
    conf: { "spark.executor.memory": "120g", "spark.kubernetes.memoryOverheadFactor": "0.1" },
  });
  it("pod request = limit = 135168Mi, cpu 1", () => {
    expect(e.overheadBytes).toBe(12288 * MiB);
    expect(e.pod).toEqual({
      memoryRequest: "135168Mi",
      memoryLimit: "135168Mi",
      cpuRequest: "1",
      cpuLimit: null,
    });
    expect(e.containerBytes).toBe(135168 * MiB);
  });
  it("G1 heap to the byte", () => {
    expect(e.jvm.gc).toBe("G1");
    expect(e.systemMemoryBytes).toBe(128849018880);
    expect(e.unifiedBytes).toBe(77120667648);
    expect(e.storageRegionBytes).toBe(38560333824);
    expect(e.executionRegionBytes).toBe(38560333824);
    expect(e.userBytes).toBe(51413778432);
    expect(bytesToString(e.uiStorageBytes)).toBe("71.8 GiB");
  });
  it("a cluster-mode PySpark app gets the 0.4 factor when none is set", () => {
    const py = executorOf({
      sparkVersion: "3.1.1",
      master: "k8s://https://k8s",
      deployMode: "cluster",
      appType: "python",
      conf: { "spark.executor.memory": "120g" },
    });
    expect(py.overheadBytes).toBe(49152 * MiB);
    expect(py.pod?.memoryLimit).toBe("172032Mi");
  });
});

describe("spec worked example C: local, Spark 3.5, default 1g driver", () => {
  it("Java 17 (G1)", () => {
    const d = layoutOf({ sparkVersion: "3.5.0", master: "local[*]" }).driver;
    expect(d.systemMemoryBytes).toBe(1073741824);
    expect(d.unifiedBytes).toBe(455501414);
    expect(d.storageRegionBytes).toBe(227750707);
    expect(d.executionRegionBytes).toBe(227750707);
    expect(d.userBytes).toBe(303667610);
    expect(bytesToString(d.uiStorageBytes)).toBe("434.4 MiB");
  });
  it("Java 8 (Parallel) and a one-CPU Java 17 container (Serial)", () => {
    expect(layoutOf({ sparkVersion: "3.5.0", master: "local[2]", javaVersion: 8 }).driver.unifiedBytes).toBe(
      384093388,
    );
    const serial = layoutOf({ sparkVersion: "3.5.0", master: "local", hostCores: 1 }).driver;
    expect(serial.jvm.gc).toBe("Serial");
    expect(serial.systemMemoryBytes).toBe(1037959168);
    expect(serial.unifiedBytes).toBe(434031820);
  });
});

describe("the seed case study (book chapter): Spark 2.4.8, YARN, 10 × 10 cores × 30g", () => {
  const layout = explain(EXAMPLES.seed?.input ?? {});
  const e = layout.executor;
  it("each executor container is 33 GiB: 30 GiB heap + 3 GiB overhead, as in the YARN kill message", () => {
    expect(e?.heapBytes).toBe(30 * GiB);
    expect(e?.overheadBytes).toBe(3 * GiB);
    expect(e?.containerBytes).toBe(33 * GiB);
    expect(e?.containerAllocatedBytes).toBe(33 * GiB);
    expect(e?.count).toBe(10);
    expect(e?.cores).toBe(10);
    expect(e?.taskSlots).toBe(10);
  });
  it("unified memory with spark.memory.fraction 0.8", () => {
    expect(e?.unifiedBytes).toBe(22655113625); // ⌊28318892032 × 0.8⌋
    expect(e?.storageRegionBytes).toBe(11327556812);
    expect(e?.executionRegionBytes).toBe(11327556813);
    expect(e?.perTaskExecutionMaxBytes).toBe(2265511362); // ⌊unified / 10⌋
    expect(e?.perTaskExecutionMinBytes).toBe(566377840); // ⌊execution region / 20⌋
    expect(layout.errors).toEqual([]);
  });
});
