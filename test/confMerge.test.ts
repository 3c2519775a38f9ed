import { describe, expect, it } from "vitest";
import { confFileSource, parseSparkConf } from "../src/conf/gather.js";
import { mergeLayers } from "../src/conf/merge.js";
import type { SourcedConf } from "../src/conf/sources/sourced.js";
import { parseSparkSubmitArgs, splitShellWords, submitSource } from "../src/conf/sources/sparkSubmit.js";
import type { ConfEntry } from "../src/conf/sparkConf.js";
import { explainInputFrom } from "../src/model/explain.js";

const command = (text: string, readFile?: (p: string) => string): SourcedConf =>
  submitSource(parseSparkSubmitArgs(splitShellWords(text)), readFile);
const value = (entries: ReadonlyMap<string, ConfEntry>, key: string) => entries.get(key)?.value;
const from = (entries: ReadonlyMap<string, ConfEntry>, key: string) => {
  const o = entries.get(key)?.origin;
  return o?.flag ?? `${o?.file}:${o?.line}`;
};

describe("the one merger: layers lowest first, every entry's origin kept", () => {
  it("spark-submit's order inside one command: --properties-file < --conf < dedicated flags", () => {
    const props = "spark.executor.memory 1g\nspark.executor.cores 1\nspark.driver.memory 1g\n";
    const m = mergeLayers([
      command(
        "spark-submit --executor-memory 3g --conf spark.executor.memory=2g --conf spark.executor.cores=2 --properties-file p.conf app.jar",
        () => props,
      ),
    ]);
    expect(value(m.conf.entries, "spark.executor.memory")).toBe("3g");
    expect(from(m.conf.entries, "spark.executor.memory")).toBe("--executor-memory 3g");
    expect(from(m.conf.entries, "spark.executor.cores")).toBe("--conf spark.executor.cores=2");
    expect(from(m.conf.entries, "spark.driver.memory")).toBe("p.conf:3");
    // every entry stays, lowest first, for lint's overridden-setting
    expect(m.entries.filter((e) => e.key === "spark.executor.memory").map((e) => e.value)).toEqual([
      "1g",
      "2g",
      "3g",
    ]);
  });

  it("a pasted command sits below the command's own flags, which sit above everything", () => {
    const file = confFileSource("spark-defaults.conf", "spark.executor.memory 1g\nspark.executor.cores 1\n");
    const pasted = command("spark-submit --executor-memory 4g --executor-cores 4 --num-executors 4 app.py");
    const own = command("--conf spark.executor.memory=5g --num-executors 6");
    const m = mergeLayers([file, pasted, own]);
    // the command's own --conf beats the pasted command's dedicated flag: layers first, then kinds
    expect(from(m.conf.entries, "spark.executor.memory")).toBe("--conf spark.executor.memory=5g");
    expect(from(m.conf.entries, "spark.executor.cores")).toBe("--executor-cores 4");
    expect(from(m.conf.entries, "spark.executor.instances")).toBe("--num-executors 6");
    // reversed, the pasted command wins: the order is the caller's, nothing else
    const r = mergeLayers([file, own, pasted]);
    expect(from(r.conf.entries, "spark.executor.memory")).toBe("--executor-memory 4g");
    expect(m.facts.appType).toBe("python");
  });

  it("facts: the highest layer that says one wins; a setting of the master in a higher layer beats a lower fact", () => {
    const app: SourcedConf = {
      entries: [],
      facts: { sparkVersion: "3.4.1", master: "k8s://https://k8s:443", deployMode: "cluster", appType: "r" },
    };
    const flags: SourcedConf = { entries: [], facts: { sparkVersion: "3.5.1" } };
    const m = mergeLayers([app, flags]);
    expect(m.facts).toEqual({
      sparkVersion: "3.5.1",
      master: "k8s://https://k8s:443",
      deployMode: "cluster",
      appType: "r",
    });
    // a pasted --master above the fact: the configuration's spark.master decides
    const over = mergeLayers([app, command("--master yarn")]);
    expect(over.facts.master).toBeUndefined();
    expect(over.facts.deployMode).toBe("cluster");
    expect(explainInputFrom(over).master).toBeUndefined();
    expect(value(over.conf.entries, "spark.master")).toBe("yarn");
    // a fact above a setting: the fact decides (the CLI's --master over a file's spark.master)
    const under = mergeLayers([command("--master yarn"), { entries: [], facts: { master: "local[2]" } }]);
    expect(explainInputFrom(under).master).toBe("local[2]");
  });

  it("cluster settings add up, a later layer's value winning per key; unresolved settings are all kept", () => {
    const origin = { kind: "emr-json" as const, file: "a.json" };
    const a: SourcedConf = {
      entries: [],
      facts: { cluster: { "yarn.a": { value: "1", origin }, "yarn.b": { value: "1", origin } } },
      unresolved: [{ origin, text: "x" }],
    };
    const b: SourcedConf = {
      entries: [],
      facts: { cluster: { "yarn.b": { value: "2", origin } } },
      unresolved: [{ origin, text: "y" }],
    };
    const m = mergeLayers([a, b]);
    expect(m.facts.cluster).toEqual({ "yarn.a": { value: "1", origin }, "yarn.b": { value: "2", origin } });
    expect(m.unresolved.map((u) => u.text)).toEqual(["x", "y"]);
  });

  it("the page's order: an EMR type's YARN settings < the form < the pasted text", () => {
    const emr: SourcedConf = {
      entries: [
        {
          key: "yarn.scheduler.minimum-allocation-mb",
          value: "32",
          origin: { kind: "option", flag: "EMR instance type m5.xlarge" },
        },
      ],
      facts: {},
    };
    const form: SourcedConf = {
      entries: [
        { key: "spark.executor.memory", value: "4g", origin: { kind: "option", flag: "the form" } },
        {
          key: "yarn.scheduler.minimum-allocation-mb",
          value: "512",
          origin: { kind: "option", flag: "the form" },
        },
      ],
      facts: { sparkVersion: "3.5.1", appType: "jvm" },
    };
    const pasted = confFileSource("the pasted text", "spark.executor.memory 6g\n");
    const m = mergeLayers([emr, form, pasted]);
    expect(from(m.conf.entries, "spark.executor.memory")).toBe("the pasted text:1");
    expect(from(m.conf.entries, "yarn.scheduler.minimum-allocation-mb")).toBe("the form");
  });

  it("parseSparkConf (the library's way in) is the same merger: files < the command", () => {
    const g = parseSparkConf({
      files: [
        { name: "a.conf", text: "spark.executor.memory 1g\n" },
        { name: "b.json", text: '{"spark.executor.memory": "2g", "spark.executor.cores": 2}' },
      ],
      submitArgs: ["spark-submit", "--conf", "spark.executor.cores=3", "job.py"],
    });
    expect(value(g.conf.entries, "spark.executor.memory")).toBe("2g");
    expect(value(g.conf.entries, "spark.executor.cores")).toBe("3");
    expect(g.appType).toBe("python");
    expect(g.primaryResource).toBe("job.py");
  });
});
