import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Runs the built CLI (npm test builds first), as a user would. */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("sparkmem explain", () => {
  it("draws the seed case: a 33 GiB executor container", () => {
    const r = run("explain", "--example", "seed");
    expect(r.code).toBe(0);
    expect(r.out).toContain("10 executors × 10 cores — -Xmx30720m");
    expect(r.out).toMatch(/Container requested\s+35433480192\s+33\.0 GiB/);
    expect(r.out).toContain("▤ Overhead 3.0 GiB");
  });

  it("--json has the documented schema with integer bytes", () => {
    const r = run(
      "explain",
      "--json",
      "--spark-version",
      "3.5.1",
      "--master",
      "yarn",
      "--executor-memory",
      "4g",
      "--num-executors",
      "3",
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual([
      "sparkVersion",
      "master",
      "clusterManager",
      "deployMode",
      "appType",
      "driver",
      "executor",
      "am",
      "errors",
      "warnings",
    ]);
    const fields = [
      "heapBytes",
      "systemMemoryBytes",
      "reservedBytes",
      "usableBytes",
      "userBytes",
      "unifiedBytes",
      "storageRegionBytes",
      "executionRegionBytes",
      "offHeapBytes",
      "overheadBytes",
      "pysparkBytes",
      "containerOffHeapBytes",
      "containerBytes",
      "containerAllocatedBytes",
      "uiStorageBytes",
      "taskSlots",
      "perTaskExecutionMinBytes",
      "perTaskExecutionMaxBytes",
    ];
    for (const f of fields) expect(doc.executor, f).toHaveProperty(f);
    expect(doc.executor.count).toBe(3);
    expect(doc.executor.cores).toBe(1);
    expect(doc.executor.containerBytes).toBe(4505 * 1048576);
    expect(doc.driver.containerBytes).toBeNull();
  });

  it("reads spark-defaults.conf, JSON maps and a spark-submit command after --", () => {
    const dir = mkdtempSync(join(tmpdir(), "sparkmem-"));
    const defaults = join(dir, "spark-defaults.conf");
    writeFileSync(defaults, "spark.master yarn\nspark.executor.memory 2g\nspark.executor.cores 2\n");
    const json = join(dir, "extra.json");
    writeFileSync(json, '{"spark.executor.memoryOverhead": "1g"}');
    const r = run(
      "explain",
      "--json",
      "--spark-version",
      "3.5.1",
      "--conf-file",
      defaults,
      "--conf-file",
      json,
      "--",
      "spark-submit",
      "--executor-memory",
      "3g",
      "job.py",
    );
    const doc = JSON.parse(r.out);
    expect(doc.appType).toBe("python");
    expect(doc.executor.heapBytes).toBe(3 * 1073741824);
    expect(doc.executor.overheadBytes).toBe(1073741824);
    expect(doc.executor.cores).toBe(2);
  });

  it("--format markdown", () => {
    const r = run("explain", "--example", "seed", "--format", "markdown");
    expect(r.out).toContain("| Container requested | 35433480192 | 33.0 GiB |");
  });

  it("--why prints the formula and Spark source", () => {
    const r = run("explain", "--example", "seed", "--why");
    expect(r.out).toContain(
      "max(⌊0.1 (constant MEMORY_OVERHEAD_FACTOR before 3.3) × 30720 MiB⌋ = 3072, 384 (MEMORY_OVERHEAD_MIN_MIB)) = 3072 MiB",
    );
    expect(r.out).toContain("core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala");
  });

  it("bad input: exit 2 and one line naming the key and what was expected, no stack", () => {
    const r = run("explain", "--spark-version", "3.5.1", "--master", "yarn", "--executor-memory", "4x");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(
      /^sparkmem: spark\.executor\.memory from --executor-memory 4x: "4x" is not a size; expected/,
    );
    expect(r.err).not.toMatch(/at .*\.js:\d+/);
  });

  it("settings Spark would refuse: the layout is printed, exit 2, one line on stderr", () => {
    const r = run("explain", "--master", "yarn", "--conf", "spark.memory.offHeap.enabled=true");
    expect(r.code).toBe(2);
    expect(r.out).toContain("Spark would refuse to start");
    expect(r.err).toBe(
      // 4.3 (the default version): the driver sizes the default ResourceProfile first, with its 4.3 text
      "sparkmem: spark.memory.offHeap.size: Spark would refuse these settings: requirement failed: spark.memory.offHeap.size must be at least 1MiB when spark.memory.offHeap.enabled == true\n",
    );
  });

  it("unknown flags and files are errors, not stacks", () => {
    expect(run("explain", "--nope").code).toBe(2);
    const r = run("explain", "--conf-file", "/no/such/file");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^sparkmem: \/no\/such\/file: cannot read the file \(ENOENT\)/);
  });
});

describe("README stays true to the code", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  it("every *Bytes field of the JSON is documented, and every documented one exists", () => {
    const doc = JSON.parse(run("explain", "--json", "--master", "yarn", "--spark-version", "3.5.1").out);
    const produced = new Set(
      [...Object.keys(doc.driver), ...Object.keys(doc.executor), ...Object.keys(doc.am)].filter((k) =>
        k.endsWith("Bytes"),
      ),
    );
    const section = readme.slice(
      readme.indexOf("### `explain --json`"),
      readme.indexOf("## sparkmem analyze"),
    );
    const documented = new Set([...section.matchAll(/"(\w+Bytes)"/g)].map((m) => m[1] as string));
    expect([...produced].filter((k) => !documented.has(k))).toEqual([]);
    expect([...documented].filter((k) => !produced.has(k))).toEqual([]);
  });
  it("CI runs exactly README's test command", () => {
    const block = /```bash\n([^`]*)```/.exec(readme)?.[1] ?? "";
    const testCommand = (block.split("\n")[1] ?? "").split("#")[0]?.trim() ?? "";
    expect(testCommand).toBe("npm ci && npm run oracle:setup && npm test");
    const ci = readFileSync(new URL("../.ci/run", import.meta.url), "utf8");
    expect(ci.split("\n")).toContain(testCommand);
  });
  it("every option README names is one a command accepts", () => {
    const help = ["explain", "analyze", "advise", "lint", "diagnose", "size", "simulate", "fleet", "serve"]
      .map((c) => run(c, "--help").out)
      .join("\n");
    const options = [...readme.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1] as string);
    expect(options.length).toBeGreaterThan(15);
    expect(options.filter((o) => !help.includes(o))).toEqual([]);
  });
});

describe("each bad input named in issue 3 exits 2 with one line naming the key", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "unknown unit",
      ["--executor-memory", "4q"],
      /^sparkmem: spark\.executor\.memory from --executor-memory 4q: "4q" is not a size; expected/,
    ],
    [
      "negative",
      ["--conf", "spark.executor.memory=-4g"],
      /^sparkmem: spark\.executor\.memory from --conf spark\.executor\.memory=-4g: -4096 MiB is negative/,
    ],
    [
      "fraction 1.5",
      ["--conf", "spark.memory.fraction=1.5"],
      /^sparkmem: spark\.memory\.fraction from --conf spark\.memory\.fraction=1\.5: 1\.5 is outside 0\.\.1; expected a fraction between 0 and 1; Spark says: spark\.memory\.fraction should be between 0 and 1 \(was '1\.5'\)\.\n$/,
    ],
    [
      "off-heap on without a size",
      ["--conf", "spark.memory.offHeap.enabled=true"],
      /^sparkmem: spark\.memory\.offHeap\.size: Spark would refuse these settings: requirement failed: spark\.memory\.offHeap\.size must be > 0/,
    ],
    [
      "heap below the minimum",
      ["--driver-memory", "400m", "--gc", "G1"],
      /^sparkmem: spark\.driver\.memory: Spark would refuse these settings: System memory 419430400 must be at least 471859200\./,
    ],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => {
      const r = run("explain", "--spark-version", "3.4.1", "--master", "yarn", ...args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(expected);
    });
  }
});

describe("generated documentation", () => {
  it("docs/configuration-keys.md is what the catalog generates (run npm run docs)", () => {
    const committed = readFileSync(new URL("../docs/configuration-keys.md", import.meta.url), "utf8");
    expect(run("docs").out).toBe(committed);
  });
});
