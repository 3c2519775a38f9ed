import { type JsonObject, num, obj, str } from "../../analyze/json.js";
import { parseMemoryQuantity } from "../sizes.js";
import { processOfPodName } from "./sections.js";
import type { ParsedInput, Section } from "./types.js";

/** `kubectl get pod -o json` (a Pod or a List of them), or null when the text is not one. */
export function parsePodJson(text: string): ParsedInput | null {
  const t = text.trim();
  if (!t.startsWith("{")) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(t);
  } catch {
    return null;
  }
  const items = Array.isArray((doc as JsonObject).items) ? ((doc as JsonObject).items as unknown[]) : [doc];
  const pods = items.filter((p) => obj(p, "status") !== null || str(p, "kind") === "Pod");
  if (pods.length === 0) return null;
  const lines: string[] = [];
  const sections: (Section | null)[] = [];
  const limits = new Map<string, number>();
  for (const pod of pods) {
    const name = str(obj(pod, "metadata"), "name") ?? "pod";
    const role = str(obj(obj(pod, "metadata"), "labels"), "spark-role");
    const section: Section = {
      process: role === "driver" ? "driver" : role === "executor" ? "executor" : processOfPodName(name),
      label: name,
      executorId: str(obj(obj(pod, "metadata"), "labels"), "spark-exec-id"),
    };
    for (const c of arrayOf(obj(pod, "spec"), "containers")) {
      const q = str(obj(obj(c, "resources"), "limits"), "memory");
      const limit = q === null ? null : parseMemoryQuantity(q);
      if (limit !== null && !limits.has(name)) limits.set(name, limit);
    }
    const status = obj(pod, "status");
    const reason = str(status, "reason");
    if (reason !== null) {
      // Eviction (node-pressure): the pod's phase is Failed with reason Evicted
      lines.push(`pod ${name}: status.reason=${reason} message=${str(status, "message") ?? ""}`.trim());
      sections.push(section);
    }
    for (const cs of arrayOf(status, "containerStatuses")) {
      for (const which of ["state", "lastState"]) {
        const term = obj(obj(cs, which), "terminated");
        if (term === null) continue;
        const exit = num(term, "exitCode");
        lines.push(
          `pod ${name} container ${str(cs, "name") ?? "?"}: ${which}.terminated reason=${str(term, "reason") ?? ""} exitCode=${exit ?? ""}`,
        );
        sections.push(section);
      }
    }
  }
  return {
    kind: "pod-json",
    lines,
    sections,
    cues: { yarn: false, kubernetes: true, local: false },
    eventLog: null,
    podMemoryLimits: limits,
  };
}

function arrayOf(o: JsonObject | null, key: string): JsonObject[] {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter((x): x is JsonObject => typeof x === "object" && x !== null) : [];
}
