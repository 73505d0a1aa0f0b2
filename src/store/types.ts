import type { Policy, Tlp } from '../policy/types.js'

/** What a stored bundle is: intelligence, or the retraction of an earlier bundle. */
export type BundleKind = 'INTEL' | 'RETRACTION'

/** Metadata of one stored bundle (JSON in the `rec` sublevel). */
export interface BundleRecord {
  /** Bundle id: 64 lowercase hex. */
  id: string
  /** Member key (PeerId string) of the publisher. */
  origin: string
  /** INTEL or RETRACTION. */
  kind: BundleKind
  /** Bundle id this one retracts or updates. */
  ref?: string
  /** Creation time (ms since epoch), from the signed header. */
  created: number
  /** Expiry (ms since epoch); 0 = never. */
  expires: number
  /** TLP of the bundle's policy. */
  tlp: Tlp
  /** The full distribution policy from the signed header: every send re-checks it. */
  policy: Policy
  /** Member keys listed in the header. */
  recipients: string[]
  /** Recipient key -> the origin's sequence number for it. */
  seqs?: Record<string, number>
  /** Position in this node's local log, assigned by the store. */
  pos: number
  /** When this node stored it (ms since epoch). */
  receivedAt: number
  /** Peer that delivered it (the origin key for own publications). */
  from: string
  /** Envelope size in bytes. */
  size: number
  /** STIX types present in the bundle. */
  types: string[]
  /** STIX objects in the bundle. */
  objects: Array<{ id: string, type: string, modified?: string }>
}

/** One observable value to index, already normalised by the STIX layer. */
export interface ObservableInput {
  /** Normalised value (e.g. lower-case domain); must not contain U+0000. */
  value: string
  /** STIX id of the object it came from. */
  objectId: string
}

/** Everything `Store.accept` writes for one bundle, in one synced batch. */
export interface AcceptInput {
  /** Bundle id (64 lowercase hex); must equal `record.id`. */
  id: string
  /** Exact envelope bytes, stored as is. */
  envelope: Uint8Array
  /** Metadata; `pos` is assigned by the store. */
  record: Omit<BundleRecord, 'pos'>
  /** Normalised observable values for search. */
  observables: ObservableInput[]
  /** Advance the checkpoint for (peer, logId) to at least pos, in the same batch. */
  checkpoint?: { peer: string, logId: string, pos: number }
  /** Publish: the new per-recipient sequence counters (each must be the current one + 1). */
  counters?: Array<{ recipient: string, seq: number }>
  /** Receive: this node's sequence number from this origin (gap detection). */
  seen?: { origin: string, seq: number }
  /** The audit event recorded with the bundle (its `id` defaults to the bundle id). */
  audit: AuditEventInput
}

/** Outcome of `Store.accept`. */
export interface AcceptResult {
  /** Local log position of the bundle (of the earlier copy for a duplicate). */
  pos: number
  /** True when the id was already stored: nothing was written. */
  duplicate: boolean
}

/** Kinds of audit events. */
export type AuditEventType = 'publish' | 'send' | 'receive' | 'reject' | 'retract' | 'purge' | 'directory' | 'start' | 'stop' | 'receipt' | 'backup' | 'restore'

/** An audit event as callers submit it. */
export interface AuditEventInput {
  /** Event kind. */
  type: AuditEventType
  /** When it happened (ms since epoch). */
  at: number
  /** Peer involved (member key). */
  peer?: string
  /** Bundle id involved. */
  id?: string
  /** Human-readable reason (never intel content). */
  reason?: string
  /** Stable error code, for rejections. */
  code?: string
  /** Extra structured facts (JSON values only). */
  detail?: Record<string, unknown>
}

/** An audit event as stored: numbered and hash-chained. */
export interface AuditRecord extends AuditEventInput {
  /** Contiguous from 1. */
  seq: number
  /** Hash of the previous record; 64 zeros for the first. */
  prev: string
  /** sha256(prev ‖ canonical JSON of this record without `hash`), hex. */
  hash: string
}

/** Last record of the audit chain (seq 0 and the genesis hash when empty). */
export interface AuditHead {
  /** Sequence number of the last record. */
  seq: number
  /** Its hash. */
  hash: string
}

/** Result of verifying an audit chain: the first broken link, if any. */
export type AuditVerifyResult =
  | { ok: true, checked: number }
  | { ok: false, checked: number, brokenAt: number, reason: AuditBreak }

/** Why a link broke: wrong sequence number (removed or reordered), wrong `prev`, or wrong `hash` (modified). */
export type AuditBreak = 'seq' | 'prev' | 'hash' | 'malformed'

/** One local log entry. */
export interface LogEntry {
  /** Log position. */
  pos: number
  /** Bundle id. */
  id: string
}

/** Paging for index lookups; `after` is the `next` cursor of the previous page. */
export interface PageOptions {
  /** Max results (default 100, capped at 1000). */
  limit?: number
  /** Cursor returned as `next` by the previous page. */
  after?: string
}

/** A page of bundle ids with the cursor of the next page. */
export interface IdPage {
  /** Bundle ids, in index order. */
  ids: string[]
  /** Cursor for the next page; absent when this page is the last. */
  next?: string
}

/** One observable hit. */
export interface ValueHit {
  /** Bundle id. */
  id: string
  /** STIX id of the object holding the value. */
  objectId: string
}

/** Options of `findByValue`; `after` is the last hit of the previous page. */
export interface ValueQuery {
  /** Max results (default 100, capped at 1000). */
  limit?: number
  /** Continue after this hit (order: bundle id, then object id). */
  after?: ValueHit
}

/** Options of `Store.list`: filters over the local log. */
export interface ListQuery {
  /** Log position cursor: ascending lists start after it; `reverse` lists start before it. */
  since?: number
  /** Max records (default 100, capped at 1000). */
  limit?: number
  /** Newest first. */
  reverse?: boolean
  /** Only bundles from this origin. */
  origin?: string
  /** Only bundles holding this STIX type. */
  type?: string
  /** Only bundles of this kind. */
  kind?: BundleKind
  /** Only bundles created strictly after this time (ms). */
  createdAfter?: number
  /** Only bundles created strictly before this time (ms). */
  createdBefore?: number
}

/** A page of records; pass `next` as `since` to continue. */
export interface ListResult {
  /** Matching records in log order. */
  records: BundleRecord[]
  /** Log position to continue from; absent at the end of the log. */
  next?: number
}

/** Sequence numbers seen from one origin: all ≤ watermark, plus a sparse set above it. */
export interface SeenState {
  /** Every seq from 1 to watermark was seen. */
  watermark: number
  /** Seen seqs above the watermark, ascending. */
  above: number[]
}

/** Missing sequence numbers from one origin. */
export interface Gap {
  /** Origin member key. */
  origin: string
  /** Missing seqs below the highest seen, ascending (at most GAP_REPORT_MAX). */
  missing: number[]
  /** True when more seqs are missing than listed. */
  truncated: boolean
}

/** Why a bundle's tombstone exists. */
export interface Tombstone {
  /** Retracted by its origin, or purged on expiry. */
  reason: 'retracted' | 'purged'
  /** When (ms since epoch). */
  at: number
  /** Id of the retraction bundle, for `retracted`. */
  by?: string
}

/** Counters maintained in every batch (no scans). */
export interface StoreStats {
  /** Bundles currently stored (envelope + record). */
  bundles: number
  /** Bundles removed by a retraction from their origin. */
  retracted: number
  /** Bundles removed on expiry. */
  purged: number
  /** Tombstone entries (id, origin). */
  tombstones: number
  /** Envelope bytes currently stored. */
  bytes: number
  /** Last local log position. */
  logHead: number
  /** Last audit sequence number. */
  auditHead: number
  /** Stored bundles per kind. */
  byKind: Record<BundleKind, number>
}

/**
 * Written by a restore (meta `recovery`) and cleared once the node has caught
 * up: until then the node asks its peers for what it delivered to them itself
 * (it lost it) and holds publications to members not yet reconciled.
 */
export interface RecoveryState {
  /** When the restore ran (ms). */
  restoredAt: number
  /** When the backup was taken (ms). */
  backupCreated: number
  /** The log id of the backup (replaced by a new one on restore). */
  previousLogId: string
  /** Members whose feed has not yet been read to its end since the restore, nor their seq counter reconciled. */
  pending: string[]
}
