import { randomBytes } from 'node:crypto'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { concatBytes } from './bytes.js'
import { ED25519_SEED_LENGTH } from './constants.js'
import { KeyLengthError } from './errors.js'
import { memberKeyToString } from './member-key.js'
import { ed25519PrivateKeyFromSeed, ed25519RawPublicKey, ed25519SecretKeyFromSeed, signDomainNative } from './signature.js'
import { ed25519PublicKeyToX25519, ed25519SeedToX25519 } from './x25519.js'
import type { PrivateKey } from '@libp2p/interface'

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/**
 * The node's one Ed25519 key pair. Secret material lives in private fields:
 * it is not enumerable, and toJSON / util.inspect / toString print only the
 * member key, so logging an identity can never leak the seed.
 */
export class NodeIdentity {
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array
  /** Printable member key (libp2p PeerId, `12D3KooW…`). */
  readonly memberKey: string
  /** X25519 public key derived from `publicKey` by the birational map, as peers derive it. */
  readonly x25519PublicKey: Uint8Array

  readonly #seed: Uint8Array
  /** seed ‖ public key: the form libsodium signs with. */
  readonly #signingKey: Uint8Array
  readonly #x25519SecretKey: Uint8Array

  private constructor (seed: Uint8Array) {
    this.#seed = seed
    this.publicKey = ed25519RawPublicKey(ed25519PrivateKeyFromSeed(seed))
    this.#signingKey = ed25519SecretKeyFromSeed(seed)
    this.memberKey = memberKeyToString(this.publicKey)
    this.x25519PublicKey = ed25519PublicKeyToX25519(this.publicKey)
    this.#x25519SecretKey = ed25519SeedToX25519(seed)
  }

  /** A new identity from 32 bytes of OS randomness. */
  static generate (): NodeIdentity {
    return new NodeIdentity(new Uint8Array(randomBytes(ED25519_SEED_LENGTH)))
  }

  /** The identity of a raw 32-byte Ed25519 seed (the seed is copied). */
  static fromSeed (seed: Uint8Array): NodeIdentity {
    if (seed.length !== ED25519_SEED_LENGTH) {
      throw new KeyLengthError(`Ed25519 seed must be ${ED25519_SEED_LENGTH} bytes, got ${seed.length}`)
    }
    return new NodeIdentity(Uint8Array.from(seed))
  }

  /** X25519 secret key (a fresh copy) for key wrapping. Never log or send it. */
  get x25519SecretKey (): Uint8Array {
    return Uint8Array.from(this.#x25519SecretKey)
  }

  /** The raw seed (a fresh copy), for saving the identity file only. */
  exportSeed (): Uint8Array {
    return Uint8Array.from(this.#seed)
  }

  /** Ed25519 signature over `domain ‖ message` (see signDomainNative). */
  sign (domain: Uint8Array, message: Uint8Array): Uint8Array {
    return signDomainNative(this.#signingKey, domain, message)
  }

  /** The same key as a libp2p PrivateKey, so the node's PeerId equals `memberKey`. */
  toLibp2pPrivateKey (): PrivateKey {
    // libp2p's raw Ed25519 private key form is seed ‖ public key (64 bytes).
    return privateKeyFromRaw(concatBytes(this.#seed, this.publicKey))
  }

  /** Only the member key: an identity in a log line reveals nothing secret. */
  toJSON (): { memberKey: string } {
    return { memberKey: this.memberKey }
  }

  /** `NodeIdentity(12D3KooW…)`. */
  toString (): string {
    return `NodeIdentity(${this.memberKey})`
  }

  /** util.inspect / console.log form: the member key only. */
  [INSPECT] (): string {
    return this.toString()
  }
}
