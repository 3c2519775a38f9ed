import type { AmLayout, ProcessLayout } from "../../src/model/index.js";
import { countedOffHeap } from "../../src/report/index.js";

/** One box of the drawing: a part of its parent, to scale. */
export interface Box {
  id: string;
  label: string;
  bytes: number;
  /** The layout field this box shows (for data-field and the derivation), when it is exactly that field. */
  field?: string;
  /** A sentence for the tooltip when the layout has no derivation for it. */
  about?: string;
  children: Box[];
}

function box(
  id: string,
  label: string,
  bytes: number,
  field?: string,
  about?: string,
  children: Box[] = [],
): Box {
  const b: Box = { id, label, bytes, children };
  if (field) b.field = field;
  if (about) b.about = about;
  return b;
}

const nonEmpty = (bs: Box[]) => bs.filter((b) => b.bytes > 0);

/** The JVM heap: reserved / user / unified (storage + execution), or the legacy manager's pools. */
function heapBox(p: ProcessLayout): Box {
  const visible = Math.max(p.heapBytes, p.systemMemoryBytes);
  const survivor = box(
    "survivor",
    "Not reported (survivor)",
    visible - p.systemMemoryBytes,
    undefined,
    "Heap the JVM keeps out of Runtime.maxMemory (one survivor space, or G1's alignment): Spark never sees it.",
  );
  const parts =
    p.memoryManager === "static"
      ? [
          box("storage", "Storage (legacy)", p.storageRegionBytes, "storageRegionBytes"),
          box("execution", "Execution (legacy)", p.executionRegionBytes, "executionRegionBytes"),
          box(
            "user",
            "Other heap",
            p.systemMemoryBytes - p.storageRegionBytes - p.executionRegionBytes,
            undefined,
            "The heap the legacy memory manager leaves to user code and Spark's own objects.",
          ),
        ]
      : [
          box("reserved", "Reserved", p.reservedBytes, "reservedBytes"),
          box("user", "User memory", p.userBytes, "userBytes"),
          box(
            "unified",
            "Unified",
            p.unifiedBytes,
            "unifiedBytes",
            undefined,
            nonEmpty([
              box("storage", "Storage region", p.storageRegionBytes, "storageRegionBytes"),
              box("execution", "Execution region", p.executionRegionBytes, "executionRegionBytes"),
            ]),
          ),
        ];
  const field = visible === p.heapBytes ? "heapBytes" : undefined;
  return box("heap", "Heap", visible, field, undefined, nonEmpty([...parts, survivor]));
}

/**
 * Container → heap / off-heap / PySpark / overhead (/ YARN's rounding) → reserved / user / unified →
 * storage / execution. Without a container (client-mode or local driver) the root is the JVM process.
 */
export function processTree(p: ProcessLayout): Box {
  const offHeap = countedOffHeap(p);
  const parts = nonEmpty([
    heapBox(p),
    box(
      "offheap",
      "Off-heap",
      offHeap,
      offHeap === p.offHeapBytes ? "offHeapBytes" : undefined,
      "spark.memory.offHeap.size: Tungsten's execution and storage pools outside the heap.",
    ),
    box("pyspark", "PySpark", p.pysparkBytes, "pysparkBytes"),
    box("overhead", "Overhead", p.overheadBytes, "overheadBytes"),
    box(
      "rounding",
      "YARN rounding",
      p.containerAllocatedBytes !== null && p.containerBytes !== null
        ? p.containerAllocatedBytes - p.containerBytes
        : 0,
      undefined,
      "YARN grants memory in multiples of yarn.scheduler.minimum-allocation-mb.",
    ),
  ]);
  const sum = parts.reduce((a, b) => a + b.bytes, 0);
  if (p.containerBytes === null)
    return box("process", "JVM process", sum, undefined, "No container is requested for this JVM.", parts);
  const granted = p.containerAllocatedBytes ?? p.containerBytes;
  const rounded = granted !== p.containerBytes;
  const bytes = Math.max(granted, sum);
  const field = bytes !== granted ? undefined : rounded ? "containerAllocatedBytes" : "containerBytes";
  return box("container", p.pod ? "Pod" : "Container", bytes, field, undefined, parts);
}

export function amTree(am: AmLayout): Box {
  const parts = nonEmpty([
    box("heap", "AM heap", am.heapBytes, "heapBytes"),
    box("overhead", "Overhead", am.overheadBytes, "overheadBytes"),
    box("rounding", "YARN rounding", am.containerAllocatedBytes - am.containerBytes),
  ]);
  const rounded = am.containerAllocatedBytes !== am.containerBytes;
  return box(
    "container",
    "Container",
    am.containerAllocatedBytes,
    rounded ? "containerAllocatedBytes" : "containerBytes",
    undefined,
    parts,
  );
}
