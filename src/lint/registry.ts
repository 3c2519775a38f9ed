import { amResourcePercent } from "./rules/amResourcePercent.js";
import { compressedOops } from "./rules/compressedOops.js";
import { containerAboveMax } from "./rules/containerAboveMax.js";
import { containerAboveNode } from "./rules/containerAboveNode.js";
import { defaultResourceCalculator } from "./rules/defaultResourceCalculator.js";
import { deprecatedKey } from "./rules/deprecatedKey.js";
import { driverMemoryAtRuntime } from "./rules/driverMemoryAtRuntime.js";
import { duplicateSpellings } from "./rules/duplicateSpellings.js";
import { executorSettingsInLocal } from "./rules/executorSettingsInLocal.js";
import { heapAbove64g } from "./rules/heapAbove64g.js";
import { invalidValue } from "./rules/invalidValue.js";
import { k8sCoresMismatch } from "./rules/k8sCoresMismatch.js";
import { k8sCpuLimitBelowRequest } from "./rules/k8sCpuLimitBelowRequest.js";
import { keyNotYet } from "./rules/keyNotYet.js";
import { lowMemoryPerTask } from "./rules/lowMemoryPerTask.js";
import { maximizeOverridden } from "./rules/maximizeOverridden.js";
import { maxResultSizeAboveHeap, maxResultSizeUnlimited } from "./rules/maxResultSize.js";
import { memoryFractionExtreme } from "./rules/memoryFractionExtreme.js";
import { minMemory } from "./rules/minMemory.js";
import { modelRefusal } from "./rules/modelRefusal.js";
import { offHeapEnabledZero } from "./rules/offHeapEnabledZero.js";
import { offHeapOutsideContainer } from "./rules/offHeapOutsideContainer.js";
import { offHeapSizeWithoutEnabled } from "./rules/offHeapSizeWithoutEnabled.js";
import { overheadSmallForPython } from "./rules/overheadSmallForPython.js";
import { overriddenSetting } from "./rules/overriddenSetting.js";
import { pysparkMemoryJvmApp } from "./rules/pysparkMemoryJvmApp.js";
import { pysparkMemoryUnset } from "./rules/pysparkMemoryUnset.js";
import { removedKey } from "./rules/removedKey.js";
import { smallHeapReserved } from "./rules/smallHeapReserved.js";
import { startupError } from "./rules/startupError.js";
import { tooManyCores } from "./rules/tooManyCores.js";
import { unknownKey } from "./rules/unknownKey.js";
import { unresolvedSetting } from "./rules/unresolvedSetting.js";
import { xmxInJavaOptions } from "./rules/xmxInJavaOptions.js";
import { yarnRoundingWaste } from "./rules/yarnRoundingWaste.js";
import type { LintRule } from "./types.js";

/** Every lint rule, grouped as README's rule table lists them. */
export const RULES: readonly LintRule[] = [
  // keys and values Spark cannot use
  unknownKey,
  deprecatedKey,
  removedKey,
  keyNotYet,
  invalidValue,
  modelRefusal,
  startupError,
  minMemory,
  xmxInJavaOptions,
  offHeapEnabledZero,
  containerAboveMax,
  k8sCpuLimitBelowRequest,
  duplicateSpellings,
  overriddenSetting,
  unresolvedSetting,
  // settings with no effect
  driverMemoryAtRuntime,
  executorSettingsInLocal,
  offHeapSizeWithoutEnabled,
  pysparkMemoryJvmApp,
  k8sCoresMismatch,
  // risky sizing
  heapAbove64g,
  compressedOops,
  tooManyCores,
  lowMemoryPerTask,
  smallHeapReserved,
  memoryFractionExtreme,
  pysparkMemoryUnset,
  overheadSmallForPython,
  offHeapOutsideContainer,
  maxResultSizeUnlimited,
  maxResultSizeAboveHeap,
  // the cluster around the application
  containerAboveNode,
  yarnRoundingWaste,
  defaultResourceCalculator,
  amResourcePercent,
  maximizeOverridden,
];
