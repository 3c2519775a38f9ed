import { GiB, MiB } from "../conf/byteString.js";
import type { MachineSight } from "./context.js";
import { buildContext, type ExplainInput } from "./explain.js";
import { largestFitting } from "./inverse.js";
import { computeLayout } from "./layout.js";

/**
 * What a block manager's maximum reveals about the machine its JVM ran on. Runtime.maxMemory, and so
 * BlockManager's max memory, depends on more than the settings: below a "server class" machine (2 CPUs,
 * 1792 MiB) every JVM runs Serial, whose heap keeps a smaller survivor space; Java 8's Parallel collector
 * starts with 1/64 of physical memory and reports max(heap − a third of the young generation, the heap it
 * committed at start), so the same -Xmx gives a larger figure on a large machine (jvm.ts runtimeMaxMemory).
 * Found by search over the layout computation, as every inverse of the model is.
 */
export interface RevealedMachine {
  machine: MachineSight;
  /** Whose figure the maximum is and what it says about the machine, in a user's words. */
  reason: string;
}

type Role = "driver" | "executor";

function figure(input: ExplainInput, role: Role, machine: MachineSight): number | null {
  const layout = computeLayout(buildContext({ ...input, machines: { ...input.machines, [role]: machine } }));
  const p = role === "driver" ? layout.driver : layout.executor;
  return p ? p.uiStorageBytes : null;
}

/** The machine that makes `role`'s block manager maximum equal `reported`, or null when none does. */
export function machineRevealed(input: ExplainInput, role: Role, reported: number): RevealedMachine | null {
  const seen = input.machines?.[role] ?? {};
  if (figure(input, role, seen) === reported) return null; // the settings alone give it: nothing revealed
  // Below server class: Serial whatever the memory (1 CPU stands for "fewer than 2 CPUs or < 1792 MiB").
  if (figure(input, role, { ...seen, cores: 1 }) === reported) {
    return {
      machine: { ...seen, cores: 1 },
      reason: `the Serial collector's figure: the ${role}'s machine or container had fewer than 2 CPUs or less than 1792 MiB (the JVM's server-class rule)`,
    };
  }
  // Parallel's figure grows with physical memory up to the heap's own size: search it in MiB.
  const lo = 1792;
  const hi = 64 * 1024 * 1024; // 64 TiB
  const at = (mib: number) => figure(input, role, { ...seen, memoryBytes: mib * MiB }) ?? 0;
  const below = largestFitting(lo, hi, (mib) => at(mib) < reported);
  const first = below === null ? lo : below + 1;
  if (first > hi || at(first) !== reported || at(lo) === at(hi)) return null;
  const last = largestFitting(first, hi, (mib) => at(mib) === reported) as number;
  const range = last >= hi ? `at least ${gib(first)} GiB` : `between ${gib(first)} and ${gib(last)} GiB`;
  return {
    machine: { ...seen, memoryBytes: first * MiB },
    reason: `the Parallel collector's figure on a machine with ${range} of memory (its initial heap is 1/64 of physical memory)`,
  };
}

function gib(mib: number): string {
  return ((mib * MiB) / GiB).toFixed(1);
}
