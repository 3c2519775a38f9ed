import { bytesToString } from "../conf/bytesToString.js";
import type { SizedLayout, SizeResult } from "../size/types.js";

const size = (b: number) => (b === 0 ? "0" : bytesToString(b));
const pct = (x: number) => `${Math.round(x * 100)}%`;
const cores = (n: number) => String(Math.round(n * 1000) / 1000);
const plural = (n: number, one: string, many: string) => `${cores(n)} ${n === 1 ? one : many}`;

const COLUMNS = [
  "#",
  "cores",
  "exec/node",
  "heap",
  "overhead",
  "pyspark",
  "off-heap",
  "container",
  "executors",
  "slots",
  "heap/slot",
  "CPU",
  "memory",
  "stranded/node",
  "score",
];

function row(l: SizedLayout): string[] {
  return [
    String(l.rank),
    String(l.executorCores),
    l.nodeGroups.map((g) => g.executorsPerNode).join("+"),
    size(l.executorMemoryBytes),
    size(l.overheadBytes),
    size(l.pysparkBytes),
    size(l.offHeapBytes),
    size(l.containerAllocatedBytes),
    String(l.totalExecutors),
    String(l.taskSlots),
    size(l.memoryPerSlotBytes),
    pct(l.cpuUtilization),
    pct(l.memoryUtilization),
    `${plural(l.strandedCoresPerNode, "core", "cores")}, ${size(l.strandedMemoryBytesPerNode)}`,
    l.score.toFixed(3),
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function header(r: SizeResult): string[] {
  const c = r.cluster;
  const lines = [
    `sparkmem size: ${c.clusterManager}, Spark ${c.sparkVersion}, ${c.appType} app, ${c.deployMode} mode, workload ${c.workload.name} (${c.workload.why})`,
  ];
  for (const g of c.nodeGroups)
    lines.push(
      `  nodes "${g.name}": ${g.nodes} × ${g.instanceType ?? "node"}: ${cores(g.nodeCores)} ${c.clusterManager === "yarn" ? "vcores" : "CPUs"}, ${size(g.nodeMemoryBytes)} for executors (${g.derivation})`,
    );
  if (c.yarn)
    lines.push(
      `  YARN: containers rounded up to multiples of ${c.yarn.stepMiB} MiB (${c.yarn.scheduler === "fair" ? "FairScheduler increment" : "yarn.scheduler.minimum-allocation-mb"}), at most ${c.yarn.maxAllocationMiB} MiB; ${c.yarn.resourceCalculator === "dominant" ? "DominantResourceCalculator" : "DefaultResourceCalculator"}`,
    );
  if (c.driver)
    lines.push(
      `  ${c.driver.what}: ${size(c.driver.memoryBytes)}, ${plural(c.driver.cores, "core", "cores")}, on one node`,
    );
  return lines;
}

function emrRows(r: SizeResult): string[][] | null {
  const e = r.maximizeResourceAllocation;
  const o = r.layouts[0];
  if (!e || !o) return null;
  const pair = (name: string, f: (l: SizedLayout) => string) => [name, f(o), f(e)];
  return [
    ["", "ours (#1)", "EMR maximizeResourceAllocation"],
    pair("executor cores", (l) => String(l.executorCores)),
    pair("executors per node", (l) => String(l.executorsPerNode)),
    pair("heap (spark.executor.memory)", (l) => size(l.executorMemoryBytes)),
    pair("overhead", (l) => size(l.overheadBytes)),
    pair("container", (l) => size(l.containerAllocatedBytes)),
    pair("executors", (l) => String(l.totalExecutors)),
    pair("task slots", (l) => String(l.taskSlots)),
    pair("heap per slot", (l) => size(l.memoryPerSlotBytes)),
    pair("CPU / memory used", (l) => `${pct(l.cpuUtilization)} / ${pct(l.memoryUtilization)}`),
    pair("score", (l) => l.score.toFixed(3)),
  ];
}

const indent = (s: string, n = 4) =>
  s
    .split("\n")
    .map((l) => " ".repeat(n) + l)
    .join("\n");

export function renderSizeText(r: SizeResult): string {
  const out = [...header(r), "", table([COLUMNS, ...r.layouts.map(row)]), ""];
  for (const l of r.layouts) out.push(`#${l.rank}: ${l.reason}`);
  out.push(
    "",
    "Chosen layout (#1):",
    "  spark-submit flags:",
    indent(r.chosen.sparkSubmit),
    "  spark-defaults.conf:",
    indent(r.chosen.sparkDefaults),
    "  EMR configuration JSON:",
    indent(JSON.stringify(r.chosen.emrConfiguration, null, 2)),
    "  SparkApplication fragment (spark-operator v1beta2):",
    indent(r.chosen.sparkApplication),
  );
  const emr = emrRows(r);
  if (emr && r.maximizeResourceAllocation) {
    out.push("", "EMR maximizeResourceAllocation for the same cluster:", indent(table(emr), 2));
    out.push(`  ${r.maximizeResourceAllocation.reason}`);
  }
  if (r.notes.length > 0) out.push("", "Notes:", ...r.notes.map((n) => `  - ${n}`));
  return `${out.join("\n")}\n`;
}

const mdRow = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
function mdTable(rows: string[][]): string {
  const [head, ...rest] = rows;
  if (!head) return "";
  return [mdRow(head), mdRow(head.map(() => "---")), ...rest.map(mdRow)].join("\n");
}

export function renderSizeMarkdown(r: SizeResult): string {
  const out = [
    "## sparkmem size",
    "",
    ...header(r).map((l) => (l.startsWith("  ") ? `- ${l.trim()}` : l)),
    "",
    mdTable([COLUMNS, ...r.layouts.map(row)]),
    "",
    ...r.layouts.map((l) => `- **#${l.rank}**: ${l.reason}`),
    "",
    "### Chosen layout (#1)",
    "",
    "```bash",
    r.chosen.sparkSubmit,
    "```",
    "",
    "```properties",
    r.chosen.sparkDefaults,
    "```",
    "",
    "```json",
    JSON.stringify(r.chosen.emrConfiguration, null, 2),
    "```",
    "",
    "```yaml",
    r.chosen.sparkApplication,
    "```",
  ];
  const emr = emrRows(r);
  if (emr && r.maximizeResourceAllocation)
    out.push(
      "",
      "### EMR maximizeResourceAllocation",
      "",
      mdTable(emr),
      "",
      r.maximizeResourceAllocation.reason,
    );
  if (r.notes.length > 0) out.push("", "### Notes", "", ...r.notes.map((n) => `- ${n}`));
  return `${out.join("\n")}\n`;
}
