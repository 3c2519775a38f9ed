/** A Kubernetes cpu quantity ("2", "500m", "1.5") → cores, or null when it is not one. */
export function parseCpuQuantity(q: string): number | null {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)(m?)\s*$/.exec(q);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === "m" ? n / 1000 : n;
}
