/**
 * The one error type for bad input. `where` names the key, flag, file line or byte offset so the
 * CLI can print one line that says what is wrong and what was expected; `sparkMessage` carries
 * Spark's (or the JVM's) own rejection text verbatim when Spark would refuse the same input.
 */
export class SparkmemError extends Error {
  readonly where: string;
  /** What is wrong, without the place. */
  readonly problem: string;
  readonly expected: string | undefined;
  readonly sparkMessage: string | undefined;

  constructor(where: string, problem: string, opts: { expected?: string; sparkMessage?: string } = {}) {
    super(`${where}: ${problem}`);
    this.name = "SparkmemError";
    this.where = where;
    this.problem = problem;
    this.expected = opts.expected;
    this.sparkMessage = opts.sparkMessage;
  }

  /** One line for a terminal: where, what, what was expected, Spark's words. */
  oneLine(): string {
    const parts = [this.message];
    if (this.expected) parts.push(`expected ${this.expected}`);
    if (this.sparkMessage) parts.push(`Spark says: ${this.sparkMessage.replace(/\n/g, " ")}`);
    return parts.join("; ");
  }
}
