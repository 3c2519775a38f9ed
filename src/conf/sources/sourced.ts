import type { ConfEntry, Origin } from "../sparkConf.js";

/** What a configuration source says: Spark settings with their origin, and facts about the app. */
export interface SourcedConf {
  /** In file order; later ones win when merged (confFromEntries). */
  entries: ConfEntry[];
  facts: {
    /** E.g. a SparkApplication's spec.sparkVersion. */
    sparkVersion?: string;
    /** E.g. "k8s://https://kubernetes.default.svc", implied by a SparkApplication. */
    master?: string;
    deployMode?: "client" | "cluster";
    appType?: "jvm" | "python" | "r";
    /** Settings applied from inside an already running Python process (builder/SparkConf): driver JVM settings there have no effect in client mode. */
    setAtRuntime?: boolean;
    /** A Jupyter notebook: its kernel's driver JVM is usually already running when a cell runs. */
    notebook?: boolean;
    /** EMR: the "spark" classification's maximizeResourceAllocation=true. */
    maximizeResourceAllocation?: boolean;
    /** Cluster settings that are not Spark keys, e.g. yarn-site / capacity-scheduler properties (key → {value, origin}). */
    cluster?: Record<string, { value: string; origin: Origin }>;
  };
  /** Settings found whose key or value is not a literal (a variable, an f-string with placeholders…). */
  unresolved?: { origin: Origin; text: string }[];
}
