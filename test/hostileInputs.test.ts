import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfText } from "../src/conf/sources/byKind.js";
import { errorOf } from "./support/errors.js";
import { FIXTURES } from "./support/fixtures.js";

/**
 * Inputs that never end or are not files, given where a configuration is read: one line of error and exit 2
 * (bounded: reading stops at 64 MiB), or, for a pipe that holds a configuration, the same answer as a file.
 */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A FIFO written by a child process (`cat` of `text`), as `--conf-file <(…)` gives one. */
function fifoWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sparkmem-fifo-"));
  const [path, source] = [join(dir, "conf"), join(dir, "source")];
  writeFileSync(source, text);
  expect(spawnSync("mkfifo", [path]).status).toBe(0);
  // detached from this process's event loop, which spawnSync blocks while sparkmem reads
  spawn("sh", ["-c", `cat '${source}' > '${path}'`], { stdio: "ignore" }).unref();
  return path;
}

describe("configuration inputs that are not regular files", () => {
  it.each([
    [["lint", "/dev/zero"]],
    [["lint", "--spark-version", "3.5.1", "--conf-file", "/dev/zero"]],
    [["explain", "--spark-version", "3.5.1", "--properties-file", "/dev/zero"]],
  ])("%j: one line, exit 2, reading stops at 64 MiB", (args) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "sparkmem: /dev/zero: is larger than 64 MiB (reading stopped there); expected a readable configuration file\n",
    );
  });

  it("a FIFO holding spark-defaults lines reads as the file would (lint FIFO and --conf-file FIFO)", () => {
    const text = "spark.executor.memory 4g\nspark.executor.cores 9\n";
    const args = ["--spark-version", "3.5.1", "--master", "yarn", "--json"];
    const viaPath = JSON.parse(run(["lint", ...args, fifoWith(text)]).out) as {
      findings: { ruleId: string }[];
    };
    const viaFlag = JSON.parse(run(["lint", ...args, "--conf-file", fifoWith(text)]).out) as typeof viaPath;
    const rules = viaPath.findings.map((f) => f.ruleId);
    expect(rules).toContain("low-memory-per-task");
    expect(viaFlag.findings.map((f) => f.ruleId)).toEqual(rules);
  });
});

describe("configuration texts built to exhaust the stack", () => {
  it("a JSON map whose value nests 5,000 deep: one line naming the key, not the value", () => {
    const text = `{"a":${'{"b":'.repeat(5000)}1${"}".repeat(5000)}}`;
    expect(errorOf(() => parseConfText("json", text, "deep.json")).oneLine()).toBe(
      "deep.json: a: value an object is not a setting; expected a string, number or boolean",
    );
    expect(errorOf(() => parseConfText("json", '{"a": 1e400}', "big.json")).oneLine()).toMatch(
      /^big\.json: a: value a number beyond a double's range is not a setting/,
    );
  });

  it("EMR configurations nested 2,000 deep: refused at 200 levels, with the line and column", () => {
    const inner = '{"Classification":"spark-defaults","Configurations":['.repeat(2000);
    const text = `[${inner}{"Classification":"x"}${"]}".repeat(2000)}]`;
    expect(errorOf(() => parseConfText("emr", text, "emr.json")).oneLine()).toMatch(
      /^emr\.json:1:\d+: not valid JSON: nesting deeper than 200 levels; expected an EMR configuration list$/,
    );
  });

  it("a spark-submit command of 150,000 --conf lines reads whole", () => {
    const lines = Array.from({ length: 150_000 }, (_, i) => `  --conf spark.custom.key${i}=${i} \\`);
    const text = `spark-submit \\\n${lines.join("\n")}\n  app.jar\n`;
    const conf = parseConfText("spark-submit", text, "submit.sh");
    expect(conf.entries).toHaveLength(150_000);
    expect(conf.entries[149_999]).toMatchObject({ key: "spark.custom.key149999", value: "149999" });
  });
});

describe("lint reads a file by its content, not its name", () => {
  const dir = mkdtempSync(join(tmpdir(), "sparkmem-kind-"));
  const lintJson = (path: string) => {
    const r = run(["lint", "--json", path]);
    expect(r.code, r.err).not.toBe(2);
    return (JSON.parse(r.out) as { findings: { ruleId: string; message: string }[] }).findings;
  };

  it("a zstd- or gzip-compressed event log under any name is an event log (its 20 findings, as the plain log's)", () => {
    const log = new URL("spark-events/application_1628109047826_1317105", FIXTURES).pathname;
    const plain = lintJson(log);
    expect(plain).toHaveLength(20);
    const zstd = join(dir, "copy.bin");
    writeFileSync(zstd, spawnSync("zstd", ["-q", "-c", log]).stdout);
    const gz = join(dir, "notes.data");
    writeFileSync(gz, spawnSync("gzip", ["-c", log]).stdout);
    for (const f of [zstd, gz])
      expect(
        lintJson(f).map((x) => x.message),
        f,
      ).toEqual(plain.map((x) => x.message));
  });

  it("binary data that is no log in a codec (random bytes, zeros) is refused, not read as 255 settings", () => {
    const random = join(dir, "random.bin");
    writeFileSync(
      random,
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256),
    );
    const zeros = join(dir, "zeros");
    writeFileSync(zeros, new Uint8Array(4096));
    for (const args of [random, zeros].flatMap((f) => [
      ["lint", f],
      ["explain", "--conf-file", f],
    ])) {
      const f = args.at(-1) as string;
      const r = run(args);
      expect([r.code, r.err]).toEqual([
        2,
        `sparkmem: ${f}: holds binary data, not a configuration text; expected spark-defaults.conf, a JSON map, EMR configuration JSON, a SparkApplication YAML, Python, a notebook, a spark-submit command, or a Spark event log\n`,
      ]);
    }
  });

  it("diagnose of an empty input or binary data: one line, not 'no known failure'", () => {
    const empty = join(dir, "empty.txt");
    writeFileSync(empty, " \n");
    const zeros = join(dir, "zeros.txt");
    writeFileSync(zeros, new Uint8Array(4096));
    expect([run(["diagnose", empty]), run(["diagnose", "/dev/null"])].map((r) => [r.code, r.err])).toEqual([
      [2, `sparkmem: ${empty}: is empty; expected the error or log text to diagnose\n`],
      [2, "sparkmem: /dev/null: is empty; expected the error or log text to diagnose\n"],
    ]);
    const r = run(["diagnose", zeros]);
    expect([r.code, r.err]).toEqual([
      2,
      `sparkmem: ${zeros}: holds binary data, not a log or error text; expected the error or log text to diagnose, or an event log in one of Spark's codecs\n`,
    ]);
  });

  it("diagnose of a directory of logs is refused in one line (it diagnosed the first log alone)", () => {
    const r = run(["diagnose", dir]);
    expect([r.code, r.err]).toEqual([
      2,
      `sparkmem: ${dir}: is a directory; expected a log or error text, or a rolling eventlog_v2_ directory (sparkmem analyze reads a directory of logs)\n`,
    ]);
  });

  it("spark-defaults lines under an application-id name are a configuration", () => {
    const conf = join(dir, "local-1795967172357.conf");
    writeFileSync(conf, "spark.executor.memory 4g\n");
    expect(lintJson(conf).map((f) => f.ruleId)).toEqual(["executor-settings-in-local"]);
  });

  it("a plain event log renamed .txt is an event log", () => {
    const txt = join(dir, "my-log.txt");
    copyFileSync(new URL("spark-events/application_1553914137147_0018", FIXTURES), txt);
    expect(lintJson(txt)).toHaveLength(1);
    expect(readFileSync(txt, "utf8").startsWith('{"Event"')).toBe(true);
  });
});
