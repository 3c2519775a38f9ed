import type { Cause, CauseId } from "./types.js";

const MAX_EVIDENCE = 8;

/**
 * One cause per (id, process): the most confident one, with the evidence of all of them.
 * Then best first: confidence, then the detector's specificity (a precise message beats a
 * generic one), then the order the input shows them in.
 */
export function rankCauses(causes: readonly Cause[], specificity: (id: CauseId) => number): Cause[] {
  const byKey = new Map<string, Cause>();
  const order: string[] = [];
  for (const c of causes) {
    const key = `${c.id}/${c.process}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, c);
      order.push(key);
      continue;
    }
    const [keep, other] = c.confidence > seen.confidence ? [c, seen] : [seen, c];
    const evidence = [...keep.evidence, ...other.evidence.filter((e) => !keep.evidence.includes(e))];
    byKey.set(key, { ...keep, evidence: evidence.slice(0, MAX_EVIDENCE) });
  }
  const ranked = order.map((k, n) => ({ c: byKey.get(k) as Cause, n }));
  ranked.sort(
    (a, b) => b.c.confidence - a.c.confidence || specificity(b.c.id) - specificity(a.c.id) || a.n - b.n,
  );
  return ranked.map((r) => r.c);
}
