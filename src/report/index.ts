/** The report layer's entry: the text, Markdown and SARIF renderers the CLI prints and the rows the page draws. */
export { evidenceWhere } from "./adviseEvidence.js";
export { renderAdviseMarkdown } from "./adviseMarkdown.js";
export { renderAdviseText } from "./adviseText.js";
export { renderAnalyzeText } from "./analyzeText.js";
export { renderDiagnoseText } from "./diagnoseText.js";
export { renderKeysDoc } from "./keysDoc.js";
export { renderLintMarkdown, renderLintText } from "./lintText.js";
export { renderMarkdown } from "./markdown.js";
export { countedOffHeap } from "./regions.js";
export { rows } from "./rows.js";
export { renderSarif } from "./sarif.js";
export { renderLogSimulationText } from "./simulateLogText.js";
export { poolBar, renderSimulateText, stepOutcome } from "./simulateText.js";
export { renderSizeMarkdown, renderSizeText } from "./sizeText.js";
export { renderTerminal } from "./terminal.js";
