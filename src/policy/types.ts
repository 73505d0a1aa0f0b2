/** FIRST TLP 2.0 levels, least to most restrictive. */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const

/** A TLP 2.0 level. */
export type Tlp = typeof TLP_LEVELS[number]

/**
 * The distribution rule of a bundle, signed into its envelope header.
 * Expiry is not part of the policy: it is the header's `expires` field.
 */
export interface Policy {
  /** TLP 2.0 level. */
  tlp: Tlp
  /** ISO 3166-1 alpha-2 codes or jurisdiction group names; empty = anywhere. */
  allow: string[]
  /** Codes or group names that may never receive; deny beats allow. */
  deny: string[]
  /** Sharing-group names; when non-empty a member must belong to at least one. */
  groups: string[]
  /** Named recipients (member keys, `12D3KooW…`); required for AMBER+STRICT and RED. */
  members: string[]
  /** May members with the `authority` role receive it. */
  authorities: boolean
  /** Holds personal data (GDPR): `allow` is intersected with EEA ∪ GDPR_ADEQUATE. */
  personalData: boolean
}

/** The outcome of one policy check, with a sentence an admin understands (`included: …` / `excluded: …`). */
export interface Decision {
  ok: boolean
  reason: string
}

/** Why one member does or does not receive a bundle. */
export interface RecipientExplanation {
  key: string
  name: string
  ok: boolean
  reason: string
}

/** The recipient list of a bundle and the explanation of every decision. */
export interface RecipientResolution {
  /** Member keys that receive the bundle: sorted, unique, the origin included. */
  recipients: string[]
  /** Members (and named keys) left out, sorted by key. */
  excluded: Array<{ key: string; name: string; reason: string }>
  /** One entry per directory member and per named key missing from the directory, sorted by key. */
  explanations: RecipientExplanation[]
}
