import { IntelmeshError } from '../errors.js'

/** A rotation statement is not well formed (bad JSON, field, length or version); `field` names it. */
export class MalformedStatementError extends IntelmeshError {
  static override name = 'MalformedStatementError'
  /** The offending field. */
  readonly field: string
  constructor (field: string, message: string, options?: ErrorOptions) {
    super('KEYS_MALFORMED_STATEMENT', `rotation statement ${field}: ${message}`, options)
    this.field = field
  }
}

/** A signature of a rotation statement does not verify: `signer` is `old` or `new`. */
export class StatementSignatureError extends IntelmeshError {
  static override name = 'StatementSignatureError'
  /** Which of the two signatures failed. */
  readonly signer: 'old' | 'new'
  constructor (signer: 'old' | 'new', key: string) {
    super('KEYS_BAD_SIGNATURE', signer === 'old'
      ? `rotation statement is not signed by the old key ${key}`
      : `rotation statement is not signed by the new key ${key} (no proof of possession)`)
    this.signer = signer
  }
}

/** The rotated key is not in this node's directory. */
export class UnknownRotatedKeyError extends IntelmeshError {
  static override name = 'UnknownRotatedKeyError'
  constructor (key: string) {
    super('KEYS_UNKNOWN_KEY', `rotation of ${key}: that key is not in this node's directory`)
  }
}

/** The rotated key is not active (suspended, compromised or already retired) and cannot sign a rotation. */
export class InactiveRotatedKeyError extends IntelmeshError {
  static override name = 'InactiveRotatedKeyError'
  /** The old key's status here. */
  readonly status: string
  constructor (key: string, status: string) {
    super('KEYS_KEY_NOT_ACTIVE', `rotation signed by ${key}, which is ${status} in this directory; only an active key may rotate`)
    this.status = status
  }
}

/** The new key is already in this node's directory (under any status). */
export class NewKeyInUseError extends IntelmeshError {
  static override name = 'NewKeyInUseError'
  constructor (key: string) {
    super('KEYS_NEW_KEY_IN_USE', `rotation to ${key}: that key is already in this node's directory`)
  }
}

/** The statement is older than (or as old as) one already known for the same key, or issued in the future. */
export class StaleStatementError extends IntelmeshError {
  static override name = 'StaleStatementError'
  constructor (message: string) {
    super('KEYS_STALE_STATEMENT', message)
  }
}

/** No pending rotation of that key awaits a decision. */
export class NoPendingRotationError extends IntelmeshError {
  static override name = 'NoPendingRotationError'
  constructor (key: string) {
    super('KEYS_NO_PENDING_ROTATION', `no pending rotation of ${key}`)
  }
}

/** This node rotated its key and must restart under the new one before it publishes again. */
export class RotationRestartPendingError extends IntelmeshError {
  static override name = 'RotationRestartPendingError'
  constructor (newKey: string) {
    super('KEYS_RESTART_PENDING', `this node rotated its key to ${newKey} and is restarting under it; try again in a moment`)
  }
}

/** The keyring file is unreadable, malformed, or accessible by group or other. */
export class KeyringFileError extends IntelmeshError {
  static override name = 'KeyringFileError'
  constructor (message: string, options?: ErrorOptions) {
    super('KEYS_KEYRING_INVALID', message, options)
  }
}
