import { isMemberKey } from '../crypto/member-key.js'
import { isCountryCode } from '../directory/jurisdictions.js'
import { isSharingGroupName } from '../directory/names.js'
import { MAX_POLICY_MEMBERS, MAX_POLICY_TERMS, PERSONAL_DATA_GROUPS } from './constants.js'
import { InvalidPolicyError } from './errors.js'
import { parseTlp, tlpRequiresNamedMembers } from './tlp.js'
import { TLP_LEVELS } from './types.js'
import type { JurisdictionGroups } from '../directory/types.js'
import type { Policy } from './types.js'

const FIELDS = ['tlp', 'allow', 'deny', 'groups', 'members', 'authorities', 'personalData']

/**
 * Admin or API input -> a normalised Policy: upper-case jurisdiction terms, lower-case sharing
 * groups, every list sorted and unique, absent fields at their defaults (`[]`, `false`).
 * Throws InvalidPolicyError naming the field. Run by the origin before publishing: a policy that
 * names a term this node does not know could never be enforced as meant.
 */
export function validatePolicy (input: unknown, groups: JurisdictionGroups): Policy {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidPolicyError('(policy)', 'must be an object')
  }
  const record = input as Record<string, unknown>
  for (const field of Object.keys(record)) {
    if (!FIELDS.includes(field)) {
      throw new InvalidPolicyError(field, `unknown field (allowed: ${FIELDS.join(', ')})`)
    }
  }

  const tlp = parseTlp(record.tlp)
  if (tlp == null) {
    throw new InvalidPolicyError('tlp', `${JSON.stringify(record.tlp) ?? 'undefined'} is not a TLP 2.0 level (${TLP_LEVELS.join(' | ')})`)
  }
  const policy: Policy = {
    tlp,
    allow: checkTerms(record.allow, 'allow', groups),
    deny: checkTerms(record.deny, 'deny', groups),
    groups: checkList(record.groups, 'groups', MAX_POLICY_TERMS, (raw, field) => {
      const name = raw.trim().toLowerCase()
      if (!isSharingGroupName(name)) {
        throw new InvalidPolicyError(field, `"${raw}" is not a sharing group name (lower-case letters and digits joined by - _ .)`)
      }
      return name
    }),
    members: checkList(record.members, 'members', MAX_POLICY_MEMBERS, (raw, field) => {
      const key = raw.trim()
      if (!isMemberKey(key)) {
        throw new InvalidPolicyError(field, `"${raw.slice(0, 64)}" is not a member key (12D3KooW…)`)
      }
      return key
    }),
    authorities: checkBoolean(record.authorities, 'authorities'),
    personalData: checkBoolean(record.personalData, 'personalData')
  }

  if (tlpRequiresNamedMembers(policy.tlp) && policy.members.length === 0) {
    throw new InvalidPolicyError('members', `TLP:${policy.tlp} goes only to named members: name at least one`)
  }
  if (policy.personalData) {
    for (const group of PERSONAL_DATA_GROUPS) {
      if (!groups.has(group)) {
        throw new InvalidPolicyError('personalData', `needs the jurisdiction group ${group}, which this node's jurisdiction data lacks`)
      }
    }
  }
  return policy
}

function checkTerms (value: unknown, field: string, groups: JurisdictionGroups): string[] {
  return checkList(value, field, MAX_POLICY_TERMS, (raw, itemField) => {
    const term = raw.trim().toUpperCase()
    if (!isCountryCode(term) && !groups.has(term)) {
      throw new InvalidPolicyError(itemField, `"${raw}" is neither an ISO 3166-1 alpha-2 code nor a jurisdiction group`)
    }
    return term
  })
}

function checkList (value: unknown, field: string, max: number, check: (raw: string, field: string) => string): string[] {
  if (value === undefined) {
    return []
  }
  if (!Array.isArray(value) || value.length > max) {
    throw new InvalidPolicyError(field, `must be an array of at most ${max} strings`)
  }
  const items = value.map((item: unknown, i) => {
    if (typeof item !== 'string') {
      throw new InvalidPolicyError(`${field}[${i}]`, 'must be a string')
    }
    return check(item, `${field}[${i}]`)
  })
  return [...new Set(items)].sort()
}

function checkBoolean (value: unknown, field: string): boolean {
  if (value === undefined) {
    return false
  }
  if (typeof value !== 'boolean') {
    throw new InvalidPolicyError(field, 'must be true or false')
  }
  return value
}
