/*
 * Who may receive a bundle. ONE pure function, used at all three enforcement points:
 *   1. publish: the origin resolves the recipient list from its own directory;
 *   2. before every send or relay: the target must be listed AND eligible by this node's directory;
 *   3. on receive: this node must be eligible by its own view of itself.
 *
 * Every field of a policy narrows the audience; none widens it. A member is eligible only when
 * every rule holds. They are checked in this order and the first that fails is the reason given:
 *
 *   0. The origin is always eligible: it must read its own bundles.
 *   1. A member that is not active (suspended, retired or compromised) receives nothing.
 *   2. The member's jurisdiction must be an officially assigned ISO 3166-1 alpha-2 code; an unknown
 *      one cannot be placed in or out of any group, so it is excluded.
 *   3. deny: a member whose jurisdiction is covered by any deny term is excluded (deny beats allow).
 *      A deny term this node does not know might cover anyone: it excludes every member (fail closed).
 *   4. allow, when non-empty: the jurisdiction must be covered by at least one term (their union).
 *      An allow term this node does not know covers nobody.
 *   5. personalData: the jurisdiction must also be in EEA ∪ GDPR_ADEQUATE (allow is intersected
 *      with it; an empty allow becomes it). If this node's data lacks either group: nobody.
 *   6. authorities: a member with the `authority` role receives only when `authorities` is true.
 *   7. AMBER+STRICT and RED go only to members named in `members`; for any TLP, a non-empty
 *      `members` means only those named.
 *   8. groups, when non-empty: the member must belong to at least one of the sharing groups.
 *
 * Naming a member never lifts rules 1-6 or 8: law beats naming. A RED or AMBER+STRICT policy without
 * named members therefore reaches only its origin.
 *
 * Every decision carries a sentence an admin understands (`included: …` / `excluded: …`): the API
 * shows it as the explanation of who got a bundle and why. These sentences are product output.
 */
import { isCountryCode, termIncludes } from '../directory/jurisdictions.js'
import { PERSONAL_DATA_GROUPS } from './constants.js'
import { tlpRequiresNamedMembers } from './tlp.js'
import type { JurisdictionGroups, Member } from '../directory/types.js'
import type { Decision, Policy } from './types.js'

/** What `eligible` needs besides the policy and the member. */
export interface EligibilityContext {
  /** Member key of the bundle's origin. */
  origin: string
  /** This node's jurisdiction groups. */
  groups: JurisdictionGroups
}

/** May `member` receive a bundle under `policy`? Pure; see the rules above. */
export function eligible (policy: Policy, member: Member, ctx: EligibilityContext): Decision {
  if (member.key === ctx.origin) {
    return included('origin of the bundle')
  }
  if (member.status !== 'active') {
    return excluded(`member is ${member.status}`)
  }
  const code = member.jurisdiction
  if (!isCountryCode(code)) {
    return excluded(`jurisdiction ${code} is unknown`)
  }
  const { groups } = ctx
  const passed: string[] = []

  if (policy.deny.length > 0) {
    const unknown = policy.deny.filter(term => termIncludes(term, code, groups) === undefined)
    if (unknown.length > 0) {
      return excluded(`the policy denies ${unknown.join(', ')}, unknown to this node, so no member can be cleared`)
    }
    const hits = policy.deny.filter(term => termIncludes(term, code, groups) === true)
    if (hits.length > 0) {
      return excluded(`${code} is denied by the policy (deny: ${hits.join(', ')})`)
    }
    passed.push(`${code} is not denied (deny: ${policy.deny.join(', ')})`)
  }

  const allowHits = policy.allow.filter(term => termIncludes(term, code, groups) === true)
  let personalHits: string[] = []
  if (policy.personalData) {
    const missing = PERSONAL_DATA_GROUPS.filter(name => !groups.has(name))
    if (missing.length > 0) {
      return excluded(`the bundle holds personal data and this node's jurisdiction data lacks ${missing.join(', ')}`)
    }
    personalHits = PERSONAL_DATA_GROUPS.filter(name => groups.get(name)?.has(code) === true)
  }
  const personalOk = !policy.personalData || personalHits.length > 0
  if (policy.allow.length > 0 && allowHits.length === 0) {
    const unknown = policy.allow.filter(term => termIncludes(term, code, groups) === undefined)
    const note = unknown.length > 0 ? `; ${unknown.join(', ')} unknown to this node` : ''
    const allow = `${code} is not in ${policy.allow.join(' ∪ ')} (policy allow${note})`
    return excluded(personalOk ? allow : `${allow} nor in ${PERSONAL_DATA_GROUPS.join(' ∪ ')} (the bundle holds personal data)`)
  }
  if (!personalOk) {
    return excluded(`${code} is not in ${PERSONAL_DATA_GROUPS.join(' ∪ ')} and the bundle holds personal data`)
  }
  if (allowHits.length > 0) {
    passed.push(`${code} is in ${allowHits.join(', ')} (policy allow)`)
  }
  if (policy.personalData) {
    passed.push(`${code} may receive personal data (${personalHits.join(', ')})`)
  }

  if (member.roles.includes('authority')) {
    if (!policy.authorities) {
      return excluded(`${member.name} is a public authority and the policy does not allow authorities`)
    }
    passed.push('public authorities are allowed')
  }

  const named = policy.members.includes(member.key)
  if (!named && tlpRequiresNamedMembers(policy.tlp)) {
    return excluded(`TLP:${policy.tlp} goes only to named members and ${member.name} is not named`)
  }
  if (!named && policy.members.length > 0) {
    return excluded(`the policy names its recipients and ${member.name} is not named`)
  }
  if (named) {
    passed.push('named by the policy')
  }

  if (policy.groups.length > 0) {
    const hits = policy.groups.filter(group => member.groups.includes(group))
    if (hits.length === 0) {
      return excluded(`not in any of the sharing groups ${policy.groups.join(', ')}`)
    }
    passed.push(`in sharing group ${hits.join(', ')}`)
  }

  return included(passed.length > 0 ? passed.join('; ') : `TLP:${policy.tlp}, no rule of the policy excludes this member`)
}

function included (reason: string): Decision {
  return { ok: true, reason: `included: ${reason}` }
}

function excluded (reason: string): Decision {
  return { ok: false, reason: `excluded: ${reason}` }
}
