export { type CacheForecast, type LogSimulation, type StageForecast, simulateLog } from "./fromLog.js";
export { LogTimeline, MAX_TASKS } from "./logTimeline.js";
export { MemoryManager } from "./memoryManager.js";
export type { StorageLevelName } from "./memoryStore.js";
export { managerOf, regionsOf } from "./regions.js";
export { describeEvent, type Scenario, type SimEvent } from "./scenario.js";
export { MAX_BLOCKS, MAX_EVENTS, parseScenarioJson, scenarioOf } from "./scenarioInput.js";
export {
  DEFAULT_BLOCK_BYTES,
  type Shorthand,
  type ShorthandNames,
  type ShorthandText,
  shorthandOfText,
  shorthandScenario,
} from "./shorthand.js";
export { type SimulateResult, simulate } from "./simulate.js";
export { MemorySimulator, type PoolState, type Step, type Summary, type Woken } from "./simulator.js";
export { StaticMemoryManager, type StaticRegions } from "./staticMemoryManager.js";
export { UnifiedMemoryManager, type UnifiedRegions } from "./unifiedMemoryManager.js";
