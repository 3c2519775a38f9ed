export type { StorageLevelName } from "./memoryStore.js";
export { regionsOf } from "./regions.js";
export { describeEvent, type Scenario, type SimEvent } from "./scenario.js";
export { MAX_BLOCKS, MAX_EVENTS, scenarioOf } from "./scenarioInput.js";
export { DEFAULT_BLOCK_BYTES, type Shorthand, shorthandScenario } from "./shorthand.js";
export { type SimulateResult, simulate } from "./simulate.js";
export { MemorySimulator, type PoolState, type Step, type Summary, type Woken } from "./simulator.js";
export type { UnifiedRegions } from "./unifiedMemoryManager.js";
