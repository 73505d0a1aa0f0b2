import { IntelmeshError } from '../errors.js'

/** Base class of every error the envelope module throws on purpose. */
export class EnvelopeError extends IntelmeshError {
  static override name = 'EnvelopeError'
}

/** A frame, header, recipient list or plaintext exceeds the configured limits. */
export class EnvelopeTooLargeError extends EnvelopeError {
  static override name = 'EnvelopeTooLargeError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_TOO_LARGE', message, options)
  }
}

/** The bytes do not decode to a well-formed version-1 envelope; the message names the field. */
export class EnvelopeMalformedError extends EnvelopeError {
  static override name = 'EnvelopeMalformedError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_MALFORMED', message, options)
  }
}

/** The origin's signature over the header bytes is not valid. */
export class BadSignatureError extends EnvelopeError {
  static override name = 'BadSignatureError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_BAD_SIGNATURE', message, options)
  }
}

/** The ciphertext is not the one the signed header describes (hash mismatch). */
export class CiphertextHashError extends EnvelopeError {
  static override name = 'CiphertextHashError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_CIPHERTEXT_HASH', message, options)
  }
}

/** The envelope's `expires` time has passed. */
export class EnvelopeExpiredError extends EnvelopeError {
  static override name = 'EnvelopeExpiredError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_EXPIRED', message, options)
  }
}

/** This node is not among the envelope's recipients. */
export class NotARecipientError extends EnvelopeError {
  static override name = 'NotARecipientError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_NOT_RECIPIENT', message, options)
  }
}

/** The content key could not be unwrapped, or the ciphertext failed authentication. */
export class DecryptionError extends EnvelopeError {
  static override name = 'DecryptionError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_DECRYPTION_FAILED', message, options)
  }
}

/** The unwrapped content key does not match the header's key commitment. */
export class KeyCommitmentError extends EnvelopeError {
  static override name = 'KeyCommitmentError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_KEY_COMMITMENT', message, options)
  }
}

/** The decrypted plaintext does not decode, or names another origin than the header. */
export class InnerBindingError extends EnvelopeError {
  static override name = 'InnerBindingError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_INNER_BINDING', message, options)
  }
}

/** sealEnvelope was given input it cannot seal; the message names the field. */
export class SealInputError extends EnvelopeError {
  static override name = 'SealInputError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_INVALID_INPUT', message, options)
  }
}

/** sealEnvelope was given the same recipient twice. */
export class DuplicateRecipientError extends EnvelopeError {
  static override name = 'DuplicateRecipientError'
  constructor (message: string, options?: ErrorOptions) {
    super('ENVELOPE_DUPLICATE_RECIPIENT', message, options)
  }
}
