import nacl from 'tweetnacl'
import { compareBytes } from '../../src/crypto/bytes.js'
import { sha256 } from '../../src/crypto/hash.js'
import { keyCommitment, wrapNonce } from '../../src/envelope/derive.js'
import { Header, Kind, Plaintext, Tlp } from '../../src/envelope/envelope.js'
import { CREATED, SMALL_STIX, frameSigned } from './fixtures.js'
import type { TestNode } from './fixtures.js'

/** Knobs for building an envelope by hand, bypassing sealEnvelope's rules. */
export interface HandBuildOptions {
  /** Content key wrapped for the recipient at each sorted index (default: the one K). */
  keyFor?: (index: number, key: Uint8Array) => Uint8Array
  /** Key the content is actually encrypted under (default K). */
  encryptionKey?: Uint8Array
  /** The Plaintext bytes to encrypt (default: origin + SMALL_STIX). */
  plaintext?: Uint8Array
  /** Edits the header object after it is filled in, before it is encoded and signed. */
  edit?: (header: Header) => void
  /** Replaces the ciphertext after the header is built (the header keeps the old hash). */
  swapCiphertext?: (ciphertext: Uint8Array) => Uint8Array
}

/** An origin-signed envelope for `origin` and `others`, built field by field. */
export function handBuild (origin: TestNode, others: TestNode[], options: HandBuildOptions = {}): Uint8Array {
  const key = nacl.randomBytes(32)
  const nonce = nacl.randomBytes(24)
  const plaintext = options.plaintext ?? Plaintext.encode({ origin: origin.identity.publicKey as Uint8Array<ArrayBuffer>, content: SMALL_STIX as Uint8Array<ArrayBuffer> })
  const ciphertext = nacl.secretbox(plaintext, nonce, options.encryptionKey ?? key)
  const keys = [origin, ...others].map(n => n.identity.publicKey).sort(compareBytes)
  const header: Header = {
    version: 1,
    origin: origin.identity.publicKey as Uint8Array<ArrayBuffer>,
    created: BigInt(CREATED),
    expires: 0n,
    kind: Kind.INTEL,
    policy: { tlp: Tlp.GREEN, allow: [], deny: [], groups: [], members: [], authorities: true, personalData: false },
    recipients: keys.map((recipientKey, index) => ({
      key: recipientKey as Uint8Array<ArrayBuffer>,
      seq: 1n,
      wrappedKey: origin.wrapper.wrap(recipientKey, options.keyFor?.(index, key) ?? key, wrapNonce(nonce, index)) as Uint8Array<ArrayBuffer>
    })),
    nonce: nonce as Uint8Array<ArrayBuffer>,
    ciphertextLength: ciphertext.length,
    ciphertextHash: sha256(ciphertext) as Uint8Array<ArrayBuffer>,
    keyCommitment: keyCommitment(key) as Uint8Array<ArrayBuffer>
  }
  options.edit?.(header)
  return frameSigned(origin.identity, header, options.swapCiphertext?.(ciphertext) ?? ciphertext)
}
