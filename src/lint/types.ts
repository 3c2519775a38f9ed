import type { Change, ChangeTo } from "../conf/change.js";
import type { ClusterManager } from "../conf/master.js";
import type { ConfEntry, Origin } from "../conf/sparkConf.js";
import type { SparkVersion } from "../conf/version.js";
import type { ExplainInput } from "../model/explain.js";
import type { Layout } from "../model/types.js";

export type Severity = "error" | "warning" | "info";

/** `sparkmem lint --json` findings[] (README documents the shape). */
export interface Finding {
  ruleId: string;
  severity: Severity;
  key: string;
  /** The file, flag or "default" the setting came from. */
  source: string;
  line: number | null;
  message: string;
  /** The rule's explanation: why this matters. */
  why: string;
  /** The changes that fix it, each with the value it replaces and why (the rule's why unless it has its own). */
  fix: Change[];
}

/** What a rule reports; the runner adds the rule's id, severity and the entry's source. */
export interface RuleFinding {
  key: string;
  message: string;
  /** What to set: the runner fills in what the configuration has now, and the rule's why unless one is given. */
  fix: ChangeTo[];
  /** The setting the finding is about, for its source and line. */
  entry?: ConfEntry;
  /** A rule may lower or raise its default severity for one case. */
  severity?: Severity;
}

/** Facts a source knows beyond key=value (see conf/sources). */
export interface LintFacts {
  /** Set from inside a running Python process (SparkSession.builder / SparkConf). */
  setAtRuntime?: boolean;
  notebook?: boolean;
  maximizeResourceAllocation?: boolean;
  /** Cluster settings that are not Spark keys (yarn-site, capacity-scheduler). */
  cluster?: Record<string, { value: string; origin: Origin }>;
}

export interface LintContext {
  version: SparkVersion;
  /** "3.5" */
  line: string;
  clusterManager: ClusterManager;
  deployMode: "client" | "cluster";
  appType: "jvm" | "python" | "r";
  /** False when nothing said what the application is (the model then assumes a JVM one). */
  appTypeKnown: boolean;
  /** Every setting as written, in precedence order (later wins), before merging. */
  entries: readonly ConfEntry[];
  /** The merged settings: the entry Spark reads for each key. */
  merged: ReadonlyMap<string, ConfEntry>;
  facts: LintFacts;
  /** Settings a source found but could not read (a value from a variable or an f-string). */
  unresolved: readonly { origin: Origin; text: string }[];
  /** What explain was asked, so rules can ask the model's inverse about other settings. */
  explainInput: ExplainInput;
  /** explain's layout; null when the settings cannot be modelled (layoutError says why). */
  layout: Layout | null;
  /** `sparkMessage`: Spark's own refusal text when Spark would refuse the input too. */
  layoutError: { where: string; message: string; sparkMessage: string | null } | null;
}

export interface LintRule {
  id: string;
  title: string;
  severity: Severity;
  /** Spark lines / cluster managers the rule is about; absent means all. */
  appliesTo?: { since?: string; until?: string; clusterManagers?: ClusterManager[] };
  /** Why it matters (shown with each finding and in the rule table). */
  why: string;
  /** How to fix it, in words (each finding carries the exact keys and values). */
  fix: string;
  /** The Spark (or YARN/Kubernetes/JVM) source or documentation the rule rests on. */
  docs: string;
  check(ctx: LintContext): RuleFinding[];
}
