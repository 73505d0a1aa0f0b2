import { createHash } from 'node:crypto'
import type { DirectoryView, JurisdictionGroups, Member } from '../directory/types.js'

/**
 * Checkpoints are scoped by "epochs": short fingerprints of everything that
 * decides what a peer may receive. When either side's view changes (a member
 * is re-classified, a group is redefined, a new origin is added), the epoch
 * changes, the checkpoint scope is new, and the feed restarts from 0 — so a
 * bundle filtered or rejected under the old view is considered again.
 */

/** Fingerprint of the jurisdiction groups in force. */
export function groupsFingerprint (groups: JurisdictionGroups): string {
  const entries = [...groups.entries()].map(([name, codes]) => [name, [...codes].sort()] as const).sort((a, b) => a[0].localeCompare(b[0]))
  return digest(JSON.stringify(entries))
}

/** The publisher's epoch for one subscriber: what the publisher's directory says about it. */
export function memberEpoch (member: Member | undefined, groups: string): string {
  if (member == null) return digest(`none|${groups}`)
  return digest(JSON.stringify([member.key, member.jurisdiction, [...member.roles].sort(), [...member.groups].sort(), member.status, groups]))
}

/** The subscriber's own epoch: its whole directory (which origins and relays it accepts) and groups. */
export function directoryEpoch (directory: DirectoryView, groups: string): string {
  const members = directory.list().map(m => [m.key, m.jurisdiction, [...m.roles].sort(), [...m.groups].sort(), m.status])
  return digest(JSON.stringify([members, groups]))
}

/** The checkpoint scope for one peer. */
export function checkpointScope (logId: string, peerEpoch: string, localEpoch: string): string {
  return `${logId}/${peerEpoch}/${localEpoch}`
}

function digest (text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}
