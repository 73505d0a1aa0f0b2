import { tlpRequiresNamedMembers, tlpRank } from '../policy/tlp.js'
import { TLP1_IDS, TLP2_IDS } from '../stix/tlp-ids.js'
import { MispMembersRequiredError, MispTlpMissingError } from './errors.js'
import type { Tlp } from '../policy/types.js'

/** A `tlp:` tag read: the TLP 2.0 level it stands for and the STIX marking that carries it. */
export interface TagTlp { tlp: Tlp, tag: string, markingId: string }

/**
 * MISP's `tlp:` taxonomy → TLP level and marking. `tlp:white` is a TLP 1.0
 * name, so it becomes the TLP 1.0 WHITE marking (read as CLEAR by the policy),
 * and comes back as `tlp:white`; the other names are TLP 2.0's.
 */
const TAGS: Readonly<Record<string, { tlp: Tlp, markingId: string }>> = {
  'tlp:white': { tlp: 'CLEAR', markingId: TLP1_IDS.white as string },
  'tlp:clear': { tlp: 'CLEAR', markingId: TLP2_IDS.clear as string },
  'tlp:green': { tlp: 'GREEN', markingId: TLP2_IDS.green as string },
  'tlp:amber': { tlp: 'AMBER', markingId: TLP2_IDS.amber as string },
  'tlp:amber+strict': { tlp: 'AMBER+STRICT', markingId: TLP2_IDS['amber+strict'] as string },
  'tlp:red': { tlp: 'RED', markingId: TLP2_IDS.red as string }
}

/** Marking id → the tag MISP writes for it (TLP 1.0 ids included, as other tools export them). */
const TAG_OF_MARKING: ReadonlyMap<string, string> = new Map([
  ...Object.entries(TLP2_IDS).map(([name, id]) => [id, `tlp:${name}`] as const),
  ...Object.entries(TLP1_IDS).map(([name, id]) => [id, `tlp:${name}`] as const)
])

/** The TLP of a MISP tag name (case and surrounding spaces ignored), or undefined for other tags. */
export function tlpOfTag (name: string): TagTlp | undefined {
  const tag = name.trim().toLowerCase()
  const found = TAGS[tag]
  return found === undefined ? undefined : { ...found, tag }
}

/** The strictest `tlp:` tag of a list, or undefined when none is one. */
export function strictestTag (names: Iterable<string>): TagTlp | undefined {
  let best: TagTlp | undefined
  for (const name of names) {
    const found = tlpOfTag(name)
    if (found !== undefined && (best === undefined || tlpRank(found.tlp) > tlpRank(best.tlp))) best = found
  }
  return best
}

/** The `tlp:` tag for a TLP marking-definition id, or undefined when it is no TLP marking. */
export function tagOfMarking (markingId: string): string | undefined {
  return TAG_OF_MARKING.get(markingId)
}

/** What the importer may set on the derived policy; each field given replaces the derived one. */
export interface PolicyOverrides {
  tlp?: Tlp
  allow?: string[]
  deny?: string[]
  groups?: string[]
  members?: string[]
  authorities?: boolean
  personalData?: boolean
}

/** A policy as `POST /v1/bundles` takes it. */
export interface PolicyInput {
  tlp: Tlp
  allow: string[]
  deny: string[]
  groups: string[]
  members: string[]
  authorities: boolean
  personalData: boolean
}

/**
 * The distribution policy of an imported event: its TLP from the strictest
 * `tlp:` tag of the event and its attributes unless `overrides.tlp` is given,
 * every other field from the overrides (defaults: anywhere, no groups, no
 * named members, no authorities, no personal data). Refuses, naming the fix,
 * when there is no TLP at all (MISP_TLP_MISSING) and when AMBER+STRICT or RED
 * name no member (MISP_MEMBERS_REQUIRED). A TLP override looser than the
 * tags is refused later by the node (STIX_TLP_TOO_LOOSE): the tags become markings.
 */
export function derivePolicy (tagged: TagTlp | undefined, overrides: PolicyOverrides = {}): PolicyInput {
  const tlp = overrides.tlp ?? tagged?.tlp
  if (tlp === undefined) throw new MispTlpMissingError()
  const members = overrides.members ?? []
  if (tlpRequiresNamedMembers(tlp) && members.length === 0) {
    throw new MispMembersRequiredError(tlp, overrides.tlp !== undefined ? 'as given' : `from the tag ${tagged?.tag ?? ''}`)
  }
  return {
    tlp,
    allow: overrides.allow ?? [],
    deny: overrides.deny ?? [],
    groups: overrides.groups ?? [],
    members,
    authorities: overrides.authorities ?? false,
    personalData: overrides.personalData ?? false
  }
}
