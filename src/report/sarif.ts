import type { Finding, LintRule } from "../lint/index.js";

/**
 * SARIF 2.1.0 (OASIS), the format code-scanning services read: one run, the rules' metadata as the
 * tool's rules, one result per finding located at its file and line when it has one.
 */
export function renderSarif(
  findings: readonly Finding[],
  rules: readonly LintRule[],
  version: string,
): string {
  const level = { error: "error", warning: "warning", info: "note" } as const;
  const used = rules.filter((r) => findings.some((f) => f.ruleId === r.id));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "sparkmem",
            version,
            rules: used.map((r) => ({
              id: r.id,
              name: r.title,
              shortDescription: { text: r.title },
              fullDescription: { text: r.why },
              help: { text: `${r.fix} (${r.docs})` },
              defaultConfiguration: { level: level[r.severity] },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: used.findIndex((r) => r.id === f.ruleId),
          level: level[f.severity],
          message: { text: `${f.key}: ${f.message}` },
          ...(isFile(f.source)
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: f.source },
                      ...(f.line !== null ? { region: { startLine: f.line } } : {}),
                    },
                  },
                ],
              }
            : {}),
          ...(f.fix.length > 0 ? { properties: { fix: f.fix } } : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Flags (--conf), "default" and source kinds are not files. */
function isFile(source: string): boolean {
  return !source.startsWith("-") && !["default", "JSON", "derived", "option", "submit-flag"].includes(source);
}
