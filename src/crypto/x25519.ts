import { createHash, createPrivateKey, createPublicKey, diffieHellman } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import nacl from 'tweetnacl'
import { concatBytes, isAllZero } from './bytes.js'
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SEED_LENGTH, X25519_KEY_LENGTH, X25519_PKCS8_PREFIX, X25519_SPKI_PREFIX } from './constants.js'
import { InvalidPublicKeyError, KeyLengthError, WeakKeyError } from './errors.js'
import type { KeyObject } from 'node:crypto'

// tweetnacl ships `lowlevel` at runtime but its typings omit it. HSalsa20 is
// the step nacl.box.before applies after X25519; we run X25519 in OpenSSL.
interface NaclLowLevel {
  crypto_core_hsalsa20: (out: Uint8Array, inp: Uint8Array, k: Uint8Array, c: Uint8Array) => number
}
const lowlevel = (nacl as unknown as { lowlevel: NaclLowLevel }).lowlevel
const HSALSA20_SIGMA = new TextEncoder().encode('expand 32-byte k')
const HSALSA20_ZERO_INPUT = new Uint8Array(16)

/**
 * Ed25519 public key -> X25519 public key by the birational map
 * u = (1 + y) / (1 - y), as libsodium's crypto_sign_ed25519_pk_to_curve25519.
 * Like libsodium, refuses points that are not canonical, not on the curve,
 * of small order, or outside the prime-order subgroup.
 */
export function ed25519PublicKeyToX25519 (edPublicKey: Uint8Array): Uint8Array {
  if (edPublicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new InvalidPublicKeyError(`Ed25519 public key must be ${ED25519_PUBLIC_KEY_LENGTH} bytes, got ${edPublicKey.length}`)
  }
  let point
  try {
    point = ed25519.Point.fromBytes(edPublicKey)
  } catch (err) {
    throw new InvalidPublicKeyError('Ed25519 public key is not a canonical curve point', { cause: err })
  }
  if (point.isSmallOrder()) {
    throw new WeakKeyError('Ed25519 public key has small order')
  }
  if (!point.isTorsionFree()) {
    throw new WeakKeyError('Ed25519 public key is not in the prime-order subgroup')
  }
  return ed25519.utils.toMontgomery(edPublicKey)
}

/**
 * Ed25519 seed -> X25519 secret key: the clamped first half of SHA-512(seed),
 * as libsodium's crypto_sign_ed25519_sk_to_curve25519.
 */
export function ed25519SeedToX25519 (seed: Uint8Array): Uint8Array {
  if (seed.length !== ED25519_SEED_LENGTH) {
    throw new KeyLengthError(`Ed25519 seed must be ${ED25519_SEED_LENGTH} bytes, got ${seed.length}`)
  }
  const digest = createHash('sha512').update(seed).digest()
  const secret = new Uint8Array(digest.subarray(0, X25519_KEY_LENGTH))
  // The second half is the Ed25519 signing nonce prefix: do not leave it around.
  digest.fill(0)
  secret[0] = (secret[0] as number) & 248
  secret[31] = ((secret[31] as number) & 127) | 64
  return secret
}

/** X25519 private KeyObject (OpenSSL) from a raw 32-byte secret key. */
export function x25519PrivateKeyObject (secret: Uint8Array): KeyObject {
  if (secret.length !== X25519_KEY_LENGTH) {
    throw new KeyLengthError(`X25519 secret key must be ${X25519_KEY_LENGTH} bytes, got ${secret.length}`)
  }
  return createPrivateKey({ key: Buffer.from(concatBytes(X25519_PKCS8_PREFIX, secret)), format: 'der', type: 'pkcs8' })
}

/**
 * The NaCl box precomputed key between `mySecret` and `theirPublic`: exactly
 * nacl.box.before(theirPublic, mySecret), i.e. HSalsa20(X25519(mySecret,
 * theirPublic)), with the scalar multiplication done by OpenSSL. A low-order
 * `theirPublic` (all-zero shared secret) is refused with WeakKeyError.
 */
export function x25519BoxKey (mySecret: KeyObject, theirPublic: Uint8Array): Uint8Array {
  if (theirPublic.length !== X25519_KEY_LENGTH) {
    throw new InvalidPublicKeyError(`X25519 public key must be ${X25519_KEY_LENGTH} bytes, got ${theirPublic.length}`)
  }
  const publicKey = createPublicKey({ key: Buffer.from(concatBytes(X25519_SPKI_PREFIX, theirPublic)), format: 'der', type: 'spki' })
  let shared: Buffer
  try {
    shared = diffieHellman({ privateKey: mySecret, publicKey })
  } catch (err) {
    // OpenSSL refuses to return an all-zero X25519 output (RFC 7748 §6.1).
    if ((err as { code?: string }).code === 'ERR_OSSL_FAILED_DURING_DERIVATION') {
      throw new WeakKeyError('X25519 public key has low order (all-zero shared secret)', { cause: err })
    }
    throw err
  }
  if (isAllZero(shared)) {
    throw new WeakKeyError('X25519 public key has low order (all-zero shared secret)')
  }
  const key = new Uint8Array(32)
  lowlevel.crypto_core_hsalsa20(key, HSALSA20_ZERO_INPUT, shared, HSALSA20_SIGMA)
  shared.fill(0)
  return key
}
