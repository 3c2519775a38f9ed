/**
 * The History Server's date text, e.g. "2019-04-08T20:39:55.362GMT" (JacksonMessageWriter's
 * SimpleDateFormat "yyyy-MM-dd'T'HH:mm:ss.SSS'GMT'" in UTC).
 */
export function shsDate(epochMs: number): string | null {
  const d = new Date(epochMs);
  // beyond ±8.64e15 ms a Date is invalid (a forged or corrupt timestamp): no date rather than a RangeError
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace("Z", "GMT");
}
