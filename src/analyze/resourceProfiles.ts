import { type JsonObject, num, obj } from "./json.js";

/** ResourceProfile.DEFAULT_RESOURCE_PROFILE_ID: the profile built from the application's settings. */
export const DEFAULT_PROFILE_ID = 0;

/** A stage-level scheduling profile's executor requests, as the settings they stand for. */
export interface ExecutorProfile {
  id: number;
  settings: Record<string, string>;
}

/**
 * Executor resource requests (ResourceProfile's cores, memory, memoryOverhead, offHeap, pyspark.memory; amounts
 * in MiB) as the settings a default-profile executor would be given them by: a profile's executors are started
 * with its memory as their heap (ResourceProfile.getResourcesForClusterManager; YarnAllocator, ExecutorRunnable).
 */
const PROFILE_KEYS: Record<string, [string, string]> = {
  cores: ["spark.executor.cores", ""],
  memory: ["spark.executor.memory", "m"],
  memoryOverhead: ["spark.executor.memoryOverhead", "m"],
  offHeap: ["spark.memory.offHeap.size", "m"],
  "pyspark.memory": ["spark.executor.pyspark.memory", "m"],
};

function executorSettingsOf(requests: JsonObject | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, [key, unit]] of Object.entries(PROFILE_KEYS)) {
    const amount = num(obj(requests, name), "Amount");
    if (amount !== null && Number.isInteger(amount) && amount > 0) out[key] = `${amount}${unit}`;
  }
  return out;
}

/**
 * What AppStatusListener needs of resource profiles for an executor's maxTasks: each profile's task CPUs
 * (onResourceProfileAdded's liveResourceProfiles) and spark.task.cpus (onEnvironmentUpdate's
 * defaultCpusPerTask).
 */
export class ResourceProfiles {
  private defaultCpusPerTask = 1;
  private readonly taskCpus = new Map<number, number>();
  private readonly executorSettings = new Map<number, Record<string, string>>();

  /** spark.task.cpus from SparkListenerEnvironmentUpdate. */
  setDefault(value: string | undefined): void {
    const cpus = Number.parseInt(value ?? "", 10);
    if (cpus > 0) this.defaultCpusPerTask = cpus;
  }

  /** SparkListenerResourceProfileAdded (JsonProtocol.resourceProfileAddedFromJson): "cpus" amount.toInt. */
  add(e: JsonObject): void {
    const id = num(e, "Resource Profile Id");
    const cpus = Math.trunc(num(obj(obj(e, "Task Resource Requests"), "cpus"), "Amount") ?? 0);
    if (id !== null && cpus > 0) this.taskCpus.set(id, cpus);
    if (id !== null && id !== DEFAULT_PROFILE_ID) {
      const settings = executorSettingsOf(obj(e, "Executor Resource Requests"));
      if (Object.keys(settings).length > 0) this.executorSettings.set(id, settings);
    }
  }

  /** The non-default profiles that ask their executors for their own cores or memory, as settings. */
  executorProfiles(): ExecutorProfile[] {
    return [...this.executorSettings].map(([id, settings]) => ({ id, settings }));
  }

  /**
   * onExecutorAdded: cores / the profile's task CPUs, else spark.task.cpus. The profile's own
   * maxTasksPerExecutor is None on replay (isCoresLimitKnown is false for a profile read from the log).
   */
  maxTasks(profileId: number, totalCores: number): number {
    return Math.floor(totalCores / (this.taskCpus.get(profileId) ?? this.defaultCpusPerTask));
  }
}
