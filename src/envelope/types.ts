import type { Policy } from '../policy/types.js'

/** What a bundle is: intelligence, or the retraction of an earlier bundle. */
export type EnvelopeKind = 'INTEL' | 'RETRACTION'

/** One recipient as listed in a signed header. */
export interface EnvelopeRecipient {
  /** Member key (`12D3KooW…`); computed on first read. */
  readonly key: string
  /** Raw 32-byte Ed25519 key. */
  readonly keyRaw: Uint8Array
  /** The origin's counter for this recipient. */
  readonly seq: number
  /** K wrapped for this recipient (48 bytes). */
  readonly wrappedKey: Uint8Array
  /** JSON form: key and seq (`key` is a getter, which JSON.stringify would skip). */
  toJSON: () => { key: string, seq: number }
}

/** The decoded header of an envelope, in friendly form. */
export interface EnvelopeHeader {
  /** Format version (1). */
  readonly version: number
  /** Member key of the origin (`12D3KooW…`); computed on first read. */
  readonly origin: string
  /** Raw 32-byte Ed25519 key of the origin. */
  readonly originKey: Uint8Array
  /** Creation time, ms since the Unix epoch. */
  readonly created: number
  /** Expiry, ms since the Unix epoch; 0 = never. */
  readonly expires: number
  /** INTEL or RETRACTION. */
  readonly kind: EnvelopeKind
  /** Lowercase hex id of the bundle this one updates or retracts. */
  readonly ref?: string
  /** Distribution policy, members as member keys; computed on first read. */
  readonly policy: Policy
  /** Recipients sorted by raw key, unique, origin included. */
  readonly recipients: readonly EnvelopeRecipient[]
  /** 24-byte secretbox nonce. */
  readonly nonce: Uint8Array
  /** Length of the ciphertext in bytes. */
  readonly ciphertextLength: number
  /** SHA-256 of the ciphertext. */
  readonly ciphertextHash: Uint8Array
  /** SHA-256("intelmesh/commit/v1" ‖ K). */
  readonly keyCommitment: Uint8Array
  /** JSON form with member keys and hex bytes (`origin` and `policy` are getters). */
  toJSON: () => Record<string, unknown>
}

/**
 * An envelope as received or sealed. `bytes` is the whole frame and
 * `headerBytes`, `signature` and `ciphertext` are views into it: store and
 * forward `bytes`, never a re-encoding of `header`.
 */
export interface DecodedEnvelope {
  /** Bundle id: SHA-256("intelmesh/id/v1\0" ‖ headerBytes), 64 lowercase hex characters. */
  readonly id: string
  /** The whole frame, exactly as received or sealed. */
  readonly bytes: Uint8Array
  /** The exact header bytes the origin signed. */
  readonly headerBytes: Uint8Array
  /** Ed25519 signature by the origin (64 bytes). */
  readonly signature: Uint8Array
  /** secretbox(Plaintext, nonce, K). */
  readonly ciphertext: Uint8Array
  /** The decoded header. */
  readonly header: EnvelopeHeader
}
