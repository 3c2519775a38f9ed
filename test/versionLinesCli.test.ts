import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/lint/index.js";
import type { Layout } from "../src/model/types.js";
import { FIXTURES } from "./support/fixtures.js";

/** explain, lint and size read a version outside the modelled lines as the nearest line, and say so. */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const MiB = 1024 ** 2;
/** Runtime.maxMemory of -Xmx4g on Java 8's Parallel collector (2.4's default Java), as the model has it. */
const SYSTEM_4G_JAVA8 = 3817865216;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const explainJson = (v: string, ...more: string[]) => {
  const r = cli([
    "explain",
    "--json",
    "--master",
    "yarn",
    "--executor-memory",
    "4g",
    "--spark-version",
    v,
    ...more,
  ]);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Layout;
};

describe("explain lays out any readable version as its nearest modelled line", () => {
  it("2.2: 2.4's layout exactly, with a warning naming the line", () => {
    const l = explainJson("2.2.0");
    const { warnings, ...rest } = l;
    const { warnings: w24, ...asIs } = explainJson("2.4.8");
    expect(rest).toEqual({ ...asIs, sparkVersion: rest.sparkVersion });
    expect(w24.some((w) => w.code === "version-laid-out-as")).toBe(false);
    expect(warnings[0]).toEqual({
      code: "version-laid-out-as",
      message:
        "Spark 2.2.0 is laid out as 2.4: the unified memory manager's rules and defaults are 2.4's since 2.0",
    });
    expect(l.executor?.unifiedBytes).toBe(Math.floor((SYSTEM_4G_JAVA8 - 300 * MiB) * 0.6));
  });

  it("1.6: spark.memory.fraction 0.75 unless the settings state one; before 1.6 the static manager", () => {
    expect(explainJson("1.6.1").executor?.unifiedBytes).toBe((SYSTEM_4G_JAVA8 - 300 * MiB) * 0.75);
    const stated = explainJson("1.6.1", "--conf", "spark.memory.fraction=0.5").executor;
    expect(stated?.unifiedBytes).toBe((SYSTEM_4G_JAVA8 - 300 * MiB) * 0.5);
    const old = explainJson("1.5.2");
    expect(old.executor?.memoryManager).toBe("static");
    expect(old.warnings[0]?.message).toMatch(/^Spark 1\.5\.2 is laid out as 2\.4: the static memory manager/);
  });

  it("a line newer than 4.3 and a Databricks runtime; text naming no version is still refused", () => {
    expect(explainJson("4.5.0").warnings[0]?.message).toMatch(/^Spark 4\.5\.0 is laid out as 4\.3/);
    expect(explainJson("Databricks Runtime 14.3").sparkVersion).toBe("3.5.0");
    const bad = cli(["explain", "--spark-version", "latest"]);
    expect([bad.code, bad.err]).toEqual([
      2,
      'sparkmem: --spark-version: "latest" is not a Spark version; expected a version such as 3.5.1 (supported: 2.4, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5, 4.0, 4.1, 4.2, 4.3)\n',
    ]);
  });
});

describe("lint and size", () => {
  const lint = (...args: string[]) => {
    const r = cli(["lint", "--json", ...args]);
    return {
      code: r.code,
      err: r.err,
      ...(JSON.parse(r.out || "{}") as { findings?: Finding[]; notes?: string[] }),
    };
  };

  it("a Spark 2.1 event log is checked as 2.4 reads it, with the note (it was refused before)", () => {
    const old = new URL("spark-events/app-20161115172038-0000", FIXTURES).pathname;
    const r = lint(old);
    expect(r.err).toBe("");
    expect(r.notes).toEqual([
      "Spark 2.1.0 is laid out as 2.4: the unified memory manager's rules and defaults are 2.4's since 2.0",
    ]);
    expect(lint("--spark-version", "2.4", old).notes).toEqual([]);
  });

  it("spark.yarn.executor.memoryOverhead is the only name 2.2 reads: not deprecated there, deprecated on 2.4", () => {
    const conf = ["--master", "yarn", "--conf", "spark.yarn.executor.memoryOverhead=1024"];
    const deprecated = (v: string) =>
      (lint("--spark-version", v, ...conf).findings ?? [])
        .filter((f) => f.ruleId === "deprecated-key")
        .map((f) => f.key);
    expect(deprecated("2.2.0")).toEqual([]);
    expect(deprecated("2.4.8")).toEqual(["spark.yarn.executor.memoryOverhead"]);
  });

  it("1.6's fraction is sparkmem's, not the user's: no finding names it", () => {
    const r = lint("--spark-version", "1.6.3", "--master", "yarn", "--executor-memory", "4g");
    expect(r.code, r.err).toBe(0);
    expect((r.findings ?? []).filter((f) => f.key === "spark.memory.fraction")).toEqual([]);
  });

  it("size on 2.3 sizes as 2.4 and says so first among its notes, in JSON and text", () => {
    const nodes = ["--nodes", "2", "--node-cores", "16", "--node-memory", "64g"];
    const sized = (...args: string[]) => {
      const j = cli(["size", "--json", ...nodes, ...args]);
      expect(j.code, j.err).toBe(0);
      return JSON.parse(j.out) as { notes: string[]; cluster: { sparkVersion: string } };
    };
    const old = sized("--spark-version", "2.3.1");
    const line = sized("--spark-version", "2.4");
    expect(old.notes).toEqual([
      "Spark 2.3.1 is laid out as 2.4: the unified memory manager's rules and defaults are 2.4's since 2.0",
      ...line.notes,
    ]);
    expect(old.cluster.sparkVersion).toBe("2.4");
    expect(cli(["size", ...nodes, "--spark-version", "2.3.1"]).out).toContain(
      "  - Spark 2.3.1 is laid out as 2.4",
    );
  });
});
