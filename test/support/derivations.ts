import { type ExplainInput, explain } from "../../src/model/explain.js";

/** explain's derivation formulas per process: what `explain --why` prints for each figure. */
export function derivations(input: ExplainInput): Record<string, Record<string, string>> {
  const layout = explain(input) as unknown as Record<
    string,
    { derivation?: Record<string, { formula: string }> } | null
  >;
  const out: Record<string, Record<string, string>> = {};
  for (const p of ["driver", "executor", "am"]) {
    const d = layout[p]?.derivation;
    if (d) out[p] = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.formula]));
  }
  return out;
}
