/**
 * The event name of one log line without parsing it: Spark writes "Event" first
 * (JsonProtocol.sparkEventToJsonString), so a prefix test decides which lines are worth
 * JSON.parse. Lines written by Jackson for other events also start with it.
 */
const PREFIX = '{"Event":"';

export function eventNameOf(line: string): string | null {
  if (line.startsWith(PREFIX)) {
    const end = line.indexOf('"', PREFIX.length);
    return end < 0 ? null : line.slice(PREFIX.length, end);
  }
  const m = /"Event"\s*:\s*"([^"]+)"/.exec(line);
  return m ? (m[1] as string) : null;
}
