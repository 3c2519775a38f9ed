import { classifyFailure } from "./failures.js";
import { type JsonObject, str } from "./json.js";

/**
 * A failed task's reason in one line, from "Task End Reason" (JsonProtocol.taskEndReasonToJson):
 * the loss text for ExecutorLostFailure (YARN/Kubernetes kill messages live there), the exception
 * class and message for ExceptionFailure (java.lang.OutOfMemoryError shows up here).
 */
export function taskFailureText(reason: JsonObject | null): string | null {
  const kind = str(reason, "Reason");
  switch (kind) {
    case null:
    case "Success":
      return null;
    case "ExceptionFailure": {
      const cls = str(reason, "Class Name") ?? "Exception";
      const desc = str(reason, "Description");
      return desc ? `${cls}: ${desc}` : cls;
    }
    case "ExecutorLostFailure":
      return `ExecutorLostFailure: ${str(reason, "Loss Reason") ?? "executor lost"}`;
    case "FetchFailed":
      return `FetchFailed: ${str(reason, "Message") ?? ""}`.trim();
    case "TaskKilled":
      return `TaskKilled: ${str(reason, "Kill Reason") ?? ""}`.trim();
    default:
      return kind;
  }
}

// case-sensitive "OOM": GpuRetryOOM, not "room"
const OUT_OF_MEMORY = /OutOfMemory|OOM\b|[Oo]ut of memory|out_of_memory/;

/**
 * What a stage counts failed tasks under. Out-of-memory errors (the JVM's, Spark's, a GPU's) carry sizes
 * and addresses in their messages, so they are counted by exception class and failure kind (a heap OOM
 * and a direct-buffer OOM share a class but not a cause); an executor loss by executor; the rest by text.
 */
export function failureGroup(reason: JsonObject | null, text: string, executorId: string | null): string {
  const kind = str(reason, "Reason");
  if (kind === "ExecutorLostFailure") return `lost\u0000${executorId ?? ""}\u0000${text}`;
  const cls = kind === "ExceptionFailure" ? str(reason, "Class Name") : null;
  if (cls !== null && OUT_OF_MEMORY.test(text)) return `oom\u0000${cls}\u0000${classifyFailure(text)}`;
  return text;
}
