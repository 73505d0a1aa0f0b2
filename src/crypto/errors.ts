import { IntelmeshError } from '../errors.js'

/** A public key is not a valid, canonical Ed25519 or X25519 key of the right length. */
export class InvalidPublicKeyError extends IntelmeshError {
  static override name = 'InvalidPublicKeyError'
  constructor (message: string, options?: ErrorOptions) {
    super('INVALID_PUBLIC_KEY', message, options)
  }
}

/** A key of small or mixed order, or one giving an all-zero shared secret, was refused. */
export class WeakKeyError extends IntelmeshError {
  static override name = 'WeakKeyError'
  constructor (message: string, options?: ErrorOptions) {
    super('WEAK_KEY', message, options)
  }
}

/** A key, seed or nonce handed to a crypto function has the wrong length. */
export class KeyLengthError extends IntelmeshError {
  static override name = 'KeyLengthError'
  constructor (message: string, options?: ErrorOptions) {
    super('KEY_LENGTH', message, options)
  }
}

/** A wrapped content key failed to unwrap (wrong length, wrong key or tampered). */
export class UnwrapError extends IntelmeshError {
  static override name = 'UnwrapError'
  constructor (message: string, options?: ErrorOptions) {
    super('KEY_UNWRAP_FAILED', message, options)
  }
}

/** The data folder holds no identity file. */
export class IdentityNotFoundError extends IntelmeshError {
  static override name = 'IdentityNotFoundError'
  constructor (message: string, options?: ErrorOptions) {
    super('IDENTITY_NOT_FOUND', message, options)
  }
}

/** The identity file exists but is not a valid intelmesh identity. */
export class IdentityMalformedError extends IntelmeshError {
  static override name = 'IdentityMalformedError'
  constructor (message: string, options?: ErrorOptions) {
    super('IDENTITY_MALFORMED', message, options)
  }
}

/** Saving would replace an existing identity and `overwrite` was not set. */
export class IdentityExistsError extends IntelmeshError {
  static override name = 'IdentityExistsError'
  constructor (message: string, options?: ErrorOptions) {
    super('IDENTITY_EXISTS', message, options)
  }
}

/** The identity file is readable or writable by group or other users. */
export class InsecureKeyFileError extends IntelmeshError {
  static override name = 'InsecureKeyFileError'
  /** Path of the refused file. */
  readonly path: string
  /** Its permission bits, e.g. 0o644. */
  readonly mode: number

  constructor (path: string, mode: number) {
    super('INSECURE_KEY_FILE', `identity file ${path} has mode ${mode.toString(8).padStart(4, '0')}; it must not be accessible by group or other (chmod 600 ${path})`)
    this.path = path
    this.mode = mode
  }
}
