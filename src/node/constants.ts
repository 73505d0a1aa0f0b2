/** Version of the node software, reported by status and recorded in the audit log at start. */
export const NODE_VERSION = '0.1.0'

/** How often sequence gaps are checked; a gap seen twice in a row triggers a resync. */
export const GAP_RESYNC_INTERVAL_MS = 30_000

/**
 * Rejections that an honest peer causes through ordinary races, not
 * misbehaviour: they are audited but do not count towards a penalty.
 */
export const BENIGN_REJECT_CODES: ReadonlySet<string> = new Set([
  'STORE_TOMBSTONED', // the retraction overtook the original
  'ENVELOPE_EXPIRED', // expired while in flight
  'RECEIVE_UNKNOWN_ORIGIN', // our admin has not added that origin (yet)
  'RECEIPT_BUNDLE_REMOVED' // the origin retracted the bundle while its receipt was on the way
])

/**
 * Rejections that admitting a member can undo: the bundle came from, or
 * through, a key that was not an active member. After one of these, adding or
 * re-activating a member makes the node re-read its feeds from 0.
 */
export const UNKNOWN_MEMBER_CODES: ReadonlySet<string> = new Set([
  'RECEIVE_UNKNOWN_ORIGIN',
  'RECEIVE_UNKNOWN_PEER'
])
