import { createHash } from 'node:crypto'
import { NUMBER_WIDTH } from './constants.js'
import { InvalidStoreInputError } from './errors.js'

/**
 * Key layout. Every composite key joins its parts with U+0000, which sorts
 * before every other character, so "all keys starting with `a` + SEP" is a
 * contiguous range that no longer value `ab…` can fall into. Numbers are
 * zero-padded to a fixed width so lexicographic order equals numeric order.
 */
export const SEP = '\x00'

/** Upper bound of a range of keys sharing a prefix that ends in SEP. */
const SEP_END = '\x01'

/** Log values of entries whose envelope was removed (retracted or purged) start with this. */
export const DEAD = '~'

/** Values longer than this are indexed by their hash: a key holds a bounded value. */
const VALUE_KEY_MAX = 512

/** Characters that never appear in an index key part as is. */
const CONTROL = /[\x00-\x1f]/

/** Fixed-width decimal of a non-negative safe integer. */
export function pad (n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InvalidStoreInputError(`key number must be a non-negative safe integer, got ${n}`)
  }
  return n.toString().padStart(NUMBER_WIDTH, '0')
}

/** Inverse of `pad`. */
export function unpad (text: string): number {
  return Number.parseInt(text, 10)
}

/**
 * The form of an observable value inside a key: the value itself, or for a
 * long value or one with control characters a tagged SHA-256, so any value
 * can be stored and found by exact match.
 */
export function valueKeyPart (value: string): string {
  if (value.length <= VALUE_KEY_MAX && !CONTROL.test(value)) return value
  return '\x01sha256:' + createHash('sha256').update(value, 'utf8').digest('hex')
}

/** Key builders, one per sublevel that has composite keys. */
export const keys = {
  log: (pos: number) => pad(pos),
  aud: (seq: number) => pad(seq),
  val: (value: string, id: string, objectId: string) => valueKeyPart(value) + SEP + id + SEP + objectId,
  typ: (type: string, pos: number) => type + SEP + pad(pos),
  obj: (objectId: string, pos: number) => objectId + SEP + pad(pos),
  org: (origin: string, created: number, id: string) => origin + SEP + pad(created) + SEP + id,
  crt: (created: number, id: string) => pad(created) + SEP + id,
  exp: (expires: number, id: string) => pad(expires) + SEP + id,
  tomb: (id: string, origin: string) => id + SEP + origin,
  ckpt: (peer: string, logId: string) => peer + SEP + logId
}

/** Range options selecting the keys that start with `prefix + SEP`, after the suffix `after`. */
export function prefixRange (prefix: string, after?: string): { gt?: string, gte?: string, lt: string } {
  const lt = prefix + SEP_END
  if (after === undefined) return { gte: prefix + SEP, lt }
  return { gt: prefix + SEP + after, lt }
}

/** The parts of a composite key. */
export function splitKey (key: string): string[] {
  return key.split(SEP)
}

/** Printable cursor from key parts (parts never contain ':'). */
export function toCursor (parts: string[]): string {
  return parts.join(':')
}

/** Key suffix from a printable cursor; rejects a cursor with other characters than expected. */
export function fromCursor (cursor: string, parts: number): string {
  const split = cursor.split(':')
  if (split.length !== parts || split.some((p) => p === '' || CONTROL.test(p))) {
    throw new InvalidStoreInputError(`cursor "after" is malformed: expected ${parts} part(s)`)
  }
  return split.join(SEP)
}
