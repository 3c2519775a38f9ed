/** `kubectl describe pod` of an executor whose container Kubernetes OOMKilled, up to its exit code (no limits). */
export const DESCRIBE_OOMKILLED: readonly string[] = [
  "Name:         spark-pi-6b3c2d8f1a-exec-3",
  "Namespace:    default",
  "Containers:",
  "  spark-kubernetes-executor:",
  "    State:          Waiting",
  "      Reason:       CrashLoopBackOff",
  "    Last State:     Terminated",
  "      Reason:       OOMKilled",
  "      Exit Code:    137",
];
