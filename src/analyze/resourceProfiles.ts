import { type JsonObject, num, obj } from "./json.js";

/**
 * What AppStatusListener needs of resource profiles for an executor's maxTasks: each profile's task CPUs
 * (onResourceProfileAdded's liveResourceProfiles) and spark.task.cpus (onEnvironmentUpdate's
 * defaultCpusPerTask).
 */
export class ResourceProfiles {
  private defaultCpusPerTask = 1;
  private readonly taskCpus = new Map<number, number>();

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
  }

  /**
   * onExecutorAdded: cores / the profile's task CPUs, else spark.task.cpus. The profile's own
   * maxTasksPerExecutor is None on replay (isCoresLimitKnown is false for a profile read from the log).
   */
  maxTasks(profileId: number, totalCores: number): number {
    return Math.floor(totalCores / (this.taskCpus.get(profileId) ?? this.defaultCpusPerTask));
  }
}
