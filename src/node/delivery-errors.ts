import { IntelmeshError } from '../errors.js'

/** Only a bundle's origin learns who received it (receipts travel to the origin alone). */
export class DeliveriesNotOriginError extends IntelmeshError {
  static override name = 'DeliveriesNotOriginError'
  constructor (id: string, origin: string) {
    super('NOT_ORIGIN', `bundle ${id} was published by ${origin}; only its origin receives delivery receipts for it`)
  }
}

/** A sighting request this node cannot honour; nothing is stored (the code names the problem). */
export class SightingRejectedError extends IntelmeshError {
  static override name = 'SightingRejectedError'
  /** The request field at fault, when one is. */
  readonly field: string | undefined
  constructor (code: string, message: string, field?: string) {
    super(code, message)
    this.field = field
  }
}
