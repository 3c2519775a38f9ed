import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SparkmemError } from "../src/conf/errors.js";
import { confFromEntries } from "../src/conf/sparkConf.js";
import { splitConf } from "../src/size/clusterConf.js";
import { emrInstanceTypes, similarInstanceTypes } from "../src/size/emrInstances.js";
import { yarnCluster } from "../src/size/yarnCluster.js";
import { render } from "../tools/size/emrData.js";
import { SHARED } from "./support/shared.js";

const MiB = 1024 * 1024;
const DATA = new URL("data/", SHARED);

/** The shared CSVs, read in place (no quoted commas in them). */
function csv(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(new URL(name, DATA), "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  const cols = (head as string).split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v.trim()])));
}
const numOrNull = (v: string | undefined) => (v === undefined || v === "" ? null : Number(v));

const types = csv("emr-instance-types.csv");
const task = new Map(csv("emr-task-config-defaults.csv").map((r) => [r.instance_type, r]));

describe("src/size/emrInstances.generated.ts is ../shared/data", () => {
  it("has exactly the CSV's instance types, every field equal", () => {
    const table = emrInstanceTypes();
    expect([...table.keys()].sort()).toEqual(types.map((r) => r.instance_type).sort());
    for (const r of types) {
      const t = table.get(r.instance_type as string);
      expect(t, r.instance_type).toEqual({
        name: r.instance_type,
        vcpu: numOrNull(r.vcpu),
        memoryGiB: numOrNull(r.memory_gib),
        nodeManagerMiB: Number(r.yarn_nodemanager_resource_memory_mb),
        maxAllocationMiB: numOrNull(r.yarn_scheduler_maximum_allocation_mb),
        minAllocationMiB: numOrNull(
          task.get(r.instance_type as string)?.yarn_scheduler_minimum_allocation_mb,
        ),
        source: r.source_url,
      });
    }
    expect(table.size).toBe(224);
  });

  it("is what tools/size/emrData.ts writes today (a stale copy fails)", () => {
    const module = readFileSync(new URL("../src/size/emrInstances.generated.ts", import.meta.url), "utf8");
    expect(render(fileURLToPath(DATA))).toBe(module);
  });

  it("every type with a vCPU count gives YARN exactly its NodeManager memory per node, and its minimum allocation", () => {
    let checked = 0;
    for (const r of types) {
      const name = r.instance_type as string;
      const input = { master: "yarn" as const, groups: [{ name: "core", nodes: 2, instanceType: name }] };
      if (r.vcpu === "") {
        expect(() => yarnCluster(input, splitConf(confFromEntries([])))).toThrow(/has no vCPU count/);
        continue;
      }
      const c = yarnCluster(input, splitConf(confFromEntries([])));
      const g = c.groups[0];
      expect(g?.memoryBytes, name).toBe(Number(r.yarn_nodemanager_resource_memory_mb) * MiB);
      expect(g?.cpuMillis, name).toBe(Number(r.vcpu) * 1000);
      expect(c.yarn?.minAllocationMiB, name).toBe(
        numOrNull(task.get(name)?.yarn_scheduler_minimum_allocation_mb) ?? 32, // r7g.2xlarge: EMR's 32 since 4.3.0
      );
      checked++;
    }
    expect(checked).toBe(221);
  });

  it("an unknown type is refused with the nearest names", () => {
    expect(similarInstanceTypes("r5.2xlarg")[0]).toBe("r5.2xlarge");
    expect(similarInstanceTypes("m5.4XLARGE")[0]).toBe("m5.4xlarge");
    const input = { master: "yarn" as const, groups: [{ name: "core", nodes: 1, instanceType: "z9.huge" }] };
    expect(() => yarnCluster(input, splitConf(confFromEntries([])))).toThrow(SparkmemError);
  });
});
