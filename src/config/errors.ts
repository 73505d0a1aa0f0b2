import { IntelmeshError } from '../errors.js'

/** The node's configuration is invalid; the message names the field and the allowed values. */
export class InvalidConfigError extends IntelmeshError {
  static override name = 'InvalidConfigError'
  /** Dotted path of the offending field, e.g. `api.port`. */
  readonly field: string

  constructor (field: string, message: string) {
    super('CONFIG_INVALID', `invalid configuration: ${field}: ${message}`)
    this.field = field
  }
}

/** A required file of the data folder is missing or unreadable. */
export class DataFolderError extends IntelmeshError {
  static override name = 'DataFolderError'
  constructor (message: string, options?: ErrorOptions) {
    super('DATA_FOLDER', message, options)
  }
}
