// The federation of the chaos run and its oracle: who may hold what, from
// the policy module's own pure `eligible` and a directory the run controls.
import { buildJurisdictionGroups, loadJurisdictionData } from '../../src/directory/index.js'
import { eligible } from '../../src/policy/index.js'
import type { Holding } from './node-commands.js'
import type { JurisdictionGroups, Member, MemberStatus, Role } from '../../src/directory/types.js'
import type { Policy } from '../../src/policy/types.js'

/** One member of the chaos federation. */
export interface ChaosMember {
  label: string
  jurisdiction: string
  roles: Role[]
  groups: string[]
}

/** Four firms in three jurisdictions (one outside the EEA) and a national authority. */
export const CHAOS_MEMBERS: readonly ChaosMember[] = [
  { label: 'dk', jurisdiction: 'DK', roles: ['member'], groups: ['finance'] },
  { label: 'nl', jurisdiction: 'NL', roles: ['member'], groups: [] },
  { label: 'fr', jurisdiction: 'FR', roles: ['member'], groups: ['finance'] },
  { label: 'sg', jurisdiction: 'SG', roles: ['member'], groups: ['finance'] },
  { label: 'nl-authority', jurisdiction: 'NL', roles: ['authority'], groups: [] }
]

/** The distribution policies the workload draws from, given the origin's peers' keys. */
export function policyChoices (others: string[], pick: (n: number) => number): Array<Partial<Policy>> {
  const one = others[pick(others.length)]!
  const two = [one, others[(others.indexOf(one) + 1) % others.length]!]
  return [
    { tlp: 'GREEN' },
    { tlp: 'GREEN', authorities: true },
    { tlp: 'AMBER', allow: ['EU'] },
    { tlp: 'AMBER', deny: ['FR'] },
    { tlp: 'AMBER', groups: ['finance'] },
    { tlp: 'AMBER', allow: ['EU'], personalData: true, authorities: true },
    { tlp: 'RED', members: [one] },
    { tlp: 'AMBER+STRICT', members: two }
  ]
}

/** The jurisdiction groups every node uses (the shipped data, no admin extensions). */
export async function chaosGroups (): Promise<JurisdictionGroups> {
  return buildJurisdictionGroups(await loadJurisdictionData())
}

/** A directory entry for the oracle. */
export function asMember (member: ChaosMember, key: string, status: MemberStatus = 'active'): Member {
  return { key, name: `${member.label} CERT`, jurisdiction: member.jurisdiction, roles: member.roles, groups: member.groups, addresses: [], status, added: 0, updated: 0 }
}

/** Who may hold a bundle: its origin, and each listed recipient the policy allows (by the fixed directory). */
export function mayHold (bundle: { origin: string, recipients: string[], policy: Policy }, holder: Member, groups: JurisdictionGroups): boolean {
  if (holder.key === bundle.origin) return true
  if (!bundle.recipients.includes(holder.key)) return false
  return eligible(bundle.policy, holder, { origin: bundle.origin, groups }).ok
}

/** The recipients an origin must list, by its own directory at publish time (suspended peers excluded). */
export function expectedRecipients (policy: Policy, origin: string, directory: Member[], groups: JurisdictionGroups): string[] {
  return directory.filter(m => m.key === origin || eligible(policy, m, { origin, groups }).ok).map(m => m.key).sort()
}

/** An acknowledged publication: its id, origin, the recipients it was sealed for and its policy. */
export interface Publication { id: string, origin: string, recipients: string[], policy: Policy }

/**
 * (bundle, member) pairs that should be held and are not: every acknowledged
 * publication, and every bundle found anywhere (an unacknowledged one exists
 * once stored), must be at each of its recipients.
 */
export function missingCopies (published: readonly Publication[], holdings: ReadonlyMap<string, Holding[]>): Array<{ id: string, member: string, acknowledged: boolean }> {
  const all = new Map<string, { recipients: string[], acknowledged: boolean }>()
  for (const p of published) all.set(p.id, { recipients: p.recipients, acknowledged: true })
  for (const list of holdings.values()) for (const h of list) if (!all.has(h.id)) all.set(h.id, { recipients: h.recipients, acknowledged: false })
  const out: Array<{ id: string, member: string, acknowledged: boolean }> = []
  for (const [id, { recipients, acknowledged }] of all) {
    for (const member of recipients) {
      if (!(holdings.get(member)?.some(h => h.id === id) ?? false)) out.push({ id, member, acknowledged })
    }
  }
  return out
}
