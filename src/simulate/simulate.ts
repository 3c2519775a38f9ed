import { SparkmemError } from "../conf/errors.js";
import type { Layout, ProcessLayout } from "../model/types.js";
import { managerOf } from "./regions.js";
import type { Scenario } from "./scenario.js";
import { MemorySimulator, type Step, type Summary } from "./simulator.js";

export interface SimulateResult {
  layout: Layout;
  process: "executor" | "driver";
  steps: Step[];
  summary: Summary;
  notes: string[];
}

/** The JVM a scenario runs in: an executor, the driver, or in local mode the driver that runs the tasks. */
function processOf(layout: Layout, scenario: Scenario, notes: string[]): ProcessLayout {
  if (scenario.process === "driver") return layout.driver;
  if (layout.executor) return layout.executor;
  notes.push("Local mode: the driver is the only executor; the scenario runs in its memory manager.");
  return layout.driver;
}

/**
 * A scenario through Spark's unified memory manager laid out for the process (simulator.ts): each step's
 * grants, waits, evictions and spills, and the pools after it.
 */
export function simulate(layout: Layout, scenario: Scenario): SimulateResult {
  const notes: string[] = [];
  const p = processOf(layout, scenario, notes);
  if (
    p.memoryManager === "static" &&
    scenario.events.some((e) => "cache" in e && e.cache.level === "OFF_HEAP")
  )
    throw new SparkmemError(
      "OFF_HEAP",
      "cannot be cached by the static memory manager (spark.memory.useLegacyMode)",
      {
        expected: "MEMORY_ONLY or MEMORY_AND_DISK",
        sparkMessage: "requirement failed: StaticMemoryManager does not support off-heap storage memory",
      },
    );
  if (p.memoryManager === "static")
    notes.push(
      "spark.memory.useLegacyMode: the static memory manager's fixed pools — storage never borrows execution memory and execution never takes storage's.",
    );
  const offHeap = p.offHeapBytes > 0;
  const tasks = new Set(scenario.events.flatMap((e) => ("task" in e ? [e.task] : [])));
  const slots = p.taskSlots;
  if (slots > 0 && tasks.size > slots)
    notes.push(
      `${tasks.size} tasks take part, but this ${p.role} runs at most ${slots} at once (${p.cores} cores / spark.task.cpus): Spark would start the others as running ones end.`,
    );
  if (!offHeap && scenario.events.some((e) => "cache" in e && e.cache.level === "OFF_HEAP"))
    notes.push(
      "OFF_HEAP blocks need spark.memory.offHeap.enabled and a size: with no off-heap pool they go to disk.",
    );
  if (offHeap)
    notes.push(
      "spark.memory.offHeap.enabled: tasks' execution memory (Tungsten) comes from the off-heap pools.",
    );
  const sim = new MemorySimulator(managerOf(p), offHeap ? "OFF_HEAP" : "ON_HEAP");
  const { steps, summary } = sim.run(scenario.events);
  if (summary.waitingAtEnd.length > 0)
    notes.push(
      `Task${summary.waitingAtEnd.length > 1 ? "s" : ""} ${summary.waitingAtEnd.join(", ")} still wait for memory at the end: Spark blocks a task that cannot get 1/2N of the execution pool until another task releases memory or ends.`,
    );
  if (steps.some((s) => s.raced))
    notes.push(
      "Where several waiting tasks wake at once the JVM sets no order; they retry here in the order they waited, as HotSpot hands over the lock.",
    );
  return { layout, process: p.role, steps, summary, notes };
}
