import type { ConfEntry, Origin } from "../sparkConf.js";
import type { AppType } from "./sparkSubmit.js";

/** What a configuration source says: Spark settings with their origin, and facts about the app. */
export interface SourcedConf {
  /** In file order; later ones win when merged (confFromEntries). */
  entries: ConfEntry[];
  facts: ConfFacts;
  /** Settings found whose key or value is not a literal (a variable, an f-string with placeholders…). */
  unresolved?: { origin: Origin; text: string }[];
}

/** What a source knows about the application beyond its settings. */
export interface ConfFacts {
  /** E.g. a SparkApplication's spec.sparkVersion. */
  sparkVersion?: string;
  /** E.g. "k8s://https://kubernetes.default.svc", implied by a SparkApplication. */
  master?: string;
  /** "client" or "cluster"; a flag's text as given (explain and lint refuse any other). */
  deployMode?: string;
  appType?: AppType;
  /** Settings applied from inside an already running Python process (builder/SparkConf): driver JVM settings there have no effect in client mode. */
  setAtRuntime?: boolean;
  /** A Jupyter notebook: its kernel's driver JVM is usually already running when a cell runs. */
  notebook?: boolean;
  /** EMR: the "spark" classification's maximizeResourceAllocation=true. */
  maximizeResourceAllocation?: boolean;
  /** Cluster settings that are not Spark keys, e.g. yarn-site / capacity-scheduler properties (key → {value, origin}). */
  cluster?: Record<string, { value: string; origin: Origin }>;
}
