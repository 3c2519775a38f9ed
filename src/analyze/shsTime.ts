/**
 * The History Server's date text, e.g. "2019-04-08T20:39:55.362GMT" (JacksonMessageWriter's
 * SimpleDateFormat "yyyy-MM-dd'T'HH:mm:ss.SSS'GMT'" in UTC).
 */
export function shsDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace("Z", "GMT");
}
