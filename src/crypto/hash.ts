import { createHash } from 'node:crypto'
import { asUint8Array } from './bytes.js'

const utf8 = new TextEncoder()

/** Domain tag prefixed to the header bytes before the origin signs them. */
export const ENVELOPE_SIGNATURE_DOMAIN = utf8.encode('intelmesh/envelope/v1\0')

/** Domain tag prefixed to the header bytes to compute the bundle id. */
export const BUNDLE_ID_DOMAIN = utf8.encode('intelmesh/id/v1\0')

/** Domain tag prefixed to the content key K for the key commitment (DESIGN.md: no NUL). */
export const KEY_COMMITMENT_DOMAIN = utf8.encode('intelmesh/commit/v1')

/** Domain tag used to derive each recipient's key-wrap nonce from the bundle nonce. */
export const WRAP_NONCE_DOMAIN = utf8.encode('intelmesh/wrap-nonce/v1\0')

/** SHA-256 over the concatenation of `parts`, without concatenating them. */
export function sha256 (...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return asUint8Array(hash.digest())
}
