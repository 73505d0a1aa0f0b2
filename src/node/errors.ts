import { IntelmeshError } from '../errors.js'

/** No bundle with that id is stored here (or it was retracted or purged). */
export class BundleNotFoundError extends IntelmeshError {
  static override name = 'BundleNotFoundError'
  constructor (id: string) {
    super('BUNDLE_NOT_FOUND', `no bundle ${id} is stored on this node`)
  }
}

/** Only a bundle's origin may retract it. */
export class NotOriginError extends IntelmeshError {
  static override name = 'NotOriginError'
  constructor (id: string, origin: string) {
    super('NOT_ORIGIN', `bundle ${id} was published by ${origin}; only its origin may retract it`)
  }
}

/** A publish request is invalid in a way no lower layer names (e.g. an expiry in the past). */
export class InvalidPublishRequestError extends IntelmeshError {
  static override name = 'InvalidPublishRequestError'
  readonly field: string
  constructor (field: string, message: string) {
    super('PUBLISH_INVALID', `${field}: ${message}`)
    this.field = field
  }
}

/** A search value is not an observable this node indexes. */
export class InvalidSearchValueError extends IntelmeshError {
  static override name = 'InvalidSearchValueError'
  constructor (value: string) {
    super('SEARCH_INVALID_VALUE', `"${value.slice(0, 100)}" is not an IPv4/IPv6 address, domain, URL, e-mail address or file hash`)
  }
}

/**
 * The node was restored from a backup and has not yet caught up with every
 * active member: publishing could hand out a per-recipient seq it already
 * used after the backup, so it waits (the message names the members).
 */
export class PublishHeldError extends IntelmeshError {
  static override name = 'PublishHeldError'
  constructor (message: string) {
    super('PUBLISH_HELD', message)
  }
}
