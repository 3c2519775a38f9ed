/**
 * What the ResourceManager grants for a request (Hadoop DefaultResourceCalculator.normalize with
 * CapacityScheduler's step = yarn.scheduler.minimum-allocation-mb):
 *   min(roundUp(max(request, min), min), max)
 * The NodeManager enforces the granted size, so kill messages quote it, not Spark's request.
 */
export function normalizeYarnMiB(
  requestMiB: number,
  minAllocationMiB: number,
  maxAllocationMiB: number | null,
): number {
  const step = minAllocationMiB > 0 ? minAllocationMiB : 1;
  const rounded = Math.ceil(Math.max(requestMiB, minAllocationMiB) / step) * step;
  return maxAllocationMiB === null ? rounded : Math.min(rounded, maxAllocationMiB);
}
