/**
 * What a configuration text is, by its content, without its parser: the web page's first load recognises a
 * pasted text with these and loads the parser it needs only then (byKind.ts re-exports them with the parsers).
 */

/**
 * An AWS EMR configuration list: a JSON array, or an object with a "Classification" (EMR on EC2) or
 * "classification" (EMR on EKS / Serverless applicationConfiguration) member.
 */
export function looksLikeEmrConfigurations(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith("[") || (t.startsWith("{") && /"[Cc]lassification"/.test(t));
}

/** A pasted launcher command line: spark-submit and its siblings, or bare flags. */
export function looksLikeSparkSubmit(text: string): boolean {
  return /^\s*(?:\S*\/)?(?:spark-submit|pyspark|spark-shell|sparkR|spark-sql)(?:\s|$)|^\s*--?[A-Za-z]/.test(
    text,
  );
}
