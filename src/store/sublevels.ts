import type { AbstractBatchOptions, AbstractLevel, AbstractSublevel } from 'abstract-level'
import type { Member } from '../directory/types.js'
import type { AuditRecord, BundleRecord, RecoveryState, SeenState, StoreStats, Tombstone, AuditHead } from './types.js'
import type { PendingReceipt, SightingSummary, StoredReceipt } from './delivery-types.js'

/** A database the store can run on: LevelDB (`level`) or `memory-level`. */
export type StoreDatabase = AbstractLevel<string | Buffer | Uint8Array, string, string>

/** A sublevel with string keys and values of type V. */
export type Sub<V> = AbstractSublevel<StoreDatabase, string | Buffer | Uint8Array, string, V>

/** Batch options with LevelDB's `sync` (classic-level honours it; memory-level ignores it). */
export type SyncOption = AbstractBatchOptions<string, unknown> & { sync?: boolean }

/** Counters and heads written with every batch (the `meta/state` value). */
export interface WriterState {
  /** Last local log position. */
  head: number
  /** Last audit record. */
  audit: AuditHead
  /** Maintained counters. */
  stats: Omit<StoreStats, 'logHead' | 'auditHead'>
}

/** Every sublevel of the store, by name. Index values: '' or the bundle id. */
export interface Sublevels {
  /** Bundle id -> envelope bytes. */
  env: Sub<Uint8Array>
  /** Log position -> bundle id (DEAD + id once the envelope is removed). */
  log: Sub<string>
  /** Bundle id -> record. */
  rec: Sub<BundleRecord>
  /** Bundle id -> its indexed observables, to delete their keys later. */
  obs: Sub<Array<[string, string]>>
  /** value ␀ bundle id ␀ object id -> ''. */
  val: Sub<string>
  /** STIX type ␀ pos -> bundle id. */
  typ: Sub<string>
  /** STIX object id ␀ pos -> bundle id. */
  obj: Sub<string>
  /** origin ␀ created ␀ bundle id -> ''. */
  org: Sub<string>
  /** created ␀ bundle id -> ''. */
  crt: Sub<string>
  /** expires ␀ bundle id -> '' (only bundles that expire). */
  exp: Sub<string>
  /** bundle id ␀ origin -> tombstone. */
  tomb: Sub<Tombstone>
  /** peer ␀ logId -> position. */
  ckpt: Sub<number>
  /** recipient -> last seq used for it. */
  ctr: Sub<number>
  /** origin -> seen seqs. */
  seen: Sub<SeenState>
  /** member key -> member. */
  dir: Sub<Member>
  /** seq -> audit record. */
  aud: Sub<AuditRecord>
  /** `logId` (string), `state` (WriterState), `schema` (number) and, after a restore, `recovery` (RecoveryState). */
  meta: Sub<string | number | WriterState | RecoveryState>
  /** Origin side: bundle id ␀ recipient -> its signed delivery receipt. */
  rcpt: Sub<StoredReceipt>
  /** Recipient side: origin ␀ bundle id -> a signed receipt not yet acknowledged by the origin. */
  rout: Sub<PendingReceipt>
  /** bundle id ␀ sighting bundle id -> the sightings of that bundle's objects it reports. */
  sght: Sub<SightingSummary[]>
}

/** Sublevel name. */
export type SubName = keyof Sublevels

/** Value type of a sublevel. */
export type SubValue<N extends SubName> = Sublevels[N] extends Sub<infer V> ? V : never

const ENCODINGS: Record<SubName, 'view' | 'utf8' | 'json'> = {
  env: 'view',
  log: 'utf8',
  rec: 'json',
  obs: 'json',
  val: 'utf8',
  typ: 'utf8',
  obj: 'utf8',
  org: 'utf8',
  crt: 'utf8',
  exp: 'utf8',
  tomb: 'json',
  ckpt: 'json',
  ctr: 'json',
  seen: 'json',
  dir: 'json',
  aud: 'json',
  meta: 'json',
  rcpt: 'json',
  rout: 'json',
  sght: 'json'
}

/** The name of every sublevel: a backup holds keys of these and no others. */
export const SUBLEVEL_NAMES: ReadonlySet<string> = new Set(Object.keys(ENCODINGS))

/** Creates (or re-attaches) every sublevel of `db`. */
export function openSublevels (db: StoreDatabase): Sublevels {
  const subs: Partial<Record<SubName, unknown>> = {}
  for (const [name, valueEncoding] of Object.entries(ENCODINGS)) {
    subs[name as SubName] = db.sublevel<string, unknown>(name, { keyEncoding: 'utf8', valueEncoding })
  }
  return subs as Sublevels
}

/** A fresh, empty writer state. */
export function emptyState (): WriterState {
  return {
    head: 0,
    audit: { seq: 0, hash: '0'.repeat(64) },
    stats: { bundles: 0, retracted: 0, purged: 0, tombstones: 0, bytes: 0, byKind: { INTEL: 0, RETRACTION: 0 } }
  }
}

/** Deep copy of a writer state (it is small). */
export function cloneState (state: WriterState): WriterState {
  return { head: state.head, audit: { ...state.audit }, stats: { ...state.stats, byKind: { ...state.stats.byKind } } }
}
