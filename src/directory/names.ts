import { MAX_GROUP_NAME_LENGTH } from './constants.js'

// UPPER_SNAKE keeps jurisdiction groups visibly apart from lower-case sharing groups.
const JURISDICTION_GROUP_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/

// Lower-case words joined by `-`, `_` or `.`: the form admins type in policies and directory entries.
const SHARING_GROUP_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/

/** True when `name` has the syntax of a jurisdiction group name (UPPER_SNAKE, e.g. `GDPR_ADEQUATE`). */
export function isJurisdictionGroupName (name: string): boolean {
  return name.length <= MAX_GROUP_NAME_LENGTH && JURISDICTION_GROUP_NAME.test(name)
}

/** True when `name` has the syntax of a sharing group name (lower-case, e.g. `finance-isac`). */
export function isSharingGroupName (name: string): boolean {
  return name.length <= MAX_GROUP_NAME_LENGTH && SHARING_GROUP_NAME.test(name)
}
