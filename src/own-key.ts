/**
 * `record[key]` when the record itself has that key. Keys come from data (a locale, an option code, a
 * category code), and a plain object answers "constructor" or "toString" with Object.prototype's own
 * functions; with this, such a key finds nothing, as any other unknown key does.
 */
export function own<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}
