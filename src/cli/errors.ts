import { IntelmeshError } from '../errors.js'

/** The command line is wrong (unknown command or option, missing argument): exit code 2. */
export class UsageError extends IntelmeshError {
  static override name = 'UsageError'
  constructor (message: string) {
    super('CLI_USAGE', message)
  }
}

/** The node API answered with an error; carries the API's stable code. */
export class ApiRequestError extends IntelmeshError {
  static override name = 'ApiRequestError'
  /** HTTP status of the answer. */
  readonly status: number
  /** The request field at fault, when the API named one. */
  readonly field: string | undefined

  constructor (code: string, status: number, message: string, field?: string) {
    super(code, message)
    this.status = status
    this.field = field
  }
}

/** The node API could not be reached at all. */
export class ApiUnreachableError extends IntelmeshError {
  static override name = 'ApiUnreachableError'
  constructor (message: string, options?: ErrorOptions) {
    super('CLI_API_UNREACHABLE', message, options)
  }
}
