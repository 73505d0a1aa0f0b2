import { createPrivateKey, createPublicKey, sign } from 'node:crypto'
import sodium from 'sodium-native'
import { BoundedCache } from './bounded-cache.js'
import { asUint8Array, concatBytes, toHex } from './bytes.js'
import { ED25519_PKCS8_PREFIX, ED25519_PUBLIC_KEY_LENGTH, ED25519_SEED_LENGTH, ED25519_SIGNATURE_LENGTH, ED25519_SPKI_PREFIX, PUBLIC_KEY_CACHE_SIZE } from './constants.js'
import { InvalidPublicKeyError, KeyLengthError } from './errors.js'
import type { KeyObject } from 'node:crypto'

// Building a KeyObject parses DER and costs about as much as a verify:
// receivers verify many bundles from few origins, so keep them, bounded.
const publicKeyCache = new BoundedCache<KeyObject>(PUBLIC_KEY_CACHE_SIZE)

/** Ed25519 private KeyObject (node:crypto / OpenSSL) from a raw 32-byte seed. */
export function ed25519PrivateKeyFromSeed (seed: Uint8Array): KeyObject {
  if (seed.length !== ED25519_SEED_LENGTH) {
    throw new KeyLengthError(`Ed25519 seed must be ${ED25519_SEED_LENGTH} bytes, got ${seed.length}`)
  }
  return createPrivateKey({ key: Buffer.from(concatBytes(ED25519_PKCS8_PREFIX, seed)), format: 'der', type: 'pkcs8' })
}

/** Raw 32-byte Ed25519 public key of a private or public KeyObject. */
export function ed25519RawPublicKey (key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  const der = publicKey.export({ format: 'der', type: 'spki' })
  return asUint8Array(der.subarray(ED25519_SPKI_PREFIX.length))
}

/**
 * Ed25519 public KeyObject for a raw 32-byte key, from a bounded cache.
 * Throws InvalidPublicKeyError when OpenSSL refuses the key.
 */
export function ed25519PublicKeyObject (raw: Uint8Array): KeyObject {
  if (raw.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new InvalidPublicKeyError(`Ed25519 public key must be ${ED25519_PUBLIC_KEY_LENGTH} bytes, got ${raw.length}`)
  }
  const cacheKey = toHex(raw)
  let key = publicKeyCache.get(cacheKey)
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.from(concatBytes(ED25519_SPKI_PREFIX, raw)), format: 'der', type: 'spki' })
    } catch (err) {
      throw new InvalidPublicKeyError('Ed25519 public key was refused by OpenSSL', { cause: err })
    }
    publicKeyCache.set(cacheKey, key)
  }
  return key
}

/**
 * The 64-byte libsodium form of an Ed25519 signing key (seed ‖ public key),
 * for signDomainNative. Throws KeyLengthError for a wrong-length seed.
 */
export function ed25519SecretKeyFromSeed (seed: Uint8Array): Uint8Array {
  if (seed.length !== ED25519_SEED_LENGTH) {
    throw new KeyLengthError(`Ed25519 seed must be ${ED25519_SEED_LENGTH} bytes, got ${seed.length}`)
  }
  const publicKey = new Uint8Array(ED25519_PUBLIC_KEY_LENGTH)
  const secretKey = new Uint8Array(ED25519_SEED_LENGTH + ED25519_PUBLIC_KEY_LENGTH)
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, seed)
  return secretKey
}

// Ed25519 is deterministic (RFC 8032): libsodium and OpenSSL sign the same
// bytes identically (test/crypto/signature.spec.ts). libsodium does it in
// ~60 % of OpenSSL's CPU here and verifies in ~60 % (`npm run bench:crypto`),
// and verifying is the largest single cost of receiving a bundle.

/** Ed25519 signature over `domain ‖ message` with a key from ed25519SecretKeyFromSeed (libsodium). */
export function signDomainNative (secretKey: Uint8Array, domain: Uint8Array, message: Uint8Array): Uint8Array {
  const signature = new Uint8Array(ED25519_SIGNATURE_LENGTH)
  sodium.crypto_sign_detached(signature, concatBytes(domain, message), secretKey)
  return signature
}

/**
 * Ed25519 signature over `domain ‖ message` (OpenSSL). The domain tag keeps a
 * signature made for one purpose from being replayed as another.
 */
export function signDomain (privateKey: KeyObject, domain: Uint8Array, message: Uint8Array): Uint8Array {
  return asUint8Array(sign(null, concatBytes(domain, message), privateKey))
}

/**
 * True when `signature` is a valid Ed25519 signature by `publicKeyRaw` over
 * `domain ‖ message` (libsodium). Never throws for bad input: a wrong-length
 * signature or key, a key that is not a canonical curve point or has small
 * order, a non-canonical S or a small-order R is simply not valid (libsodium
 * refuses the last cases, which no honest signer produces, where OpenSSL's
 * verify accepts some of them).
 */
export function verifyDomain (publicKeyRaw: Uint8Array, domain: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_LENGTH || publicKeyRaw.length !== ED25519_PUBLIC_KEY_LENGTH) {
    return false
  }
  return sodium.crypto_sign_verify_detached(signature, concatBytes(domain, message), publicKeyRaw)
}
