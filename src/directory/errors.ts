import { IntelmeshError } from '../errors.js'

/** A directory entry (or a patch to one) failed validation; `field` names the offending field. */
export class InvalidMemberError extends IntelmeshError {
  static override name = 'InvalidMemberError'
  /** The field that failed, e.g. `jurisdiction` or `addresses[2]`. */
  readonly field: string
  constructor (field: string, message: string, options?: ErrorOptions) {
    super('DIRECTORY_INVALID_MEMBER', `member ${field}: ${message}`, options)
    this.field = field
  }
}

/** A member with this key is already in the directory. */
export class DuplicateMemberError extends IntelmeshError {
  static override name = 'DuplicateMemberError'
  constructor (key: string) {
    super('DIRECTORY_DUPLICATE_MEMBER', `member ${key} is already in the directory`)
  }
}

/** No member with this key is in the directory. */
export class UnknownMemberError extends IntelmeshError {
  static override name = 'UnknownMemberError'
  constructor (key: string) {
    super('DIRECTORY_UNKNOWN_MEMBER', `member ${key} is not in the directory`)
  }
}

/** The node's own entry cannot be removed or suspended: it must always read its own bundles. */
export class SelfMemberError extends IntelmeshError {
  static override name = 'SelfMemberError'
  constructor (action: string) {
    super('DIRECTORY_SELF_PROTECTED', `cannot ${action} this node's own directory entry`)
  }
}

/** Jurisdiction data (the config file or an admin extension) is invalid; names the group and the code. */
export class InvalidJurisdictionsError extends IntelmeshError {
  static override name = 'InvalidJurisdictionsError'
  /** The group at fault, when there is one. */
  readonly group: string | undefined
  constructor (group: string | undefined, message: string, options?: ErrorOptions) {
    super('DIRECTORY_INVALID_JURISDICTIONS', group == null ? message : `jurisdiction group ${group}: ${message}`, options)
    this.group = group
  }
}

/** A retired or compromised entry is final: it cannot be edited or re-activated (remove it instead). */
export class FinalMemberStatusError extends IntelmeshError {
  static override name = 'FinalMemberStatusError'
  constructor (key: string, status: string) {
    super('DIRECTORY_MEMBER_FINAL', `member ${key} is ${status}; its entry cannot be edited or re-activated`)
  }
}

/** The operation needs an active entry and this one is not (e.g. a rotation of a suspended key). */
export class MemberNotActiveError extends IntelmeshError {
  static override name = 'MemberNotActiveError'
  /** The entry's status. */
  readonly status: string
  constructor (key: string, status: string) {
    super('DIRECTORY_MEMBER_NOT_ACTIVE', `member ${key} is ${status}, not active`)
    this.status = status
  }
}
