import { IntelmeshError } from '../errors.js'

/** The store was used before `open()` or after `close()`. */
export class StoreClosedError extends IntelmeshError {
  static override name = 'StoreClosedError'
  constructor (message = 'store is not open') {
    super('STORE_CLOSED', message)
  }
}

/** The bundle id was retracted or purged for this origin: it may never be stored again. */
export class TombstonedError extends IntelmeshError {
  static override name = 'TombstonedError'
  constructor (message: string) {
    super('STORE_TOMBSTONED', message)
  }
}

/** A stored value could not be decoded, or stored data disagree with each other. */
export class CorruptRecordError extends IntelmeshError {
  static override name = 'CorruptRecordError'
  constructor (message: string, options?: ErrorOptions) {
    super('STORE_CORRUPT', message, options)
  }
}

/** A write was refused because an argument is malformed (names the field). */
export class InvalidStoreInputError extends IntelmeshError {
  static override name = 'InvalidStoreInputError'
  constructor (message: string) {
    super('STORE_INVALID_INPUT', message)
  }
}

/**
 * A publish tried to use a per-recipient seq that is not the stored counter + 1:
 * two publishes raced, and storing both would give a recipient a duplicate or a gap.
 */
export class CounterConflictError extends IntelmeshError {
  static override name = 'CounterConflictError'
  constructor (message: string) {
    super('STORE_COUNTER_CONFLICT', message)
  }
}

/** The database folder is held by another process (or another store in this one). */
export class StoreLockedError extends IntelmeshError {
  static override name = 'StoreLockedError'
  constructor (message: string, options?: ErrorOptions) {
    super('STORE_LOCKED', message, options)
  }
}
