import sodium from 'sodium-native'
import { BOX_NONCE_LENGTH, CONTENT_KEY_LENGTH } from './constants.js'
import { KeyLengthError } from './errors.js'

/** Length of the Poly1305 tag in front of every secretbox ciphertext. */
export const SECRETBOX_MAC_LENGTH = 16

// XSalsa20-Poly1305 (NaCl secretbox) in libsodium through sodium-native:
// byte for byte what tweetnacl's nacl.secretbox computes (the cross-library
// test in test/crypto/secretbox.spec.ts proves it), at a tenth of the CPU
// for a 2 KiB bundle (`npm run bench:crypto`). sodium-native asserts on
// wrong lengths, so they are checked here and reported as typed errors.

/** secretbox(message, nonce, key): MAC ‖ ciphertext, message.length + 16 bytes. Throws KeyLengthError. */
export function secretboxSeal (message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array {
  checkLengths(nonce, key)
  const box = new Uint8Array(message.length + SECRETBOX_MAC_LENGTH)
  sodium.crypto_secretbox_easy(box, message, nonce, key)
  return box
}

/** Opens a secretbox: the message, or null when `box` is too short or fails authentication (as nacl.secretbox.open). Throws KeyLengthError. */
export function secretboxOpen (box: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | null {
  checkLengths(nonce, key)
  if (box.length < SECRETBOX_MAC_LENGTH) return null
  const message = new Uint8Array(box.length - SECRETBOX_MAC_LENGTH)
  return sodium.crypto_secretbox_open_easy(message, box, nonce, key) ? message : null
}

function checkLengths (nonce: Uint8Array, key: Uint8Array): void {
  if (nonce.length !== BOX_NONCE_LENGTH) throw new KeyLengthError(`secretbox nonce must be ${BOX_NONCE_LENGTH} bytes, got ${nonce.length}`)
  if (key.length !== CONTENT_KEY_LENGTH) throw new KeyLengthError(`secretbox key must be ${CONTENT_KEY_LENGTH} bytes, got ${key.length}`)
}
