import { isRecord, problem } from './checks.js'
import type { Problem } from './checks.js'

/** Hex lengths of the hash algorithms of the STIX 2.1 hash-algorithm-ov vocabulary. */
const HEX_LENGTHS: Readonly<Record<string, number>> = {
  MD5: 32, 'SHA-1': 40, 'SHA-256': 64, 'SHA-512': 128, 'SHA3-256': 64, 'SHA3-512': 128
}

function isHexOfLength (value: string, length: number): boolean {
  if (value.length !== length) return false
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i)
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return false
  }
  return true
}

function isHashKey (key: string): boolean {
  if (key.length < 3 || key.length > 250) return false
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f
    if (!ok) return false
  }
  return true
}

/**
 * A `hashes` dictionary: keys from the vocabulary or custom (3–250 of
 * A–Z a–z 0–9 _ -), string values, and vocabulary hashes of the right hex length.
 */
export function checkHashes (value: unknown, field: string): Problem | undefined {
  if (!isRecord(value)) return problem(field, 'must be a dictionary of hashes')
  const keys = Object.keys(value)
  if (keys.length === 0) return problem(field, 'must not be empty')
  for (const key of keys) {
    const hash = value[key]
    if (!isHashKey(key)) return problem(`${field}.${key}`, 'is not a valid hash algorithm name')
    if (typeof hash !== 'string') return problem(`${field}.${key}`, 'must be a string')
    const length = HEX_LENGTHS[key]
    if (length !== undefined && !isHexOfLength(hash, length)) {
      return problem(`${field}.${key}`, `must be ${length} hex digits`)
    }
  }
  return undefined
}
