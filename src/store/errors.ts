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

/** The store was written by a newer intelmesh (its schema version is unknown here): nothing is read or written. */
export class SchemaTooNewError extends IntelmeshError {
  static override name = 'SchemaTooNewError'
  constructor (found: string, supported: number) {
    super('STORE_SCHEMA_TOO_NEW', `store schema version ${found} is newer than version ${supported}, the newest this intelmesh knows: run the newer intelmesh, or restore a backup made by this one`)
  }
}

/** The store is of an older schema version that no registered migration upgrades. */
export class SchemaUnsupportedError extends IntelmeshError {
  static override name = 'SchemaUnsupportedError'
  constructor (found: number, current: number, missing: number) {
    super('STORE_SCHEMA_UNSUPPORTED', `store schema version ${found} cannot be upgraded to version ${current}: no migration from version ${missing} (upgrade through an intelmesh release that has it)`)
  }
}
