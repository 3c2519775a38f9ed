import type { AmLayout, ProcessLayout } from "../model/types.js";

/** The drawable parts of one process, outermost first, each a slice of the container. */
export interface Region {
  id: string;
  label: string;
  bytes: number;
}

/**
 * Container → [heap: reserved | user | storage | execution | heap the JVM keeps] + off-heap +
 * PySpark + overhead (+ YARN's rounding). Without a container, the JVM's own memory is drawn.
 */
export function processRegions(p: ProcessLayout): Region[] {
  const heapVisible = Math.max(p.heapBytes, p.systemMemoryBytes);
  const regions: Region[] =
    p.memoryManager === "static"
      ? [
          { id: "storage", label: "Storage (legacy)", bytes: p.storageRegionBytes },
          { id: "execution", label: "Execution (legacy)", bytes: p.executionRegionBytes },
          { id: "user", label: "Other heap", bytes: p.userBytes },
        ]
      : [
          { id: "reserved", label: "Reserved", bytes: p.reservedBytes },
          { id: "user", label: "User memory", bytes: p.userBytes },
          { id: "storage", label: "Storage region", bytes: p.storageRegionBytes },
          { id: "execution", label: "Execution region", bytes: p.executionRegionBytes },
        ];
  regions.push({
    id: "jvm",
    label: "Heap not reported (survivor)",
    bytes: heapVisible - p.systemMemoryBytes,
  });
  regions.push({ id: "offheap", label: "Off-heap", bytes: countedOffHeap(p) });
  regions.push({ id: "pyspark", label: "PySpark", bytes: p.pysparkBytes });
  regions.push({ id: "overhead", label: "Overhead", bytes: p.overheadBytes });
  if (p.containerBytes !== null && p.containerAllocatedBytes !== null) {
    regions.push({
      id: "rounding",
      label: "YARN rounding",
      bytes: p.containerAllocatedBytes - p.containerBytes,
    });
  }
  return regions.filter((r) => r.bytes > 0);
}

/** Off-heap inside the container as the cluster manager counts it (none for a driver that runs no tasks). */
export function countedOffHeap(p: ProcessLayout): number {
  if (p.containerBytes === null) return p.runsTasks ? p.offHeapBytes : 0;
  return Math.max(
    0,
    Math.min(p.offHeapBytes, p.containerBytes - p.heapBytes - p.overheadBytes - p.pysparkBytes),
  );
}

export function amRegions(am: AmLayout): Region[] {
  return [
    { id: "heap", label: "AM heap", bytes: am.heapBytes },
    { id: "overhead", label: "Overhead", bytes: am.overheadBytes },
    { id: "rounding", label: "YARN rounding", bytes: am.containerAllocatedBytes - am.containerBytes },
  ].filter((r) => r.bytes > 0);
}

/**
 * Split `width` columns among regions in proportion to their bytes (largest remainder), giving
 * every non-empty region at least one column so nothing disappears from the picture.
 */
export function columns(regions: Region[], width: number): number[] {
  const total = regions.reduce((s, r) => s + r.bytes, 0);
  if (total === 0 || regions.length === 0) return regions.map(() => 0);
  const exact = regions.map((r) => (r.bytes / total) * width);
  const cols = exact.map((x) => Math.max(1, Math.floor(x)));
  let used = cols.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rem: x - Math.floor(x) })).sort((a, b) => b.rem - a.rem);
  for (let k = 0; used < width && k < order.length; k++, used++) {
    const i = (order[k] as { i: number }).i;
    cols[i] = (cols[i] as number) + 1;
  }
  while (used > width) {
    const widest = cols.indexOf(Math.max(...cols));
    cols[widest] = (cols[widest] as number) - 1;
    used--;
  }
  return cols;
}
