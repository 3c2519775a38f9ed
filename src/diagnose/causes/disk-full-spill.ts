import { adviseHeapGrowth } from "../advice/heap.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { recordText } from "../process.js";

const NO_SPACE: MessagePattern = {
  re: /No space left on device/,
  source: "Linux ENOSPC as java.io.IOException reports it (FileOutputStream.writeBytes)",
};
// the writers that spill and write shuffle files to spark.local.dir
const SPILL_FRAMES =
  /DiskBlockObjectWriter|UnsafeSorterSpillWriter|ShuffleExternalSorter|ExternalSorter|ExternalAppendOnlyMap|BypassMergeSortShuffleWriter|IndexShuffleBlockResolver|UnsafeExternalSorter|DiskStore|blockmgr-/;

export const diskFullSpill: Detector = {
  id: "disk-full-spill",
  title: "The local disk filled up while spilling or writing shuffle files",
  explanation:
    "When execution memory is short, Spark spills sorted runs and hash maps to its local directories, and every shuffle writes its map output there too. 'No space left on device' from those writers means the local disks are too small for the spills and shuffle files of the tasks running on the node.",
  docs: "Spark docs configuration.md (spark.local.dir; on YARN the NodeManager's yarn.nodemanager.local-dirs; on Kubernetes spark-local-dir volumes)",
  patterns: [NO_SPACE],
  specificity: 8,
  detect(input, ctx) {
    const hits = scan(input, [NO_SPACE]);
    if (hits.length === 0) return [];
    const spill = hits.some((h) => SPILL_FRAMES.test(recordText(input, h.i)));
    const path = /(\/\S*blockmgr-[\w-]+)/.exec(input.lines.join("\n"))?.[1] ?? null;
    const heap = adviseHeapGrowth(ctx, "executor");
    const where =
      ctx.manager === "yarn"
        ? // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "On YARN, Spark uses the NodeManager's yarn.nodemanager.local-dirs (spark.local.dir is ignored): add disks there or use larger ones."
        : ctx.manager === "kubernetes"
          ? // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "On Kubernetes, mount a larger volume named spark-local-dir-1 (spark.kubernetes.executor.volumes.*) instead of the node's emptyDir."
          : // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Point spark.local.dir (SPARK_LOCAL_DIRS) at one directory on each large disk, comma-separated.";
    return [
      baseCause(diskFullSpill, {
        title: spill
          ? "The local disk filled up while spilling or writing shuffle data"
          : "A disk filled up ('No space left on device') — not clearly Spark's spill directory",
        explanation: diskFullSpill.explanation,
        process: "executor",
        confidence: spill ? 0.9 : 0.5,
        evidence: evidenceOf(
          input,
          hits.map((h) => h.i),
        ),
        figures: path ? { path } : {},
        changes: [],
        alternatives: [
          {
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            title: "Spill less: more execution memory per task (a larger heap)",
            changes: heap.changes,
            containerBytes: (heap.figures.recommendedContainerBytes as number | undefined) ?? null,
            heapBytes: (heap.figures.recommendedHeapBytes as number | undefined) ?? null,
          },
        ],
        codeChanges: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Shuffle less data: filter and project before wide operations; spread skewed keys so one task does not spill everything.",
        ],
        nextChecks: [
          where,
          `Check the free space of the local directories on the failing node (df -h${path ? ` ${path.replace(/\/blockmgr-.*/, "")}` : ""}); spills of a skewed task show in \`sparkmem analyze\` as one task's disk spill far above the median.`,
        ],
      }),
    ];
  },
};
