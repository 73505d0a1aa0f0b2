import { readFileSync } from 'node:fs'
import { memberKeyToString } from '../../src/crypto/member-key.js'
import { buildJurisdictionGroups, parseJurisdictionData } from '../../src/directory/jurisdictions.js'
import type { JurisdictionGroups, Member, Role } from '../../src/directory/types.js'

/** The shipped `config/jurisdictions.json`. */
export const BASE = parseJurisdictionData(JSON.parse(readFileSync(new URL('../../config/jurisdictions.json', import.meta.url), 'utf8')))

/** The groups a node gets from the shipped data, without extensions. */
export const GROUPS: JurisdictionGroups = buildJurisdictionGroups(BASE)

/** A deterministic member key: byte `seed` repeated 32 times. */
export function keyOf (seed: number): string {
  return memberKeyToString(new Uint8Array(32).fill(seed))
}

/** A directory entry with defaults, bypassing validation (tests need invalid jurisdictions too). */
export function member (seed: number, name: string, jurisdiction: string, extra: { roles?: Role[]; groups?: string[]; status?: Member['status'] } = {}): Member {
  return {
    key: keyOf(seed),
    name,
    jurisdiction,
    roles: extra.roles ?? ['member'],
    groups: extra.groups ?? [],
    addresses: [],
    status: extra.status ?? 'active',
    added: 1_700_000_000_000,
    updated: 1_700_000_000_000
  }
}

/** The cast of the policy tables, by alias. `O` is the origin. */
export const CAST = {
  O: member(1, 'Origin CERT', 'DE', { groups: ['finance'] }),
  FR: member(2, 'FR Bank', 'FR', { groups: ['finance'] }),
  NLP: member(3, 'NL Police', 'NL', { roles: ['authority'], groups: ['energy', 'finance'] }),
  US: member(4, 'US Corp', 'US', { groups: ['energy'] }),
  JP: member(5, 'JP CERT', 'JP', { groups: ['finance'] }),
  CH: member(6, 'CH Bank', 'CH'),
  GB: member(7, 'GB NCSC', 'GB', { roles: ['authority'], groups: ['finance'] }),
  SG: member(8, 'SG Telco', 'SG', { groups: ['telecom'] }),
  CN: member(9, 'CN Lab', 'CN'),
  NO: member(10, 'NO Grid', 'NO', { groups: ['energy'] }),
  ITS: member(11, 'IT Insurer', 'IT', { status: 'suspended', groups: ['finance'] }),
  XK: member(12, 'XK Ministry', 'XK'),
  CA: member(13, 'CA Bank', 'CA'),
  BR: member(14, 'BR Bank', 'BR'),
  DE2: member(15, 'DE Energy', 'DE', { groups: ['energy'] }),
  RE: member(16, 'RE ISP', 'RE'),
  GHOST: member(17, 'Ghost', 'FR')
} as const

/** An alias of CAST. */
export type Alias = keyof typeof CAST

/** Member keys of the aliases, sorted as `resolveRecipients` sorts them. */
export function keysOf (aliases: readonly Alias[]): string[] {
  return [...new Set(aliases.map(a => CAST[a].key))].sort()
}

/** Alias of a member key (throws for a key outside the cast). */
export function aliasOf (key: string): Alias {
  const found = (Object.keys(CAST) as Alias[]).find(a => CAST[a].key === key)
  if (found == null) {
    throw new Error(`no cast member has key ${key}`)
  }
  return found
}
