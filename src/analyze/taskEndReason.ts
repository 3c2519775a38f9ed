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
