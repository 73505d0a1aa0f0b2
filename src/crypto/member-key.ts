import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { IntelmeshError } from '../errors.js'
import { BoundedCache } from './bounded-cache.js'

/** Length in bytes of a raw Ed25519 public key, i.e. of a member key. */
export const MEMBER_KEY_LENGTH = 32

/** The printable member key was not a valid Ed25519 libp2p PeerId. */
export class InvalidMemberKeyError extends IntelmeshError {
  static override name = 'InvalidMemberKeyError'
  constructor (message: string, options?: ErrorOptions) {
    super('INVALID_MEMBER_KEY', message, options)
  }
}

// Building a PeerId string costs ~30 µs (multihash + base58); a federation has
// few members, so a small bounded cache makes the hot path (every header on
// every receive) nearly free without growing on hostile input.
const printable = new BoundedCache<string>(4096)

/**
 * Raw 32-byte Ed25519 public key -> printable member key (`12D3KooW…`), the
 * form every API, CLI and directory entry uses.
 */
export function memberKeyToString (raw: Uint8Array): string {
  if (raw.length !== MEMBER_KEY_LENGTH) {
    throw new InvalidMemberKeyError(`member key must be ${MEMBER_KEY_LENGTH} bytes, got ${raw.length}`)
  }
  const cacheKey = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1')
  let text = printable.get(cacheKey)
  if (text == null) {
    text = peerIdFromPublicKey(publicKeyFromRaw(raw)).toString()
    printable.set(cacheKey, text)
  }
  return text
}

// The other way costs as much (base58 decode, multihash), for every recipient of
// every seal and every receipt verified; only keys that parsed are cached.
const parsed = new BoundedCache<Uint8Array>(4096)

/** Printable member key -> raw 32-byte Ed25519 public key (a fresh copy); throws InvalidMemberKeyError. */
export function parseMemberKey (text: string): Uint8Array {
  const cached = parsed.get(text)
  if (cached != null) return cached.slice()
  const raw = parsePeerIdKey(text)
  parsed.set(text, raw.slice())
  return raw
}

function parsePeerIdKey (text: string): Uint8Array {
  let peerId
  try {
    peerId = peerIdFromString(text)
  } catch (err) {
    throw new InvalidMemberKeyError(`"${truncate(text)}" is not a member key (expected a libp2p Ed25519 PeerId such as 12D3KooW…)`, { cause: err })
  }
  if (peerId.type !== 'Ed25519' || peerId.publicKey == null) {
    throw new InvalidMemberKeyError(`"${truncate(text)}" is a ${peerId.type} PeerId; member keys must be Ed25519`)
  }
  return peerId.publicKey.raw
}

/** True when `text` parses as a member key. */
export function isMemberKey (text: string): boolean {
  try {
    parseMemberKey(text)
    return true
  } catch {
    return false
  }
}

function truncate (text: string): string {
  return text.length > 64 ? `${text.slice(0, 61)}...` : text
}
