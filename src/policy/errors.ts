import { IntelmeshError } from '../errors.js'

/** A distribution policy failed validation; `field` names the offending field (e.g. `allow[1]`). */
export class InvalidPolicyError extends IntelmeshError {
  static override name = 'InvalidPolicyError'
  /** The field that failed. */
  readonly field: string
  constructor (field: string, message: string, options?: ErrorOptions) {
    super('POLICY_INVALID', `policy ${field}: ${message}`, options)
    this.field = field
  }
}
