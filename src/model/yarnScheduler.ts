import { SparkmemError } from "../conf/errors.js";
import { describeKey, isSet, readInt, readString, type SparkConf } from "../conf/sparkConf.js";
import { MAX_MIB, SizeLimitError } from "./limits.js";

/**
 * What the ResourceManager does with a container request, read from the same configuration explain
 * reads (yarn-site / capacity-scheduler keys, also as spark.hadoop.yarn.*). Hadoop sources:
 * AbstractYarnScheduler.getNormalizedResource (CapacityScheduler: step = minimum allocation),
 * FairScheduler.getNormalizedResource (step = FairSchedulerConfiguration.getIncrementAllocation),
 * SchedulerUtils.normalizeResource → Resources.normalize → DefaultResourceCalculator /
 * DominantResourceCalculator.normalize: min(roundUp(max(ask, minimum), step), maximum) per resource.
 */
export interface YarnScheduler {
  scheduler: "capacity" | "fair";
  minAllocationMiB: number;
  /** null: not given (Spark's client check and the cap then say nothing). */
  maxAllocationMiB: number | null;
  /** Requests are rounded up to multiples of this. */
  stepMiB: number;
  /** The setting the step comes from, for derivations and messages. */
  stepKey: string;
  /** The FairScheduler always uses the DominantResourceCalculator. */
  resourceCalculator: "default" | "dominant";
  /** yarn.nodemanager.resource.memory-mb when given (a positive number): what one node offers containers. */
  nodeMemoryMiB: number | null;
}

/** yarn.resource-types.memory-mb.increment-allocation: "512", "512Mi", "1 Gi" (ResourceUtils' units). */
function incrementMiB(conf: SparkConf): { mib: number; key: string } {
  const key = "yarn.resource-types.memory-mb.increment-allocation";
  if (isSet(conf, key)) {
    const text = readString(conf, key) as string;
    const m = /^\s*(\d+) ?(|Mi|Gi|Ti)\s*$/.exec(text);
    const mib = m
      ? Number(m[1]) * ({ "": 1, Mi: 1, Gi: 1024, Ti: 1024 ** 2 }[m[2] as string] as number)
      : NaN;
    if (!Number.isSafeInteger(mib) || mib <= 0)
      throw new SparkmemError(describeKey(conf, key), `"${text}" is not a memory increment`, {
        expected: "a positive whole number of MiB, optionally with the unit Mi, Gi or Ti (e.g. 512 or 1Gi)",
      });
    // no more than the legacy key (a Java int) holds, so a grant rounded up to it stays exact in bytes
    if (mib > MAX_MIB)
      throw new SizeLimitError(describeKey(conf, key), `${mib} MiB is more than ${MAX_MIB} MiB`, {
        expected: `an increment of at most ${MAX_MIB} MiB, as yarn.scheduler.increment-allocation-mb (a Java int) holds`,
      });
    return { mib, key };
  }
  // the legacy key, read only when the resource-types key is absent (FairSchedulerConfiguration)
  const legacy = "yarn.scheduler.increment-allocation-mb";
  return { mib: readInt(conf, legacy) as number, key: legacy };
}

export function yarnScheduler(conf: SparkConf): YarnScheduler {
  const minAllocationMiB = readInt(conf, "yarn.scheduler.minimum-allocation-mb") as number;
  const maxAllocationMiB = readInt(conf, "yarn.scheduler.maximum-allocation-mb");
  const nm = readInt(conf, "yarn.nodemanager.resource.memory-mb");
  const nodeMemoryMiB = nm !== null && nm > 0 ? nm : null;
  const fair = /FairScheduler\s*$/.test(readString(conf, "yarn.resourcemanager.scheduler.class") ?? "");
  if (fair) {
    const inc = incrementMiB(conf);
    return {
      scheduler: "fair",
      minAllocationMiB,
      maxAllocationMiB,
      stepMiB: inc.mib,
      stepKey: inc.key,
      resourceCalculator: "dominant",
      nodeMemoryMiB,
    };
  }
  const calc = readString(conf, "yarn.scheduler.capacity.resource-calculator") ?? "";
  return {
    scheduler: "capacity",
    minAllocationMiB,
    maxAllocationMiB,
    stepMiB: minAllocationMiB,
    stepKey: "yarn.scheduler.minimum-allocation-mb",
    resourceCalculator: /DominantResourceCalculator\s*$/.test(calc) ? "dominant" : "default",
    nodeMemoryMiB,
  };
}

/**
 * The memory YARN grants for a request of `requestMiB`: min(roundUp(max(request, minimum), step), maximum).
 * A step of 0 falls back to the minimum, as Resources.normalize does after logging an error.
 * The NodeManager enforces the granted size, so kill messages quote it, not Spark's request.
 */
export function yarnGrantMiB(requestMiB: number, s: YarnScheduler): number {
  const step = s.stepMiB > 0 ? s.stepMiB : s.minAllocationMiB > 0 ? s.minAllocationMiB : 1;
  const rounded = Math.ceil(Math.max(requestMiB, s.minAllocationMiB) / step) * step;
  return s.maxAllocationMiB === null ? rounded : Math.min(rounded, s.maxAllocationMiB);
}

/** "a multiple of yarn.scheduler.minimum-allocation-mb = 1024" / "… increment-allocation-mb = 512 (FairScheduler)". */
export function stepPhrase(s: YarnScheduler): string {
  return `${s.stepKey} = ${s.stepMiB}${s.scheduler === "fair" ? " (FairScheduler)" : ""}`;
}
