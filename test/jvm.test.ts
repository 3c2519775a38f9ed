import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chooseGc, type GcName, g1RegionSize, runtimeMaxMemory } from "../src/model/jvm.js";
import { MiB } from "./helpers.js";

/** MemTotal of the machine the measurements were taken on (24684092 kB): Parallel's default -Xms is 1/64 of it. */
const MEASURED_ON_PHYS = 24684092 * 1024;

function rows(file: string) {
  const text = readFileSync(new URL(`../scripts/jvm/${file}`, import.meta.url), "utf8");
  return text
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","))
    .filter((c) => c[4] !== "ERROR")
    .map((c) => ({
      java: Number((c[0] as string).split(".")[0]),
      gc: c[1] as GcName,
      xmxArg: c[2] as string,
      xmx: Number(c[3]),
      max: Number(c[4]),
      xms: c[5]?.startsWith("xms=") ? Number(c[5].slice(4)) : null,
    }));
}

describe("Runtime.maxMemory matches every point measured on real JVMs (scripts/jvm)", () => {
  for (const file of [
    "measurements-jdk17.csv",
    "measurements-jdk25.csv",
    "measurements-xms-jdk17.csv",
    "measurements-xms-jdk25.csv",
  ]) {
    it(file, () => {
      const all = rows(file);
      expect(all.length).toBeGreaterThan(500);
      const wrong = all.filter(
        (r) =>
          runtimeMaxMemory(r.xmx, r.gc, r.java, { xms: r.xms, physicalMemoryBytes: MEASURED_ON_PHYS }) !==
          r.max,
      );
      expect(wrong.map((r) => `${r.gc} -Xmx${r.xmxArg}${r.xms ? ` -Xms${r.xms}` : ""}: ${r.max}`)).toEqual(
        [],
      );
    });
  }

  it("spec §3 table (Java 17, no -Xms)", () => {
    expect(runtimeMaxMemory(30 * 1024 * MiB, "Parallel", 17)).toBe(28633464832);
    expect(runtimeMaxMemory(120 * 1024 * MiB, "Serial", 17)).toBe(124554051584);
    expect(runtimeMaxMemory(512 * MiB, "G1", 17)).toBe(536870912);
    expect(runtimeMaxMemory(1001 * MiB, "G1", 17)).toBe(1002 * MiB);
    expect(runtimeMaxMemory(4097 * MiB, "G1", 17)).toBe(4100 * MiB);
    expect(runtimeMaxMemory(33000 * MiB, "G1", 17)).toBe(33024 * MiB);
    expect(g1RegionSize(120 * 1024 * MiB)).toBe(32 * MiB);
  });
});

describe("default collector (measured with scripts/jvm/gc-selection.sh)", () => {
  const ctx = { javaOptions: null, activeProcessors: 8, physicalMemoryBytes: 64 * 1024 * MiB };
  it("Java 8 picks Parallel, Java 9+ G1 on a server-class machine", () => {
    expect(chooseGc({ ...ctx, javaVersion: 8 }).gc).toBe("Parallel");
    expect(chooseGc({ ...ctx, javaVersion: 17 }).gc).toBe("G1");
  });
  it("one CPU or less than 1792 MiB gives Serial", () => {
    expect(chooseGc({ ...ctx, javaVersion: 17, activeProcessors: 1 }).gc).toBe("Serial");
    expect(chooseGc({ ...ctx, javaVersion: 17, physicalMemoryBytes: 1792 * MiB - 1 }).gc).toBe("Serial");
    expect(chooseGc({ ...ctx, javaVersion: 17, physicalMemoryBytes: 1792 * MiB }).gc).toBe("G1");
    expect(chooseGc({ ...ctx, javaVersion: 8, activeProcessors: 1 }).gc).toBe("Serial");
    expect(chooseGc({ ...ctx, javaVersion: 17, javaOptions: "-XX:ActiveProcessorCount=1" }).gc).toBe(
      "Serial",
    );
  });
  it("an explicit flag wins, the last one when there are several", () => {
    expect(chooseGc({ ...ctx, javaVersion: 17, javaOptions: "-XX:+UseParallelGC" }).gc).toBe("Parallel");
    expect(chooseGc({ ...ctx, javaVersion: 8, javaOptions: "-XX:+UseParallelGC -XX:+UseG1GC" }).gc).toBe(
      "G1",
    );
    expect(chooseGc({ ...ctx, javaVersion: 17, activeProcessors: 1, javaOptions: "-XX:+UseG1GC" }).gc).toBe(
      "G1",
    );
  });
});
