// Regenerates src/size/emrInstances.generated.ts from the shared EMR data:
//
//   npx tsx tools/size/emrData.ts
//
// Reads ../shared/data/emr-instance-types.csv (vCPU, memory, yarn.nodemanager.resource.memory-mb and
// yarn.scheduler.maximum-allocation-mb per type) and emr-task-config-defaults.csv (for
// yarn.scheduler.minimum-allocation-mb), and writes one compact row per type. The daemons CSV is not used:
// the NodeManager memory already excludes what EMR keeps for the OS and daemons.
// test/sizeEmrData.test.ts reads the same CSVs in place and fails when the module is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DATA = join(ROOT, "../shared/data");
const OUTPUT = join(ROOT, "src/size/emrInstances.generated.ts");

/** A CSV with a header line and no quoted commas (as the shared data files are) → records. */
export function readCsv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  const cols = (head as string).split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(cols.map((c, i) => [c, (cells[i] ?? "").trim()]));
  });
}

const dash = (v: string | undefined) => (v === undefined || v === "" ? "-" : v);

/** Each source URL gets a one-letter tag so rows stay short. */
function sourceTags(urls: string[]): Map<string, string> {
  const tags = new Map<string, string>();
  for (const u of urls) {
    if (tags.has(u)) continue;
    tags.set(
      u,
      /emr-hadoop-task-config/.test(u) ? "t" : /aws-emr-best-practices/.test(u) ? "b" : `s${tags.size}`,
    );
  }
  return tags;
}

/** The module's text from the CSVs in `data` (../shared/data unless a test runs from another folder). */
export function render(data = DATA): string {
  const types = readCsv(join(data, "emr-instance-types.csv"));
  const task = new Map(readCsv(join(data, "emr-task-config-defaults.csv")).map((r) => [r.instance_type, r]));
  const tags = sourceTags(types.map((r) => r.source_url as string));
  const rows = types.map((r) =>
    [
      r.instance_type,
      dash(r.vcpu),
      dash(r.memory_gib),
      dash(r.yarn_nodemanager_resource_memory_mb),
      dash(r.yarn_scheduler_maximum_allocation_mb),
      dash(task.get(r.instance_type as string)?.yarn_scheduler_minimum_allocation_mb),
      tags.get(r.source_url as string),
    ].join(" "),
  );
  const sources = [...tags].map(([url, tag]) => `  ${tag}: "${url}",`).join("\n");
  return `// GENERATED FILE, do not edit: regenerate with \`npx tsx tools/size/emrData.ts\`.
// From ../shared/data (see its README.md for provenance):
//   emr-instance-types.csv: vCPU and memory (GiB) from the AWS EC2 User Guide instance-type tables
//     (awsdocs/amazon-ec2-user-guide@e3707c43); yarn.nodemanager.resource.memory-mb and
//     yarn.scheduler.maximum-allocation-mb from the AWS EMR Release Guide "Task configuration" page
//     (emr-hadoop-task-config, awsdocs/amazon-emr-release-guide@44c8b094, last changed 2022-01-24), without
//     HBase; r7g.2xlarge from the AWS EMR Best Practices Guide (maximizing-resource-utilization.md).
//   emr-task-config-defaults.csv: yarn.scheduler.minimum-allocation-mb from the same Task configuration page.
// test/sizeEmrData.test.ts checks this module against those files.

/**
 * One line per EC2 instance type: "type vCPU memoryGiB nodeManagerMiB maxAllocationMiB minAllocationMiB
 * source", "-" where the source gives no value (never zero).
 */
export const EMR_INSTANCE_ROWS = \`
${rows.join("\n")}
\`;

/** The source of each row, by the tag in its last column. */
export const EMR_INSTANCE_SOURCES: Record<string, string> = {
${sources}
};
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTPUT, render());
  process.stdout.write(`wrote ${OUTPUT}\n`);
}
