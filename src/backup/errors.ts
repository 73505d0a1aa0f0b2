import { IntelmeshError } from '../errors.js'

/** The file is not an intelmesh backup (wrong magic bytes). */
export class NotABackupError extends IntelmeshError {
  static override name = 'NotABackupError'
  constructor (message: string) {
    super('BACKUP_NOT_A_BACKUP', message)
  }
}

/** The backup's format version is one this intelmesh cannot read. */
export class BackupVersionError extends IntelmeshError {
  static override name = 'BackupVersionError'
  constructor (message: string) {
    super('BACKUP_UNSUPPORTED_VERSION', message)
  }
}

/** The backup ends before its trailer: it was cut off (disk full, interrupted copy or download). */
export class BackupTruncatedError extends IntelmeshError {
  static override name = 'BackupTruncatedError'
  constructor (message: string, options?: ErrorOptions) {
    super('BACKUP_TRUNCATED', message, options)
  }
}

/** The backup's bytes are damaged: checksum mismatch, bad framing, an unknown key, trailing bytes. */
export class BackupCorruptError extends IntelmeshError {
  static override name = 'BackupCorruptError'
  constructor (message: string, options?: ErrorOptions) {
    super('BACKUP_CORRUPT', message, options)
  }
}

/** The backup was made by another node (its member key is not this data folder's identity). */
export class BackupWrongNodeError extends IntelmeshError {
  static override name = 'BackupWrongNodeError'
  constructor (message: string) {
    super('BACKUP_WRONG_NODE', message)
  }
}

/** The backup was made under a key this node has since retired (docs/key-lifecycle.md). */
export class BackupPredatesRotationError extends IntelmeshError {
  static override name = 'BackupPredatesRotationError'
  constructor (message: string) {
    super('BACKUP_PREDATES_ROTATION', message)
  }
}

/** The backup holds a store of a newer schema than this intelmesh knows. */
export class BackupSchemaTooNewError extends IntelmeshError {
  static override name = 'BackupSchemaTooNewError'
  constructor (message: string) {
    super('BACKUP_SCHEMA_TOO_NEW', message)
  }
}

/** A restore was attempted while the node runs (it holds the store's lock). */
export class NodeRunningError extends IntelmeshError {
  static override name = 'NodeRunningError'
  constructor (message: string, options?: ErrorOptions) {
    super('BACKUP_NODE_RUNNING', message, options)
  }
}

/** A backup would overwrite an existing file, or a restore's working folder already exists. */
export class BackupTargetExistsError extends IntelmeshError {
  static override name = 'BackupTargetExistsError'
  constructor (message: string) {
    super('BACKUP_TARGET_EXISTS', message)
  }
}
