import { TLP_LEVELS } from './types.js'
import type { Tlp } from './types.js'

/** True when `value` is a canonical TLP 2.0 level (`CLEAR` … `RED`). */
export function isTlp (value: unknown): value is Tlp {
  return typeof value === 'string' && (TLP_LEVELS as readonly string[]).includes(value)
}

/**
 * Admin spelling -> canonical level, or undefined: case-insensitive, an optional `TLP:` prefix,
 * and `AMBER_STRICT` (the spelling of DESIGN.md and of identifiers) for `AMBER+STRICT`.
 */
export function parseTlp (value: unknown): Tlp | undefined {
  if (typeof value !== 'string') {
    return undefined
  }
  const text = value.trim().toUpperCase().replace(/^TLP:/, '').replace(/[_ ]STRICT$/, '+STRICT')
  return isTlp(text) ? text : undefined
}

/** Position of a level, 0 (CLEAR) to 4 (RED): higher is more restrictive. */
export function tlpRank (tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp)
}

/** True when `a` is at least as restrictive as `b`. */
export function tlpAtLeast (a: Tlp, b: Tlp): boolean {
  return tlpRank(a) >= tlpRank(b)
}

/** Compares two levels by restrictiveness, for sorting. */
export function compareTlp (a: Tlp, b: Tlp): number {
  return tlpRank(a) - tlpRank(b)
}

/** The more restrictive of two levels. */
export function maxTlp (a: Tlp, b: Tlp): Tlp {
  return tlpAtLeast(a, b) ? a : b
}

/** AMBER+STRICT and RED go only to members named in the policy (FIRST TLP 2.0). */
export function tlpRequiresNamedMembers (tlp: Tlp): boolean {
  return tlpAtLeast(tlp, 'AMBER+STRICT')
}

/** RED is never relayed by anyone but the origin. */
export function tlpForbidsRelay (tlp: Tlp): boolean {
  return tlp === 'RED'
}
