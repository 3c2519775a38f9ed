import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSparkSubmitArgs } from "../src/conf/sources/sparkSubmit.js";
import { flagApplies, SUBMIT_FLAGS, submitFlag } from "../src/conf/sources/submitFlags.js";
import type { Finding } from "../src/lint/index.js";
import { sparkSubmitFlags } from "../src/size/snippets.js";

const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), "sparkmem-flags-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** The table's options that set one key, each with two values of that key's kind. */
const KEYED = SUBMIT_FLAGS.filter((f) => f.key !== null);
const VALUES: Record<string, [string, string]> = {
  size: ["1g", "2g"],
  n: ["1", "2"],
  url: ["local[1]", "local[2]"],
  mode: ["client", "cluster"],
  options: ["-Da=1", "-Da=2"],
  name: ["a", "b"],
};

describe("one table of spark-submit's configuration options", () => {
  it("the parser maps every option with a key to that key, named by the option", () => {
    for (const f of KEYED) {
      const a = parseSparkSubmitArgs([f.flag, "v"]);
      expect(a.flagEntries, f.flag).toEqual([
        { key: f.key, value: "v", origin: { kind: "submit-flag", flag: `${f.flag} v` } },
      ]);
    }
    expect(parseSparkSubmitArgs(["-c", "spark.a=1"]).confEntries[0]?.key).toBe("spark.a");
    expect(parseSparkSubmitArgs(["--properties-file", "p.conf"]).propertiesFile).toBe("p.conf");
    expect(submitFlag("-c")?.flag).toBe("--conf");
    for (const f of KEYED) expect(VALUES[f.takes], f.flag).toBeDefined();
  });

  it("explain, lint and diagnose offer every option of the table, with the key it sets", () => {
    for (const command of ["explain", "lint", "diagnose"]) {
      const help = run(command, "--help").out.replace(/\s+/g, " ");
      for (const f of SUBMIT_FLAGS) {
        expect(help, `${command} ${f.flag}`).toContain(
          `${f.short ? `${f.short}, ` : ""}${f.flag} <${f.takes}>`,
        );
        if (f.key) expect(help, `${command} ${f.flag}`).toContain(`(${f.key})`);
      }
    }
  });

  it("lint: each option sets its key above a config file, named as the source that wins", () => {
    const settings = KEYED.filter((f) => f.flag !== "--master" && f.flag !== "--deploy-mode");
    const conf = file(
      "below.conf",
      settings.map((f) => `${f.key} ${(VALUES[f.takes] as [string, string])[0]}`).join("\n"),
    );
    const args = settings.flatMap((f) => [f.flag, (VALUES[f.takes] as [string, string])[1]]);
    const r = run("lint", conf, ...args, "--json");
    expect(r.err).toBe("");
    const overridden = (JSON.parse(r.out) as { findings: Finding[] }).findings.filter(
      (x) => x.ruleId === "overridden-setting",
    );
    for (const f of settings) {
      const [old, now] = VALUES[f.takes] as [string, string];
      expect(overridden.find((x) => x.key === f.key)?.message, f.flag).toBe(
        `${f.key}=${old} is overridden by ${now} from ${f.flag} ${now}`,
      );
    }
  });

  it("explain: --conf-file < --properties-file < --conf < the dedicated flag, and a pasted command below them all", () => {
    const heap = (...args: string[]) => {
      const r = run("explain", "--json", "--master", "yarn", ...args);
      expect(r.err).toBe("");
      return (JSON.parse(r.out) as { executor: { heapBytes: number } }).executor.heapBytes / 2 ** 30;
    };
    const confFile = file("c.conf", "spark.executor.memory 1g\n");
    const props = file("p.conf", "spark.executor.memory 2g\n");
    const pasted = [
      "--",
      "spark-submit",
      "--executor-memory",
      "6g",
      "--conf",
      "spark.executor.memory=7g",
      "a.jar",
    ];
    expect(heap("--conf-file", confFile)).toBe(1);
    expect(heap("--conf-file", confFile, "--properties-file", props)).toBe(2);
    expect(heap("--properties-file", props, "--conf", "spark.executor.memory=3g")).toBe(3);
    expect(heap("--conf", "spark.executor.memory=3g", "--executor-memory", "4g")).toBe(4);
    // the pasted command's own order: its --executor-memory over its --conf
    expect(heap(...pasted)).toBe(6);
    // the command's own options, even its --conf, over a pasted command's flags
    expect(heap("--conf", "spark.executor.memory=3g", ...pasted)).toBe(3);
    expect(heap("--conf-file", confFile, ...pasted)).toBe(6);
    // --example lowest: its settings and its master yield to what is given
    const seed = run("explain", "--json", "--example", "seed", "--conf", "spark.master=local[2]");
    expect((JSON.parse(seed.out) as { clusterManager: string }).clusterManager).toBe("local");
  });

  it("size's spark-submit snippet uses an option only where spark-submit passes it on", () => {
    const x = { sparkVersion: "3.5.1", appType: "jvm" } as const;
    const conf = { "spark.executor.instances": "4", "spark.driver.cores": "2", "spark.cores.max": "8" };
    const client = sparkSubmitFlags(conf, { ...x, manager: "yarn", deployMode: "client" });
    expect(client).toContain("--num-executors 4");
    // --driver-cores only in cluster mode, --total-executor-cores never on YARN (OptionAssigner)
    expect(client).toContain("--conf spark.driver.cores=2");
    expect(client).toContain("--conf spark.cores.max=8");
    const cluster = sparkSubmitFlags(conf, { ...x, manager: "kubernetes", deployMode: "cluster" });
    expect(cluster).toContain("--driver-cores 2");
    expect(cluster).toContain("--total-executor-cores 8");
    expect(flagApplies(submitFlag("--queue") as never, "kubernetes", "client")).toBe(false);
  });
});
