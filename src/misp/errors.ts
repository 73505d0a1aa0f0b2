import { IntelmeshError } from '../errors.js'

/**
 * The MISP event is malformed: not JSON, not an event, or a field of the wrong
 * form. `field` is the path of the bad field in the input (`Event.Attribute[2].value`).
 */
export class InvalidMispEventError extends IntelmeshError {
  static override name = 'InvalidMispEventError'
  /** Path of the offending field, from the top of the input. */
  readonly field: string
  constructor (field: string, message: string) {
    super('MISP_INVALID', `${field}: ${message}`)
    this.field = field
  }
}

/** The event carries no `tlp:` tag and no TLP was given: the node does not guess a sharing level. */
export class MispTlpMissingError extends IntelmeshError {
  static override name = 'MispTlpMissingError'
  readonly field = 'Event.Tag'
  constructor () {
    super('MISP_TLP_MISSING', 'Event.Tag: the event has no tlp: tag; tag it in MISP (e.g. tlp:amber) or give a TLP (--tlp, policy.tlp)')
  }
}

/** AMBER+STRICT and RED go only to named members, and none were named. */
export class MispMembersRequiredError extends IntelmeshError {
  static override name = 'MispMembersRequiredError'
  readonly field = 'policy.members'
  constructor (tlp: string, source: string) {
    super('MISP_MEMBERS_REQUIRED', `TLP:${tlp} (${source}) goes only to named members: name each recipient (--to KEY, policy.members)`)
  }
}

/** The event's MISP distribution is "Your organisation only": it may not leave the organisation. */
export class MispDistributionError extends IntelmeshError {
  static override name = 'MispDistributionError'
  readonly field = 'Event.distribution'
  constructor () {
    super('MISP_DISTRIBUTION_LOCAL', 'Event.distribution: 0 ("Your organisation only") forbids sharing the event; change it in MISP or override it (--ignore-distribution, ignoreDistribution)')
  }
}

/** Strict import refused: some attribute types (or galaxies) have no STIX mapping. */
export class MispUnmappedError extends IntelmeshError {
  static override name = 'MispUnmappedError'
  readonly field = 'Event.Attribute'
  /** What has no mapping. */
  readonly unmapped: ReadonlyArray<{ type: string, count: number, uuids: string[] }>
  constructor (unmapped: ReadonlyArray<{ type: string, count: number, uuids: string[] }>) {
    super('MISP_UNMAPPED', `strict import: no STIX mapping for ${unmapped.map(u => `${u.type} (${u.count})`).join(', ')}`)
    this.unmapped = unmapped
  }
}

/** The bundle has no STIX content to give as a MISP event (a retraction). */
export class MispNotConvertibleError extends IntelmeshError {
  static override name = 'MispNotConvertibleError'
  constructor (id: string, reason: string) {
    super('MISP_NOT_CONVERTIBLE', `bundle ${id}: ${reason}`)
  }
}
