import { bytesToString } from "../conf/bytesToString.js";
import type { ProcessLayout } from "../model/types.js";
import { countedOffHeap } from "./regions.js";

/** One line of the region table, shared by the terminal and Markdown reporters. */
export interface Row {
  label: string;
  bytes: number | null;
  human: string;
  /** Derivation key for --why. */
  field?: string;
  note?: string;
}

const b = (label: string, bytes: number, field: string, note?: string): Row => ({
  label,
  bytes,
  human: bytesToString(bytes),
  field,
  ...(note ? { note } : {}),
});

export function rows(p: ProcessLayout): Row[] {
  const out: Row[] = [];
  if (p.containerBytes !== null) {
    out.push(
      b(
        "Container requested",
        p.containerBytes,
        "containerBytes",
        p.pod ? "pod memory request = limit" : undefined,
      ),
    );
    if (p.containerAllocatedBytes !== null && p.containerAllocatedBytes !== p.containerBytes) {
      out.push(b("Container granted (YARN)", p.containerAllocatedBytes, "containerAllocatedBytes"));
    }
  }
  if (p.overheadBytes) out.push(b("Memory overhead", p.overheadBytes, "overheadBytes"));
  if (p.pysparkBytes) out.push(b("PySpark memory", p.pysparkBytes, "pysparkBytes"));
  if (p.offHeapBytes) {
    const missing = p.containerBytes !== null && countedOffHeap(p) < p.offHeapBytes;
    out.push(
      b(
        "Off-heap",
        p.offHeapBytes,
        "offHeapBytes",
        missing ? "NOT counted in the container/pod" : "spark.memory.offHeap.size",
      ),
    );
  }
  out.push(b("Heap (-Xmx)", p.heapBytes, "heapBytes"));
  out.push(b("System memory", p.systemMemoryBytes, "systemMemoryBytes", "Runtime.maxMemory"));
  if (p.memoryManager === "unified") {
    out.push(b("Reserved", p.reservedBytes, "reservedBytes"));
    out.push(b("Usable", p.usableBytes, "usableBytes"));
    out.push(b("User memory", p.userBytes, "userBytes"));
    out.push(b("Unified (storage+execution)", p.unifiedBytes, "unifiedBytes"));
    out.push(b("  Storage region", p.storageRegionBytes, "storageRegionBytes", "immune to eviction"));
    out.push(b("  Execution region", p.executionRegionBytes, "executionRegionBytes"));
  } else {
    out.push(b("Storage (legacy)", p.storageRegionBytes, "storageRegionBytes"));
    out.push(b("Execution (legacy)", p.executionRegionBytes, "executionRegionBytes"));
  }
  out.push(b("UI Storage Memory", p.uiStorageBytes, "uiStorageBytes", "Executors page / BlockManager"));
  if (p.taskSlots > 0) {
    out.push({ label: "Task slots", bytes: null, human: String(p.taskSlots), field: "taskSlots" });
    out.push({
      label: "Execution memory per task",
      bytes: null,
      human: `${bytesToString(p.perTaskExecutionMinBytes)} … ${bytesToString(p.perTaskExecutionMaxBytes)}`,
      field: "perTaskExecution",
      note: `with ${p.taskSlots} tasks running`,
    });
  }
  return out;
}
