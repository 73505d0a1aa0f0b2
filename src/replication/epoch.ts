import { createHash } from 'node:crypto'
import type { DirectoryView, JurisdictionGroups, Member } from '../directory/types.js'

/**
 * Checkpoints are scoped by "epochs": short fingerprints of what decides
 * whether a bundle passes between two members. The publisher's epoch for a
 * subscriber is its directory entry for it (the feed filters by it); the
 * subscriber's own epoch is its own entry (the pipeline checks its own
 * eligibility by it). Either changes, or the groups do: the checkpoint scope
 * is new and the feed restarts from 0, so a bundle filtered or rejected under
 * the old view is considered again. Adding other members changes neither:
 * it matters only when bundles were rejected for coming from, or through, a
 * member not known yet, and the node then re-reads its feeds (see node.ts).
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

/** The subscriber's own epoch: its own entry (by which it judges its eligibility) and groups. */
export function selfEpoch (directory: DirectoryView, groups: string): string {
  return memberEpoch(directory.self, groups)
}

/** The checkpoint scope for one peer. */
export function checkpointScope (logId: string, peerEpoch: string, localEpoch: string): string {
  return `${logId}/${peerEpoch}/${localEpoch}`
}

function digest (text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}
