import { describe, expect, it } from "vitest";
import { layoutOf, MiB } from "./helpers.js";

/**
 * The client-mode YARN AM (ExecutorLauncher), Client.scala: amMemoryOverhead =
 * spark.yarn.am.memoryOverhead getOrElse max((0.1 × amMemory).toLong, 384). The 384 MiB floor hides the
 * truncation below 3840 MiB, so these sit just above it.
 */
const am = (conf: Record<string, string>, sparkVersion = "3.5.1") => {
  const l = layoutOf({ sparkVersion, master: "yarn", deployMode: "client", conf });
  if (!l.am) throw new Error("no AM in a client-mode YARN layout");
  return l.am;
};

describe("client-mode YARN AM", () => {
  it.each([
    ["3840m", 384],
    ["3849m", 384], // 384.9 truncated, not rounded
    ["3850m", 385],
    ["4000m", 400],
    ["1g", 384],
  ])("spark.yarn.am.memory=%s: overhead %i MiB", (memory, overheadMiB) => {
    for (const v of ["2.4.8", "3.5.1", "4.0.1"]) {
      const a = am({ "spark.yarn.am.memory": memory }, v);
      expect(a.overheadBytes).toBe(overheadMiB * MiB);
      expect(a.containerBytes).toBe(a.heapBytes + overheadMiB * MiB);
    }
  });
  it("spark.yarn.am.memoryOverhead replaces the formula; spark.yarn.am.cores sizes it", () => {
    const a = am({
      "spark.yarn.am.memory": "4000m",
      "spark.yarn.am.memoryOverhead": "100m",
      "spark.yarn.am.cores": "3",
    });
    expect(a.overheadBytes).toBe(100 * MiB);
    expect(a.heapBytes).toBe(4000 * MiB);
    expect(a.cores).toBe(3);
  });
  it("YARN grants the AM's request rounded up to the 1024 MiB minimum allocation", () => {
    const a = am({ "spark.yarn.am.memory": "3850m" });
    expect(a.containerBytes).toBe((3850 + 385) * MiB);
    expect(a.containerAllocatedBytes).toBe(5120 * MiB);
  });
  it("cluster mode has no separate AM: the driver runs in it", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      deployMode: "cluster",
      conf: { "spark.yarn.am.memory": "4000m" },
    });
    expect(l.am).toBeNull();
  });
});
