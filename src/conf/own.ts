/**
 * table[key] for a key that came from the user: only the table's own entries. A plain object literal also
 * answers "constructor", "toString" or "__proto__" from Object.prototype, which would pass for a found entry.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
