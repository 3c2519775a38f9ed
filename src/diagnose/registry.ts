import { blockOver2gb } from "./causes/block-over-2gb.js";
import { broadcastTooLarge } from "./causes/broadcast-too-large.js";
import { containerAboveMax } from "./causes/container-above-max.js";
import { directBufferOom } from "./causes/direct-buffer-oom.js";
import { diskFullSpill } from "./causes/disk-full-spill.js";
import { executorLostFetchFailed } from "./causes/executor-lost-fetch-failed.js";
import { gcOverhead } from "./causes/gc-overhead.js";
import { heapOom } from "./causes/heap-oom.js";
import { heartbeatTimeout } from "./causes/heartbeat-timeout.js";
import { invalidMemorySettings } from "./causes/invalid-memory-settings.js";
import { k8sOomkilled } from "./causes/k8s-oomkilled.js";
import { kryoBufferOverflow } from "./causes/kryo-buffer-overflow.js";
import { maxResultSize } from "./causes/max-result-size.js";
import { metaspaceOom } from "./causes/metaspace-oom.js";
import { nativeMemory } from "./causes/native-memory.js";
import { nativeThread } from "./causes/native-thread.js";
import { osOomKill } from "./causes/os-oom-kill.js";
import { pythonWorkerOom } from "./causes/python-worker-oom.js";
import { rpcMessageTooLarge } from "./causes/rpc-message-too-large.js";
import { unableToAcquireMemory } from "./causes/unable-to-acquire-memory.js";
import { unknownCause } from "./causes/unknown.js";
import { yarnPmemKill } from "./causes/yarn-pmem-kill.js";
import { yarnVmemKill } from "./causes/yarn-vmem-kill.js";
import type { Detector } from "./detector.js";
import type { CauseId } from "./types.js";

/** Every rule, in the order of the documented vocabulary. Data only: add a module, list it here. */
export const DETECTORS: readonly Detector[] = [
  yarnPmemKill,
  yarnVmemKill,
  k8sOomkilled,
  osOomKill,
  heapOom,
  gcOverhead,
  maxResultSize,
  broadcastTooLarge,
  directBufferOom,
  metaspaceOom,
  nativeThread,
  nativeMemory,
  pythonWorkerOom,
  unableToAcquireMemory,
  invalidMemorySettings,
  containerAboveMax,
  executorLostFetchFailed,
  diskFullSpill,
  kryoBufferOverflow,
  blockOver2gb,
  heartbeatTimeout,
  rpcMessageTooLarge,
  unknownCause,
];

/** The documented vocabulary (README generation): id, title, explanation, source reference. */
export const CAUSES: readonly { id: CauseId; title: string; explanation: string; docs: string }[] =
  DETECTORS.map((d) => ({ id: d.id, title: d.title, explanation: d.explanation, docs: d.docs }));

const SPECIFICITY = new Map(DETECTORS.map((d) => [d.id, d.specificity]));

export function specificityOf(id: CauseId): number {
  return SPECIFICITY.get(id) ?? 0;
}
