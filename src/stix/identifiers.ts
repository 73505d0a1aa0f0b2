/**
 * STIX identifiers: `<type>--<RFC 4122 UUID>`. Checked with plain character
 * loops, not regular expressions: the schema's own type pattern
 * `^([a-z][a-z0-9]*)+(-[a-z0-9]+)*\-?$` has a nested quantifier that
 * backtracks exponentially on hostile input.
 */

const UUID_LENGTH = 36

function isLowerAlnum (c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)
}

function isHex (c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
}

/**
 * A valid object type name: 3–250 characters of a–z, 0–9 and hyphen, starting
 * with a letter. No `--` (it would make ids ambiguous) and no trailing hyphen
 * (the identifier pattern of the OASIS schemas refuses it).
 */
export function isStixType (value: unknown): value is string {
  if (typeof value !== 'string' || value.length < 3 || value.length > 250) return false
  const first = value.charCodeAt(0)
  if (first < 0x61 || first > 0x7a) return false
  let previousHyphen = false
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === 0x2d) {
      if (previousHyphen) return false
      previousHyphen = true
    } else if (isLowerAlnum(c)) {
      previousHyphen = false
    } else {
      return false
    }
  }
  return !previousHyphen
}

/** An RFC 4122 UUID: 8-4-4-4-12 hex digits, version 1–5, variant 10xx (either case, as the schemas allow). */
export function isRfc4122Uuid (value: string): boolean {
  return value.length === UUID_LENGTH && isUuidAt(value, 0)
}

/** The 36 characters from `start` form an RFC 4122 UUID (no slicing: this runs for every id and ref). */
function isUuidAt (value: string, start: number): boolean {
  for (let i = 0; i < UUID_LENGTH; i++) {
    const c = value.charCodeAt(start + i)
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false
    } else if (!isHex(c)) {
      return false
    }
  }
  const version = value.charCodeAt(start + 14)
  const variant = value.charCodeAt(start + 19) | 0x20
  return version >= 0x31 && version <= 0x35 && (variant === 0x38 || variant === 0x39 || variant === 0x61 || variant === 0x62)
}

/** The type part of a valid identifier, or undefined when `value` is not one. */
export function identifierType (value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length < UUID_LENGTH + 5) return undefined
  const cut = value.length - UUID_LENGTH
  if (value.charCodeAt(cut - 1) !== 0x2d || value.charCodeAt(cut - 2) !== 0x2d || !isUuidAt(value, cut)) return undefined
  const type = value.slice(0, cut - 2)
  return isStixType(type) ? type : undefined
}

/** True when `value` is a STIX identifier. */
export function isIdentifier (value: unknown): value is string {
  return identifierType(value) !== undefined
}
