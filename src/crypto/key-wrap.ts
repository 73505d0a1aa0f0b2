import { BoundedCache } from './bounded-cache.js'
import { toHex } from './bytes.js'
import { BOX_NONCE_LENGTH, CONTENT_KEY_LENGTH, SHARED_KEY_CACHE_SIZE, WRAPPED_KEY_LENGTH } from './constants.js'
import { KeyLengthError, UnwrapError } from './errors.js'
import { secretboxOpen, secretboxSeal } from './secretbox.js'
import { ed25519PublicKeyToX25519, x25519BoxKey, x25519PrivateKeyObject } from './x25519.js'
import type { NodeIdentity } from './identity.js'
import type { KeyObject } from 'node:crypto'

/** Collaborators of KeyWrapper. */
export interface KeyWrapperComponents {
  /** This node's identity: its X25519 secret is one side of every box. */
  identity: NodeIdentity
}

/** Settings of KeyWrapper. */
export interface KeyWrapperInit {
  /** How many peers' precomputed box keys to keep (default SHARED_KEY_CACHE_SIZE = 4096). */
  cacheSize?: number
}

/**
 * Wraps and unwraps 32-byte content keys with NaCl box between this node and
 * a peer named by its Ed25519 key. The X25519 scalar multiplication is done
 * once per peer and cached, so wrapping for a known peer costs one
 * XSalsa20-Poly1305 of 32 bytes: NaCl's box.after, which is secretbox under
 * the precomputed key (libsodium, src/crypto/secretbox.ts).
 */
export class KeyWrapper {
  readonly #secret: KeyObject
  readonly #cache: BoundedCache<Uint8Array>

  constructor (components: KeyWrapperComponents, init: KeyWrapperInit = {}) {
    const secret = components.identity.x25519SecretKey
    this.#secret = x25519PrivateKeyObject(secret)
    secret.fill(0)
    this.#cache = new BoundedCache(init.cacheSize ?? SHARED_KEY_CACHE_SIZE)
  }

  /**
   * box(contentKey, nonce) for the peer: 48 bytes. Throws InvalidPublicKeyError
   * or WeakKeyError for an unusable peer key, KeyLengthError for bad lengths.
   */
  wrap (peerEd25519: Uint8Array, contentKey: Uint8Array, nonce: Uint8Array): Uint8Array {
    if (contentKey.length !== CONTENT_KEY_LENGTH) {
      throw new KeyLengthError(`content key must be ${CONTENT_KEY_LENGTH} bytes, got ${contentKey.length}`)
    }
    checkNonce(nonce)
    return secretboxSeal(contentKey, nonce, this.#sharedKey(peerEd25519))
  }

  /**
   * Opens a key the peer wrapped for this node: 32 bytes. Throws UnwrapError
   * when `wrapped` is not 48 bytes or fails authentication.
   */
  unwrap (peerEd25519: Uint8Array, wrapped: Uint8Array, nonce: Uint8Array): Uint8Array {
    if (wrapped.length !== WRAPPED_KEY_LENGTH) {
      throw new UnwrapError(`wrapped key must be ${WRAPPED_KEY_LENGTH} bytes, got ${wrapped.length}`)
    }
    checkNonce(nonce)
    const key = secretboxOpen(wrapped, nonce, this.#sharedKey(peerEd25519))
    if (key === null) {
      throw new UnwrapError('wrapped key failed authentication (not wrapped for this node, or tampered)')
    }
    return key
  }

  #sharedKey (peerEd25519: Uint8Array): Uint8Array {
    const cacheKey = toHex(peerEd25519)
    let key = this.#cache.get(cacheKey)
    if (key === undefined) {
      key = x25519BoxKey(this.#secret, ed25519PublicKeyToX25519(peerEd25519))
      this.#cache.set(cacheKey, key)
    }
    return key
  }
}

function checkNonce (nonce: Uint8Array): void {
  if (nonce.length !== BOX_NONCE_LENGTH) {
    throw new KeyLengthError(`box nonce must be ${BOX_NONCE_LENGTH} bytes, got ${nonce.length}`)
  }
}
