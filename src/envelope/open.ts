import { timingSafeEqual } from 'node:crypto'
import { bytesEqual, compareBytes } from '../crypto/bytes.js'
import { InvalidPublicKeyError, UnwrapError, WeakKeyError } from '../crypto/errors.js'
import { ENVELOPE_SIGNATURE_DOMAIN, sha256 } from '../crypto/hash.js'
import { secretboxOpen } from '../crypto/secretbox.js'
import { verifyDomain } from '../crypto/signature.js'
import { decodeEnvelope } from './decode.js'
import { keyCommitment, wrapNonce } from './derive.js'
import { Plaintext } from './envelope.js'
import { BadSignatureError, CiphertextHashError, DecryptionError, EnvelopeExpiredError, EnvelopeTooLargeError, InnerBindingError, KeyCommitmentError, NotARecipientError } from './errors.js'
import { DEFAULT_ENVELOPE_LIMITS } from './limits.js'
import type { NodeIdentity } from '../crypto/identity.js'
import type { KeyWrapper } from '../crypto/key-wrap.js'
import type { EnvelopeLimits } from './limits.js'
import type { DecodedEnvelope, EnvelopeHeader } from './types.js'

// Envelopes whose ciphertext hash verifyEnvelope has checked, so the
// pipeline's later decryptEnvelope does not hash a 3 MiB ciphertext twice.
// The fields of a DecodedEnvelope are readonly views: they are not swapped.
const hashChecked = new WeakSet<DecodedEnvelope>()

/** What openEnvelope returns: the decoded envelope and its decrypted content. */
export interface OpenedEnvelope {
  envelope: DecodedEnvelope
  content: Uint8Array
}

/**
 * Stage 2: the origin's signature over the exact header bytes, then the
 * ciphertext hash, so the whole frame is known to be the origin's.
 * Throws BadSignatureError or CiphertextHashError.
 */
export function verifyEnvelope (decoded: DecodedEnvelope): void {
  verifySignature(decoded)
  checkCiphertextHash(decoded)
  hashChecked.add(decoded)
}

/** Stage 3: throws EnvelopeExpiredError when `now` (ms) is at or past `expires` (0 = never). */
export function checkNotExpired (header: EnvelopeHeader, now: number): void {
  if (header.expires !== 0 && now >= header.expires) {
    // Milliseconds, not a Date: a signed header may carry an expiry beyond Date's range.
    throw new EnvelopeExpiredError(`envelope expired at ${header.expires} ms (now ${now} ms)`)
  }
}

/**
 * Stage 4: unwrap K for this node, check the key commitment and the
 * ciphertext hash, decrypt, and check the inner binding. Returns the content.
 * Throws NotARecipientError, DecryptionError, KeyCommitmentError,
 * CiphertextHashError, InnerBindingError or EnvelopeTooLargeError.
 */
export function decryptEnvelope (decoded: DecodedEnvelope, identity: NodeIdentity, wrapper: KeyWrapper, limits: EnvelopeLimits = DEFAULT_ENVELOPE_LIMITS): Uint8Array {
  if (!hashChecked.has(decoded)) checkCiphertextHash(decoded)
  return decryptChecked(decoded, identity, wrapper, limits)
}

/** All stages in pipeline order: decode, verify, expiry, decrypt. */
export function openEnvelope (bytes: Uint8Array, identity: NodeIdentity, wrapper: KeyWrapper, now: number, limits: EnvelopeLimits = DEFAULT_ENVELOPE_LIMITS): OpenedEnvelope {
  const envelope = decodeEnvelope(bytes, limits)
  verifyEnvelope(envelope)
  checkNotExpired(envelope.header, now)
  return { envelope, content: decryptEnvelope(envelope, identity, wrapper, limits) }
}

function verifySignature (decoded: DecodedEnvelope): void {
  if (!verifyDomain(decoded.header.originKey, ENVELOPE_SIGNATURE_DOMAIN, decoded.headerBytes, decoded.signature)) {
    throw new BadSignatureError(`envelope ${decoded.id}: signature by the origin is not valid`)
  }
}

function checkCiphertextHash (decoded: DecodedEnvelope): void {
  if (!bytesEqual(sha256(decoded.ciphertext), decoded.header.ciphertextHash)) {
    throw new CiphertextHashError(`envelope ${decoded.id}: ciphertext does not match header.ciphertextHash`)
  }
}

function decryptChecked (decoded: DecodedEnvelope, identity: NodeIdentity, wrapper: KeyWrapper, limits: EnvelopeLimits): Uint8Array {
  const { header } = decoded
  const index = findRecipient(header, identity.publicKey)
  if (index < 0) {
    throw new NotARecipientError(`envelope ${decoded.id}: this node is not a recipient`)
  }
  const contentKey = unwrapKey(decoded, wrapper, index)
  try {
    if (!timingSafeEqual(keyCommitment(contentKey), header.keyCommitment)) {
      throw new KeyCommitmentError(`envelope ${decoded.id}: unwrapped key does not match header.keyCommitment`)
    }
    const plaintext = secretboxOpen(decoded.ciphertext, header.nonce, contentKey)
    if (plaintext === null) {
      throw new DecryptionError(`envelope ${decoded.id}: ciphertext failed authentication`)
    }
    return checkInnerBinding(decoded, plaintext, limits)
  } finally {
    contentKey.fill(0)
  }
}

/** Index of `key` among the sorted recipients, or -1. */
function findRecipient (header: EnvelopeHeader, key: Uint8Array): number {
  let low = 0
  let high = header.recipients.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const order = compareBytes((header.recipients[middle] as EnvelopeHeader['recipients'][number]).keyRaw, key)
    if (order === 0) return middle
    if (order < 0) low = middle + 1
    else high = middle - 1
  }
  return -1
}

function unwrapKey (decoded: DecodedEnvelope, wrapper: KeyWrapper, index: number): Uint8Array {
  const { header } = decoded
  const recipient = header.recipients[index] as EnvelopeHeader['recipients'][number]
  try {
    return wrapper.unwrap(header.originKey, recipient.wrappedKey, wrapNonce(header.nonce, index))
  } catch (err) {
    // The origin key was checked by the signature, but a valid signer can
    // still hold a key that has no usable X25519 form: that is a decryption failure.
    if (err instanceof UnwrapError || err instanceof WeakKeyError || err instanceof InvalidPublicKeyError) {
      throw new DecryptionError(`envelope ${decoded.id}: content key does not unwrap for this node`, { cause: err })
    }
    throw err
  }
}

function checkInnerBinding (decoded: DecodedEnvelope, plaintext: Uint8Array, limits: EnvelopeLimits): Uint8Array {
  let inner: Plaintext
  try {
    inner = Plaintext.decode(plaintext)
  } catch (err) {
    throw new InnerBindingError(`envelope ${decoded.id}: plaintext does not decode`, { cause: err })
  }
  if (!bytesEqual(inner.origin, decoded.header.originKey)) {
    throw new InnerBindingError(`envelope ${decoded.id}: plaintext origin differs from header.origin`)
  }
  if (inner.content.length > limits.maxPlaintextBytes) {
    throw new EnvelopeTooLargeError(`envelope ${decoded.id}: content is ${inner.content.length} bytes, more than ${limits.maxPlaintextBytes}`)
  }
  return inner.content
}
