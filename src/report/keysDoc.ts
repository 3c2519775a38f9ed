import { CATALOG } from "../conf/catalog.js";

/** docs/configuration-keys.md, generated from the catalog's metadata (`npm run docs`). */
export function renderKeysDoc(): string {
  const out = [
    "# Configuration keys sparkmem models",
    "",
    "Generated from `src/conf/keys/` by `npm run docs`; do not edit by hand.",
    "",
    "| key | what it does | type | default | versions | accepted values | other names |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const k of CATALOG) {
    const versions = k.removedIn ? `${k.since} – before ${k.removedIn}` : `${k.since}+`;
    const alts = [
      ...(k.alternatives ?? []).map(
        (a) => `\`${a.key}\` (deprecated ${a.deprecatedSince}; the main key wins)`,
      ),
      ...(k.supersededBy ? [`superseded by ${k.supersededBy}`] : []),
    ].join("; ");
    const type = k.kind === "bytes" ? `size (bare number = ${k.unit === "BYTE" ? "bytes" : k.unit})` : k.kind;
    out.push(
      `| \`${k.key}\` | ${k.doc} | ${type} | ${k.default ?? "unset"} | ${versions} | ${k.range ?? ""} | ${alts} |`,
    );
  }
  return `${out.join("\n")}\n`;
}
