import { toHex } from '../crypto/bytes.js'
import { BOX_NONCE_LENGTH } from '../crypto/constants.js'
import { BUNDLE_ID_DOMAIN, KEY_COMMITMENT_DOMAIN, WRAP_NONCE_DOMAIN, sha256 } from '../crypto/hash.js'

/**
 * The nonce that wraps K for the recipient at `index` (in sorted order):
 * the first 24 bytes of SHA-256(tag ‖ bundle nonce ‖ u32be(index)). Distinct
 * per recipient, so no (key, nonce) pair is ever used twice by box.
 */
export function wrapNonce (nonce: Uint8Array, index: number): Uint8Array {
  const position = new Uint8Array(4)
  new DataView(position.buffer).setUint32(0, index, false)
  return sha256(WRAP_NONCE_DOMAIN, nonce, position).subarray(0, BOX_NONCE_LENGTH)
}

/** SHA-256("intelmesh/commit/v1" ‖ K): binds every recipient to the same K. */
export function keyCommitment (contentKey: Uint8Array): Uint8Array {
  return sha256(KEY_COMMITMENT_DOMAIN, contentKey)
}

/** Bundle id: lowercase hex of SHA-256("intelmesh/id/v1\0" ‖ header bytes). */
export function bundleId (headerBytes: Uint8Array): string {
  return toHex(sha256(BUNDLE_ID_DOMAIN, headerBytes))
}
