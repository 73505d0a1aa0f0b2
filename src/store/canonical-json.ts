/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings as `JSON.stringify` writes them (the same rules as
 * RFC 8785 for the values we store). Input must already be plain JSON data
 * (see `toJsonData`), so the text is the same before and after a round trip
 * through the database.
 */
export function canonicalJson (value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']'
  const obj = value as Record<string, unknown>
  const fields = Object.keys(obj).sort().map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k]))
  return '{' + fields.join(',') + '}'
}

/** Plain JSON data equal to what a JSON round trip yields (drops undefined, stringifies dates). */
export function toJsonData<T> (value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
