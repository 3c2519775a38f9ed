import { SparkmemError } from "../conf/errors.js";
import { EMR_INSTANCE_ROWS, EMR_INSTANCE_SOURCES } from "./emrInstances.generated.js";

/** One EC2 instance type as EMR configures YARN on it (null where the source gives no value). */
export interface EmrInstanceType {
  name: string;
  vcpu: number | null;
  memoryGiB: number | null;
  /** yarn.nodemanager.resource.memory-mb: what EMR leaves YARN after the OS and its daemons. */
  nodeManagerMiB: number;
  /** yarn.scheduler.maximum-allocation-mb. */
  maxAllocationMiB: number | null;
  /** yarn.scheduler.minimum-allocation-mb (32 on every current type). */
  minAllocationMiB: number | null;
  source: string;
}

const num = (s: string | undefined): number | null => (s === undefined || s === "-" ? null : Number(s));

let table: Map<string, EmrInstanceType> | null = null;

/** Every type in the data, by name. */
export function emrInstanceTypes(): Map<string, EmrInstanceType> {
  if (table) return table;
  table = new Map();
  for (const line of EMR_INSTANCE_ROWS.split("\n")) {
    const [name, vcpu, gib, nm, max, min, tag] = line.trim().split(" ");
    if (!name) continue;
    table.set(name, {
      name,
      vcpu: num(vcpu),
      memoryGiB: num(gib),
      nodeManagerMiB: num(nm) as number,
      maxAllocationMiB: num(max),
      minAllocationMiB: num(min),
      source: EMR_INSTANCE_SOURCES[tag as string] ?? "",
    });
  }
  return table;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** The closest known names, nearest first. */
export function similarInstanceTypes(name: string, n = 3): string[] {
  const lower = name.trim().toLowerCase();
  return [...emrInstanceTypes().keys()]
    .map((k) => ({ k, d: distance(lower, k) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(lower.length / 3)))
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .slice(0, n)
    .map((x) => x.k);
}

/** The type by name, or a SparkmemError naming the flag, with the nearest names. */
export function emrInstanceType(name: string, where: string): EmrInstanceType {
  const t = emrInstanceTypes().get(name.trim().toLowerCase());
  if (t) return t;
  const near = similarInstanceTypes(name);
  throw new SparkmemError(
    where,
    `"${name}" is not an instance type in the EMR data${near.length > 0 ? `; did you mean ${near.join(", ")}?` : ""}`,
    {
      expected:
        "an EC2 type listed on AWS's EMR task-configuration page (e.g. m5.4xlarge), or --node-cores and --node-memory",
    },
  );
}
