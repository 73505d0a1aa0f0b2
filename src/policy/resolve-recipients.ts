import { eligible } from './eligible.js'
import type { DirectoryView, JurisdictionGroups, Member } from '../directory/types.js'
import type { Policy, RecipientExplanation, RecipientResolution } from './types.js'

/** Shown as the name of a named key that this node's directory does not hold. */
export const UNKNOWN_MEMBER_NAME = '(not in directory)'

/** Shown as the name of an origin that this node's directory does not hold. */
export const UNKNOWN_ORIGIN_NAME = '(origin, not in directory)'

/**
 * Publish-time enforcement: the recipient list of a bundle from the origin's own directory, with
 * an explanation of every decision. The origin is always listed; a named key missing from the
 * directory is reported as excluded. The result does not depend on the directory's order.
 */
export function resolveRecipients (policy: Policy, directory: DirectoryView | readonly Member[], origin: string, groups: JurisdictionGroups): RecipientResolution {
  const entries = isMemberList(directory) ? directory : directory.list()
  const byKey = new Map<string, Member[]>()
  for (const member of entries) {
    const list = byKey.get(member.key) ?? []
    list.push(member)
    byKey.set(member.key, list)
  }

  const explanations: RecipientExplanation[] = []
  for (const [key, members] of byKey) {
    explanations.push({ key, ...decide(policy, members, origin, groups) })
  }
  if (!byKey.has(origin)) {
    explanations.push({ key: origin, name: UNKNOWN_ORIGIN_NAME, ok: true, reason: 'included: origin of the bundle' })
  }
  for (const key of new Set(policy.members)) {
    if (!byKey.has(key) && key !== origin) {
      explanations.push({ key, name: UNKNOWN_MEMBER_NAME, ok: false, reason: "excluded: named member is not in this node's directory" })
    }
  }
  explanations.sort((a, b) => compare(a.key, b.key))

  return {
    recipients: explanations.filter(e => e.ok).map(e => e.key),
    excluded: explanations.filter(e => !e.ok).map(({ key, name, reason }) => ({ key, name, reason })),
    explanations
  }
}

// A plain list may hold one key twice (a DirectoryView cannot). Fail closed: the key receives only
// if every entry is eligible; the choice among reasons is by text so that order never matters.
function decide (policy: Policy, members: Member[], origin: string, groups: JurisdictionGroups): { name: string; ok: boolean; reason: string } {
  const decisions = members.map(member => ({ name: member.name, ...eligible(policy, member, { origin, groups }) }))
  const failed = decisions.filter(d => !d.ok)
  const pool = failed.length > 0 ? failed : decisions
  return pool.reduce((best, d) => compare(`${d.reason}\n${d.name}`, `${best.reason}\n${best.name}`) < 0 ? d : best)
}

function isMemberList (directory: DirectoryView | readonly Member[]): directory is readonly Member[] {
  return Array.isArray(directory)
}

function compare (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

