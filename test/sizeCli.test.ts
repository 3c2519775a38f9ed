import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SizeResult } from "../src/size/types.js";

// Run `npm run -s build` first: these tests run the built CLI.
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const MiB = 1024 * 1024;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "size", ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function json(args: string[]): SizeResult {
  const r = run([...args, "--json"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as SizeResult;
}

const CLASSIC = [
  "--master",
  "yarn",
  "--nodes",
  "6",
  "--node-cores",
  "16",
  "--node-memory",
  "64g",
  "--os-reserved-cores",
  "1",
  "--os-reserved-memory",
  "1g",
  "--executor-cores",
  "5",
];

/** The issue's --json names, in its order. */
const SCHEMA = [
  "executorsPerNode",
  "executorCores",
  "executorMemoryBytes",
  "overheadBytes",
  "pysparkBytes",
  "offHeapBytes",
  "containerBytes",
  "totalExecutors",
  "taskSlots",
  "memoryPerSlotBytes",
  "cpuUtilization",
  "memoryUtilization",
  "reason",
];

describe("sparkmem size: Cloudera's worked example (6 × 16 cores × 64 GB, 1 core + 1 GB for the OS, 5 cores)", () => {
  const r = json(CLASSIC);
  const first = r.layouts[0];

  it("comes out as published: 17 executors, 3 per node, about 19 GB of heap", () => {
    expect(first).toBeDefined();
    if (!first) return;
    expect(Object.keys(first).slice(0, SCHEMA.length)).toEqual(SCHEMA);
    expect(first.executorsPerNode).toBe(3);
    expect(first.totalExecutors).toBe(17);
    expect(first.executorCores).toBe(5);
    // the largest h with h + max(384, ⌊0.1 h⌋) ≤ 21504 MiB (= 63 GiB / 3): 19549 + 1954 = 21503
    expect(first.executorMemoryBytes).toBe(19549 * MiB); // 20498612224 bytes, 19.09 GiB
    expect(first.overheadBytes).toBe(1954 * MiB);
    expect(first.containerBytes).toBe(21503 * MiB);
    expect(first.containerAllocatedBytes).toBe(21504 * MiB); // a multiple of the 1024 MiB minimum
    expect(first.pysparkBytes).toBe(0);
    expect(first.offHeapBytes).toBe(0);
    expect(first.taskSlots).toBe(85);
    expect(first.memoryPerSlotBytes).toBe(Math.floor((19549 * MiB) / 5));
    // the client-mode AM (512 + 384 → 1024 MiB, 1 vcore) costs its node one executor
    expect(first.nodeGroups[0]?.driverNode).toEqual({
      executors: 2,
      driverMemoryBytes: 1024 * MiB,
      driverCores: 1,
      strandedCores: 4,
      strandedMemoryBytes: 20480 * MiB,
    });
    expect(first.cpuUtilization).toBeCloseTo((17 * 5 + 1) / 90, 12);
    expect(first.memoryUtilization).toBeCloseTo((17 * 21504 + 1024) / (6 * 64512), 12);
    expect(first.strandedCoresPerNode).toBe(0);
    expect(first.strandedMemoryBytesPerNode).toBe(0);
    expect(first.reason).toMatch(/^Best score/);
    expect(first.conf).toMatchObject({
      "spark.executor.instances": "17",
      "spark.executor.cores": "5",
      "spark.executor.memory": "19549m",
    });
    expect(r.cluster.nodeGroups[0]).toMatchObject({ nodeCores: 15, nodeMemoryBytes: 64512 * MiB });
  });

  it("EMR's maximizeResourceAllocation on the same cluster: one 15-core executor per node, the AM's node loses it", () => {
    const e = r.maximizeResourceAllocation;
    expect(e).not.toBeNull();
    if (!e) return;
    expect(Object.keys(e).slice(0, SCHEMA.length)).toEqual(SCHEMA);
    // round(floor32(64512 − 896) / 1.1) = round(57832.7) = 57833; Spark adds 5783, YARN rounds 63616 to 64512
    expect(e.emrSettings["spark.executor.memory"]).toBe("57833M");
    expect(e.executorMemoryBytes).toBe(57833 * MiB);
    expect(e.executorCores).toBe(15);
    expect(e.containerAllocatedBytes).toBe(64512 * MiB);
    expect(e.emrSettings["spark.executor.instances"]).toBe("6");
    expect(e.totalExecutors).toBe(5);
    expect(e.reason).toMatch(/Only 5 of the 6 executors fit/);
    expect(e.reason).toMatch(/Ours differs: 5 cores per executor instead of 15/);
  });

  it("text: the ranked table, the reason, the four snippets and EMR's result side by side", () => {
    const t = run(CLASSIC);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^#\s+cores\s+exec\/node\s+heap/m);
    expect(t.out).toMatch(/^1\s+5\s+3\s+19\.1 GiB\s+1954\.0 MiB/m);
    expect(t.out).toContain("--num-executors 17");
    expect(t.out).toContain("--executor-memory 19549m");
    expect(t.out).toMatch(/spark\.executor\.memory\s+19549m/);
    expect(t.out).toContain('"Classification": "spark-defaults"');
    expect(t.out).toContain(
      '      executor:\n        instances: 17\n        cores: 5\n        memory: "19549m"',
    );
    expect(t.out).toContain("EMR maximizeResourceAllocation for the same cluster:");
    const md = run([...CLASSIC, "--format", "markdown"]);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^\| # \| cores \| exec\/node \|/m);
    expect(md.out).toContain("```yaml");
  });
});

describe("sparkmem size: an EMR instance type gets EMR's YARN memory", () => {
  it("m5.4xlarge: 57344 MiB and 16 vcores per node, containers in multiples of EMR's 32 MiB", () => {
    const r = json(["--master", "yarn", "--instance-type", "m5.4xlarge", "--nodes", "4"]);
    expect(r.cluster.nodeGroups[0]).toMatchObject({ instanceType: "m5.4xlarge", nodeCores: 16 });
    expect(r.cluster.nodeGroups[0]?.nodeMemoryBytes).toBe(57344 * MiB);
    expect(r.cluster.yarn?.minAllocationMiB).toBe(32);
    for (const l of r.layouts) expect(l.containerAllocatedBytes % (32 * MiB)).toBe(0);
    expect(r.maximizeResourceAllocation?.emrSettings).toEqual({
      "spark.executor.instances": "4",
      "spark.executor.cores": "16",
      "spark.driver.memory": "52131M",
      "spark.executor.memory": "51316M",
      "spark.default.parallelism": "128",
    });
  });

  it("Kubernetes: pods against the node's allocatable memory; no maximizeResourceAllocation", () => {
    const r = json([
      "--master",
      "k8s",
      "--instance-type",
      "r5.4xlarge",
      "--nodes",
      "3",
      "--deploy-mode",
      "cluster",
      "--conf",
      "kubelet.kubeReserved.memory=2Gi",
      "--conf",
      "k8s.daemonset.memory=512Mi",
    ]);
    // 128 GiB − 2 GiB − 100 MiB eviction − 512 MiB DaemonSets
    expect(r.cluster.nodeGroups[0]?.nodeMemoryBytes).toBe((131072 - 2048 - 100 - 512) * MiB);
    expect(r.maximizeResourceAllocation).toBeNull();
    expect(r.cluster.driver?.what).toBe("driver pod");
    for (const l of r.layouts) expect(l.containerAllocatedBytes).toBe(l.containerBytes);
  });
});

describe("sparkmem size: bad input is one line, exit 2", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "unknown instance type, with the nearest names",
      ["--instance-type", "m5.4xlarg", "--nodes", "3"],
      /^sparkmem: --instance-type: "m5\.4xlarg" is not an instance type in the EMR data; did you mean m5\.4xlarge/,
    ],
    [
      "zero nodes",
      ["--instance-type", "m5.4xlarge", "--nodes", "0"],
      /^sparkmem: --nodes: 0 is not a positive whole number/,
    ],
    [
      "zero nodes in a group",
      ["--node-group", "name=task,instance-type=m5.xlarge,nodes=0"],
      /^sparkmem: --node-group "name=task,instance-type=m5\.xlarge,nodes=0" --nodes: 0 is not a positive whole number/,
    ],
    [
      "node memory below one minimum container",
      ["--node-cores", "4", "--node-memory", "512m", "--nodes", "2"],
      /^sparkmem: --node-memory: 512 MiB left for YARN on a node of group "core" is below one minimum container \(yarn\.scheduler\.minimum-allocation-mb = 1024\)/,
    ],
    [
      "executor cores above node cores",
      [
        "--node-cores",
        "16",
        "--node-memory",
        "64g",
        "--nodes",
        "2",
        "--os-reserved-cores",
        "1",
        "--executor-cores",
        "20",
      ],
      /^sparkmem: --executor-cores: 20 is more than the 15 vcores a node offers/,
    ],
    [
      "no node memory",
      ["--node-cores", "16", "--nodes", "2"],
      /^sparkmem: --node-memory: the node's memory is not given/,
    ],
    [
      "a size that is not one",
      ["--node-cores", "16", "--node-memory", "lots", "--nodes", "2"],
      /^sparkmem: --node-memory: "lots" is not a size/,
    ],
    [
      "an unknown workload",
      ["--instance-type", "m5.xlarge", "--nodes", "2", "--workload", "ml"],
      /^sparkmem: --workload: "ml" is not one of/,
    ],
    [
      "a --conf that is neither Spark's nor the cluster's",
      ["--instance-type", "m5.xlarge", "--nodes", "2", "--conf", "foo=1"],
      /^sparkmem: --conf foo: is neither/,
    ],
    ["no nodes at all", [], /^sparkmem: size: has no nodes to size for/],
  ];
  for (const [what, args, message] of cases)
    it(what, () => {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(message);
    });
});

/** Maps keyed by Spark or EMR setting names: their keys are not part of the schema. */
const OPEN_MAPS = ["conf", "emrSettings", "Properties"];

describe("README's size --json schema is the code's", () => {
  it("every documented key is produced and every produced key is documented", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(
      readme.indexOf("## sparkmem size"),
      readme.indexOf("## How the numbers are obtained"),
    );
    const schema = section.slice(section.indexOf("### `size --json`"));
    const block = schema.slice(
      schema.indexOf("```text"),
      schema.indexOf("```\n", schema.indexOf("```text") + 7),
    );
    const documented = new Set([...block.matchAll(/"(\w+)"/g)].map((m) => m[1] as string));
    const produced = new Set<string>();
    const walk = (o: unknown) => {
      if (Array.isArray(o)) for (const x of o) walk(x);
      else if (o && typeof o === "object")
        for (const [k, v] of Object.entries(o)) {
          produced.add(k);
          if (!OPEN_MAPS.includes(k)) walk(v);
        }
    };
    walk(json(CLASSIC));
    walk(
      json([
        "--node-group",
        "name=core,instance-type=m5.4xlarge,nodes=2",
        "--node-group",
        "name=task,instance-type=r5.2xlarge,nodes=3",
      ]),
    );
    walk(
      json([
        "--master",
        "k8s",
        "--node-cores",
        "16",
        "--node-memory",
        "64g",
        "--nodes",
        "3",
        "--app",
        "python",
      ]),
    );
    expect([...produced].filter((k) => !documented.has(k))).toEqual([]);
    expect([...documented].filter((k) => !produced.has(k))).toEqual([]);
  });
});
