import { multiaddr } from '@multiformats/multiaddr'
import { parseMemberKey } from '../crypto/member-key.js'
import { MAX_MEMBER_ADDRESSES, MAX_MEMBER_GROUPS, MAX_MEMBER_NAME_LENGTH } from './constants.js'
import { InvalidMemberError } from './errors.js'
import { isCountryCode } from './jurisdictions.js'
import { isSharingGroupName } from './names.js'
import type { JurisdictionGroups, Member, MemberPatch, MemberStatus, Role } from './types.js'

const ROLES: readonly Role[] = ['authority', 'member']
const EDITABLE_STATUSES: readonly MemberStatus[] = ['active', 'suspended']
const ALL_STATUSES: readonly MemberStatus[] = ['active', 'suspended', 'retired', 'compromised']
const INPUT_FIELDS = ['key', 'name', 'jurisdiction', 'roles', 'groups', 'addresses', 'status']
const PATCH_FIELDS = INPUT_FIELDS.filter(f => f !== 'key')
const LIFECYCLE_FIELDS = ['successor', 'retiredAt', 'compromisedAt']
const STORED_FIELDS = [...INPUT_FIELDS, 'added', 'updated', ...LIFECYCLE_FIELDS]
// C0/C1 controls and line breaks would let a name forge lines in logs and explanations.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/**
 * Admin input -> a normalised directory entry stamped `added = updated = now`.
 * `groups` (jurisdiction groups) only sharpens the message when a group is given as a jurisdiction.
 * Throws InvalidMemberError naming the field.
 */
export function validateMemberInput (input: unknown, now: number, groups?: JurisdictionGroups): Member {
  const record = checkRecord(input, INPUT_FIELDS)
  return { ...checkFields(record, groups, EDITABLE_STATUSES), added: now, updated: now }
}

/** A stored or restored entry (with `added`/`updated`) -> a normalised entry; throws InvalidMemberError. */
export function validateMember (input: unknown, groups?: JurisdictionGroups): Member {
  const record = checkRecord(input, STORED_FIELDS)
  const member: Member = { ...checkFields(record, groups, ALL_STATUSES), added: checkTime(record.added, 'added'), updated: checkTime(record.updated, 'updated') }
  return { ...member, ...checkLifecycle(record, member) }
}

/** Checks that a patch names only editable fields (not `key`, `added`, `updated`); values are checked on merge. */
export function validateMemberPatch (patch: unknown): MemberPatch {
  return checkRecord(patch, PATCH_FIELDS) as MemberPatch
}

function checkFields (record: Record<string, unknown>, groups: JurisdictionGroups | undefined, statuses: readonly MemberStatus[]): Omit<Member, 'added' | 'updated'> {
  const key = checkKey(record.key)
  return {
    key,
    name: checkName(record.name),
    jurisdiction: checkJurisdiction(record.jurisdiction, groups),
    roles: checkRoles(record.roles),
    groups: checkGroups(record.groups),
    addresses: checkAddresses(record.addresses, key),
    status: checkStatus(record.status, statuses)
  }
}

function checkRecord (input: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidMemberError('(entry)', 'must be an object')
  }
  for (const field of Object.keys(input)) {
    if (!allowed.includes(field)) {
      throw new InvalidMemberError(field, `unknown or read-only field (allowed: ${allowed.join(', ')})`)
    }
  }
  return input as Record<string, unknown>
}

function checkKey (value: unknown): string {
  if (typeof value !== 'string') {
    throw new InvalidMemberError('key', 'must be a member key string (12D3KooW…)')
  }
  const key = value.trim()
  try {
    parseMemberKey(key)
  } catch (err) {
    throw new InvalidMemberError('key', 'is not an Ed25519 member key (expected a libp2p PeerId such as 12D3KooW…)', { cause: err })
  }
  return key
}

function checkName (value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : ''
  if (name === '') {
    throw new InvalidMemberError('name', 'must be a non-empty string')
  }
  if (name.length > MAX_MEMBER_NAME_LENGTH || CONTROL.test(name)) {
    throw new InvalidMemberError('name', `must be at most ${MAX_MEMBER_NAME_LENGTH} characters without control characters`)
  }
  return name
}

function checkJurisdiction (value: unknown, groups: JurisdictionGroups | undefined): string {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : ''
  if (groups?.has(code) === true) {
    throw new InvalidMemberError('jurisdiction', `${code} is a jurisdiction group; a member has exactly one ISO 3166-1 alpha-2 code`)
  }
  if (!isCountryCode(code)) {
    throw new InvalidMemberError('jurisdiction', `"${String(value)}" is not an officially assigned ISO 3166-1 alpha-2 code`)
  }
  return code
}

function checkRoles (value: unknown): Role[] {
  if (value === undefined) {
    return ['member']
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidMemberError('roles', `must be a non-empty array of ${ROLES.join(' | ')}`)
  }
  value.forEach((role, i) => {
    if (!ROLES.includes(role)) {
      throw new InvalidMemberError(`roles[${i}]`, `"${String(role)}" is not a role (${ROLES.join(' | ')})`)
    }
  })
  return [...new Set(value as Role[])].sort()
}

function checkGroups (value: unknown): string[] {
  const list = checkStringList(value, 'groups', MAX_MEMBER_GROUPS)
  const names = list.map((raw, i) => {
    const name = raw.trim().toLowerCase()
    if (!isSharingGroupName(name)) {
      throw new InvalidMemberError(`groups[${i}]`, `"${raw}" is not a sharing group name (lower-case letters and digits joined by - _ .)`)
    }
    return name
  })
  return [...new Set(names)].sort()
}

function checkAddresses (value: unknown, key: string): string[] {
  const list = checkStringList(value, 'addresses', MAX_MEMBER_ADDRESSES)
  const addresses = list.map((raw, i) => {
    let components
    try {
      components = multiaddr(raw.trim()).getComponents()
    } catch (err) {
      throw new InvalidMemberError(`addresses[${i}]`, `"${raw}" is not a multiaddr`, { cause: err })
    }
    if (components.length === 0) {
      throw new InvalidMemberError(`addresses[${i}]`, 'is an empty multiaddr')
    }
    // An address that names another peer would make the node dial (and trust) the wrong key.
    const peer = components.find(c => c.name === 'p2p')
    if (peer != null && peer.value !== key) {
      throw new InvalidMemberError(`addresses[${i}]`, `names peer ${peer.value ?? ''}, not this member's key`)
    }
    return multiaddr(raw.trim()).toString()
  })
  // Order is kept: it is the admin's dial preference.
  return [...new Set(addresses)]
}

function checkStatus (value: unknown, statuses: readonly MemberStatus[]): MemberStatus {
  if (value === undefined) {
    return 'active'
  }
  if (!statuses.includes(value as MemberStatus)) {
    // retired and compromised come only from the key lifecycle commands, never from an edit.
    throw new InvalidMemberError('status', `"${String(value)}" is not a status an admin can set (${statuses.join(' | ')})`)
  }
  return value as MemberStatus
}

// A stored retired entry names its successor and retirement time; a compromised one its time.
function checkLifecycle (record: Record<string, unknown>, member: Member): Pick<Member, 'successor' | 'retiredAt' | 'compromisedAt'> {
  const fields: Pick<Member, 'successor' | 'retiredAt' | 'compromisedAt'> = {}
  if (member.status === 'retired' || record.successor !== undefined) {
    const successor = checkKey(record.successor)
    if (successor === member.key) throw new InvalidMemberError('successor', 'a key cannot succeed itself')
    fields.successor = successor
    fields.retiredAt = checkTime(record.retiredAt, 'retiredAt')
  }
  if (member.status === 'compromised' || record.compromisedAt !== undefined) {
    fields.compromisedAt = checkTime(record.compromisedAt, 'compromisedAt')
  }
  return fields
}

function checkStringList (value: unknown, field: string, max: number): string[] {
  if (value === undefined) {
    return []
  }
  if (!Array.isArray(value) || value.length > max) {
    throw new InvalidMemberError(field, `must be an array of at most ${max} strings`)
  }
  value.forEach((item, i) => {
    if (typeof item !== 'string') {
      throw new InvalidMemberError(`${field}[${i}]`, 'must be a string')
    }
  })
  return value as string[]
}

function checkTime (value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidMemberError(field, 'must be a non-negative integer (ms since epoch)')
  }
  return value
}
