import { type ContainerRole, heapKeyOf, overheadKeyOf } from "../../model/inverse.js";

export type Role = ContainerRole;

/** The keys that size a process's heap and overhead (the model's names). */
export const heapKey = (role: Role): string => heapKeyOf(role);
export const overheadKey = (role: Role): string => overheadKeyOf(role);

export function javaOptionsKey(role: Role): string {
  return role === "executor"
    ? "spark.executor.extraJavaOptions"
    : role === "driver"
      ? "spark.driver.extraJavaOptions"
      : "spark.yarn.am.extraJavaOptions";
}

/** A process role from a diagnose Process, executor by default. */
export function roleOf(p: string): Role {
  return p === "driver" ? "driver" : p === "am" ? "am" : "executor";
}
