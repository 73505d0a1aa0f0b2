import { MispDistributionError, MispUnmappedError } from './errors.js'
import { parseMispEvent } from './parse.js'
import { derivePolicy } from './tlp.js'
import { mispToStix } from './to-stix.js'
import type { StixBundle } from '../stix/types.js'
import type { MispConversion } from './to-stix.js'
import type { PolicyInput, PolicyOverrides } from './tlp.js'
import type { UnmappedType } from './types.js'

/** How to import one event. */
export interface MispImportOptions {
  /** Fields that replace the derived policy's (the TLP included). */
  policy?: PolicyOverrides
  /** Refuse the event when anything has no STIX mapping (default false: publish and report). */
  strict?: boolean
  /** Import an event whose distribution is "Your organisation only" (default false: refuse). */
  ignoreDistribution?: boolean
  /** Now, ms since the epoch (used only for an event without any time). */
  now: number
}

/** An event ready to publish: the STIX bundle, its policy, and what the conversion could not map. */
export interface PreparedImport {
  stix: StixBundle
  policy: PolicyInput
  /** Where the TLP came from: the tag that set it, or `override`. */
  tlpFrom: string
  unmapped: UnmappedType[]
  counts: MispConversion['counts']
}

/**
 * MISP event (JSON text or value) → the bundle and policy to publish, pure:
 * parse and check the event, convert it, refuse what may not be shared as
 * asked (distribution 0, unmapped types under `strict`, no TLP, AMBER+STRICT
 * or RED without members), derive the policy. Every refusal is a typed error
 * raised before anything is stored.
 */
export function prepareMispImport (input: unknown, options: MispImportOptions): PreparedImport {
  const event = parseMispEvent(input)
  const conversion = mispToStix(event, options.now)
  if (conversion.organisationOnly && options.ignoreDistribution !== true) throw new MispDistributionError()
  if (options.strict === true && conversion.unmapped.length > 0) throw new MispUnmappedError(conversion.unmapped)
  const policy = derivePolicy(conversion.tlp, options.policy)
  return {
    stix: conversion.bundle,
    policy,
    tlpFrom: options.policy?.tlp !== undefined ? 'override' : conversion.tlp?.tag ?? 'override',
    unmapped: conversion.unmapped,
    counts: conversion.counts
  }
}
