import { createHash, hash } from 'node:crypto'
import sodium from 'sodium-native'
import { asUint8Array, concatBytes } from './bytes.js'

const utf8 = new TextEncoder()

/** Domain tag prefixed to the header bytes before the origin signs them. */
export const ENVELOPE_SIGNATURE_DOMAIN = utf8.encode('intelmesh/envelope/v1\0')

/** Domain tag prefixed to the header bytes to compute the bundle id. */
export const BUNDLE_ID_DOMAIN = utf8.encode('intelmesh/id/v1\0')

/** Domain tag prefixed to the content key K for the key commitment (DESIGN.md: no NUL). */
export const KEY_COMMITMENT_DOMAIN = utf8.encode('intelmesh/commit/v1')

/** Domain tag used to derive each recipient's key-wrap nonce from the bundle nonce. */
export const WRAP_NONCE_DOMAIN = utf8.encode('intelmesh/wrap-nonce/v1\0')

// Which SHA-256 is cheapest depends on the input size (`npm run bench:crypto`,
// `sha256` section): a hash object (createHash) costs ~1.5 µs before the first
// byte; libsodium's one-shot costs ~0.3 µs but hashes ~3 µs per KiB; OpenSSL's
// one-shot (crypto.hash, SHA-NI where the CPU has it) ~0.9 µs plus ~1 µs per KiB.
// The envelope hashes short domain-tagged inputs (nonces, keys, ids) several
// times per bundle and one ciphertext once.
const SODIUM_MAX_BYTES = 256
const CONCAT_MAX_BYTES = 64 * 1024

/** SHA-256 over the concatenation of `parts`. */
export function sha256 (...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  if (length <= SODIUM_MAX_BYTES) {
    const digest = new Uint8Array(32)
    sodium.crypto_hash_sha256(digest, parts.length === 1 ? parts[0] as Uint8Array : concatBytes(...parts))
    return digest
  }
  if (parts.length === 1) return asUint8Array(hash('sha256', parts[0] as Uint8Array, 'buffer'))
  if (length <= CONCAT_MAX_BYTES) return asUint8Array(hash('sha256', concatBytes(...parts), 'buffer'))
  // Large and in pieces: hash them in turn rather than copy them together.
  const hasher = createHash('sha256')
  for (const part of parts) hasher.update(part)
  return asUint8Array(hasher.digest())
}
