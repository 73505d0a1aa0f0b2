import { createHash } from 'node:crypto'

/** Namespace of the UUIDs this module derives (relationships, split attributes): a fixed random v4 UUID. */
const NAMESPACE = '6f0e7c62-4b1e-4c55-9a3e-2d8f3b7a9c10'

/**
 * RFC 4122 version-5 UUID of `name` in our namespace: the same inputs give the
 * same id on every node, so converting an event twice yields the same bundle.
 */
export function uuidV5 (name: string): string {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex')
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest()
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
