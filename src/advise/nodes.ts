import { MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import { valuesOf } from "../conf/sparkConf.js";
import { clusterOf } from "../size/index.js";

/**
 * The next run's nodes, as `size` takes them: an EMR instance type or an explicit shape, with the cluster's
 * yarn.*, kubelet.* and k8s.* settings. size's cluster builders turn them into what a node offers (YARN's
 * NodeManager memory and scheduler, Kubernetes allocatable memory), so that advise grants and checks the
 * containers exactly as size sizes them.
 */
export interface NextNodes {
  instanceType?: string;
  cores?: number;
  memoryBytes?: number;
  osReservedMemoryBytes?: number;
  /** yarn.*, kubelet.* and k8s.* settings. */
  cluster?: Record<string, string>;
}

export interface NodeFacts {
  /** The YARN settings the model reads (NodeManager memory, allocation bounds); none for Kubernetes. */
  settings: Record<string, string>;
  /** The largest executor container (YARN's grant) or pod a node accepts. */
  maxContainerBytes: number;
  /** How the node's memory was obtained, in size's words. */
  derivation: string;
}

export function nodeFacts(manager: string, n: NextNodes): NodeFacts {
  if (manager !== "yarn" && manager !== "kubernetes")
    throw new SparkmemError(
      "--instance-type / --node-memory",
      `describe YARN or Kubernetes nodes, not ${manager}'s`,
      {
        expected:
          "a log of an application on YARN or Kubernetes (or --conf spark.master=yarn for the next run)",
      },
    );
  const group = {
    name: "nodes",
    nodes: 1,
    ...(n.instanceType !== undefined ? { instanceType: n.instanceType } : {}),
    ...(n.cores !== undefined ? { cores: n.cores } : {}),
    ...(n.memoryBytes !== undefined ? { memoryBytes: n.memoryBytes } : {}),
  };
  const cluster = clusterOf({
    master: manager,
    groups: [group],
    ...(n.osReservedMemoryBytes !== undefined ? { osReservedMemoryBytes: n.osReservedMemoryBytes } : {}),
    conf: n.cluster ?? {},
  });
  const g = cluster.groups[0];
  if (!g) throw new SparkmemError("--instance-type / --node-memory", "describes no node");
  const settings: Record<string, string> = {};
  if (cluster.yarn) {
    Object.assign(settings, valuesOf(cluster.yarn.settings));
    settings["yarn.nodemanager.resource.memory-mb"] ??= String(Math.floor(g.memoryBytes / MiB));
  }
  return { settings, maxContainerBytes: g.maxContainerBytes, derivation: g.derivation };
}
