import { IntelmeshError } from '../errors.js'

/** Why the receive pipeline refused an envelope (the code is stable, the message is for operators). */
export class ReceiveRejectedError extends IntelmeshError {
  static override name = 'ReceiveRejectedError'
  constructor (code: string, message: string, options?: ErrorOptions) {
    super(code, message, options)
  }
}

/** A peer answered a replication request with something the protocol does not allow. */
export class ProtocolViolationError extends IntelmeshError {
  static override name = 'ProtocolViolationError'
  constructor (message: string, options?: ErrorOptions) {
    super('REPLICATION_PROTOCOL_VIOLATION', message, options)
  }
}

/** A peer ended a fetch stream cleanly before answering every id (it may be stopping): not blamed, retried elsewhere. */
export class FetchIncompleteError extends IntelmeshError {
  static override name = 'FetchIncompleteError'
  constructor (message: string) {
    super('REPLICATION_FETCH_INCOMPLETE', message)
  }
}

/** Why the origin refused a delivery receipt (forged, unlisted, unknown bundle, ...); nothing of it is stored. */
export class ReceiptRejectedError extends IntelmeshError {
  static override name = 'ReceiptRejectedError'
  constructor (code: string, message: string) {
    super(code, message)
  }
}

/**
 * The origin, restored from a backup and still catching up, was sent receipts
 * for bundles it does not hold yet (its own publications after the backup,
 * on their way back): it leaves the batch unacknowledged, so the recipient
 * keeps it and sends it again later. Nobody is blamed.
 */
export class ReceiptsDeferredError extends IntelmeshError {
  static override name = 'ReceiptsDeferredError'
  constructor (message: string) {
    super('RECEIPTS_DEFERRED', message)
  }
}
