import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Level } from 'level'
import { MemoryLevel } from 'memory-level'
import { acceptReads, stageAccept } from './accept.js'
import { AuditLog } from './audit-log.js'
import { stageSeen } from './bundle-ops.js'
import { markSeen as markSeenState } from './seen.js'
import { COMMIT_WINDOW_MS, GROUP_COMMIT_MAX } from './constants.js'
import { DeliveryStore } from './delivery-store.js'
import { DirectoryStore } from './directory-store.js'
import { StoreClosedError, StoreLockedError } from './errors.js'
import { checkIntegrity } from './integrity.js'
import { keys } from './keys.js'
import { loadState } from './load-state.js'
import { purgeAllExpired } from './purge.js'
import * as queries from './queries.js'
import { RecentCache } from './recent-cache.js'
import * as cached from './recent-reads.js'
import { openSublevels } from './sublevels.js'
import { takeSnapshot } from './snapshot.js'
import { checkInteger, checkName } from './validate.js'
import { WriteQueue } from './write-queue.js'
import type { StoreCore } from './core.js'
import type { IntegrityReport } from './integrity.js'
import type { StoreSnapshot } from './snapshot.js'
import type { CachedView } from './recent-reads.js'
import type { StoreDatabase, Sublevels, WriterState } from './sublevels.js'
import type {
  AcceptInput, AcceptResult, BundleRecord, Gap, IdPage, ListQuery, ListResult, LogEntry,
  PageOptions, RecoveryState, SeenState, StoreStats, Tombstone, ValueHit, ValueQuery
} from './types.js'
import type { ReadAhead, WriteJob } from './write-queue.js'

/** Collaborators of a Store. */
export interface StoreComponents {
  /** An unopened or open abstract-level database (LevelDB or memory-level). */
  db: StoreDatabase
}

/** Optional settings of a Store. */
export interface StoreInit {
  /** Clock for events the store records itself (directory changes). Default `Date.now`. */
  now?: () => number
  /** Most writes coalesced into one synced batch. Default GROUP_COMMIT_MAX (256). */
  groupCommitMax?: number
  /** Longest a write that finds the store idle waits for others to share its fsync, in ms; 0 never waits. Default COMMIT_WINDOW_MS. */
  commitWindowMs?: number
  /** fsync every batch before acknowledging it. Default true; false only for throwaway data. */
  sync?: boolean
  /** Records and log positions kept by the cache of recent writes; 0 turns it off. Default RECENT_CACHE_ENTRIES (8192). */
  recentEntries?: number
  /** Envelope bytes kept by the cache of recent writes; 0 keeps none. Default RECENT_CACHE_ENVELOPE_BYTES (32 MiB). */
  recentEnvelopeBytes?: number
}

/**
 * The durable store of a node: envelopes, the local log, metadata, indexes,
 * checkpoints, counters, the directory and the audit log, over any
 * abstract-level database. Every write goes through one queue and lands in
 * one atomic synced batch before its promise resolves.
 */
export class Store {
  /** The hash-chained audit log. */
  readonly audit: AuditLog
  /** Directory persistence. */
  readonly directory: DirectoryStore
  /** Delivery receipts and sighting links. */
  readonly deliveries: DeliveryStore
  private readonly db: StoreDatabase
  private readonly subs: Sublevels
  private readonly now: () => number
  private readonly groupMax: number
  private readonly sync: boolean
  private readonly commitWindowMs: number
  private readonly recent: RecentCache
  private queue: WriteQueue | undefined
  private id: string | undefined

  /** Opens (creating if needed) a LevelDB store in folder `path`. */
  static async open (path: string, init: StoreInit = {}): Promise<Store> {
    await mkdir(dirname(path), { recursive: true })
    const store = new Store({ db: new Level<string, string>(path) as unknown as StoreDatabase }, init)
    try {
      await store.open()
    } catch (err) {
      const e = err as { code?: string, cause?: { code?: string } }
      if (e.code === 'LEVEL_LOCKED' || e.cause?.code === 'LEVEL_LOCKED') {
        throw new StoreLockedError(`store folder ${path} is in use by another process`, { cause: err })
      }
      throw err
    }
    return store
  }

  /** Opens a store held in memory (tests, throwaway nodes). */
  static async openInMemory (init: StoreInit = {}): Promise<Store> {
    const store = new Store({ db: new MemoryLevel<string, string>() }, init)
    await store.open()
    return store
  }

  constructor (components: StoreComponents, init: StoreInit = {}) {
    this.db = components.db
    this.subs = openSublevels(this.db)
    this.now = init.now ?? Date.now
    this.groupMax = init.groupCommitMax ?? GROUP_COMMIT_MAX
    this.sync = init.sync ?? true
    this.commitWindowMs = init.commitWindowMs ?? COMMIT_WINDOW_MS
    this.recent = new RecentCache({ entries: init.recentEntries, envelopeBytes: init.recentEnvelopeBytes })
    const core: StoreCore = {
      read: () => this.read(),
      write: async (job) => await this.write(job),
      state: () => this.committed(),
      now: () => this.now()
    }
    this.audit = new AuditLog({ core })
    this.directory = new DirectoryStore({ core })
    this.deliveries = new DeliveryStore({ core })
  }

  /** Random id of this database's log, created with it and never changed. */
  get logId (): string {
    if (this.id === undefined) throw new StoreClosedError()
    return this.id
  }

  /** True while the database is open (readiness probes ask). */
  get isOpen (): boolean {
    return this.db.status === 'open'
  }

  /** Synced batches written and the writes they carried since the store was opened (benchmarks: fsyncs per write). */
  get commitCounts (): { batches: number, writes: number } {
    return { ...(this.queue?.counts ?? { batches: 0, writes: 0 }) }
  }

  /** Opens the database, creating the log id on first use and checking the saved heads. */
  async open (): Promise<void> {
    if (this.queue !== undefined) return
    await this.db.open()
    let loaded: Awaited<ReturnType<typeof loadState>>
    try {
      loaded = await loadState(this.db, this.subs, this.sync)
    } catch (err) {
      // A store refused at open (newer schema, corrupt heads) must not keep the folder locked.
      await this.db.close()
      throw err
    }
    const { logId, state } = loaded
    this.id = logId
    // Starts empty: it only ever learns from batches committed from now on.
    this.recent.reset(state.head)
    this.queue = new WriteQueue({ db: this.db, subs: this.subs, state, recent: this.recent }, { groupMax: this.groupMax, sync: this.sync, commitWindowMs: this.commitWindowMs })
  }

  /** Waits for queued writes, then closes the database. */
  async close (): Promise<void> {
    const queue = this.queue
    if (queue === undefined) return
    this.queue = undefined
    await queue.idle()
    this.recent.reset(0) // dropped: a reopened store learns only from its own batches
    this.id = undefined
    await this.db.close()
  }

  /** Stores one bundle atomically (see AcceptInput); idempotent by id. */
  async accept (input: AcceptInput): Promise<AcceptResult> {
    return await this.write(async (txn) => await stageAccept(txn, input), acceptReads(input))
  }

  /** True when the bundle is stored. */
  async has (id: string): Promise<boolean> {
    return await cached.has(this.view(), id)
  }

  /** For each id, whether it is stored: cached ids at once, one database read for the rest (a feed batch announces hundreds). */
  async hasMany (ids: readonly string[]): Promise<boolean[]> {
    return await cached.hasMany(this.view(), ids)
  }

  /** True when `id` is tombstoned for `origin`, or for anyone when origin is omitted. */
  async isTombstoned (id: string, origin?: string): Promise<boolean> {
    return await queries.isTombstoned(this.read(), id, origin)
  }

  /** The tombstone of (id, origin), if any. */
  async getTombstone (id: string, origin: string): Promise<Tombstone | undefined> {
    return await this.read().tomb.get(keys.tomb(id, origin))
  }

  /** The exact envelope bytes, or undefined. */
  async getEnvelope (id: string): Promise<Uint8Array | undefined> {
    return await cached.readEnvelope(this.view(), id)
  }

  /** The bundle's record, or undefined; a recent one comes deep-frozen from the cache of recent writes. */
  async getRecord (id: string): Promise<BundleRecord | undefined> {
    return await cached.readRecord(this.view(), id)
  }

  /** The records of `ids`, in order (undefined where not stored): cached ones at once, one database read for the rest. */
  async getRecords (ids: readonly string[]): Promise<Array<BundleRecord | undefined>> {
    return await cached.readRecords(this.view(), ids)
  }

  /** Live log entries with pos > since, ascending (removed bundles skipped). */
  async readLog (options: { since?: number, limit?: number } = {}): Promise<LogEntry[]> {
    const since = options.since ?? 0
    checkInteger(since, 'since')
    return await cached.readLog(this.view(), since, queries.pageLimit(options.limit))
  }

  /** Last local log position (0 when empty). */
  async head (): Promise<number> {
    return this.committed().head
  }

  /** Bundles holding an observable equal to the normalised `value`. */
  async findByValue (value: string, query: ValueQuery = {}): Promise<ValueHit[]> {
    return await queries.findByValue(this.read(), value, query)
  }

  /** Bundles holding a STIX type, in log order. */
  async findByType (type: string, page: PageOptions = {}): Promise<IdPage> {
    checkName(type, 'type')
    return await queries.findByPosIndex(this.read().typ, type, page)
  }

  /** Bundles holding a STIX object id (every version of it), in log order. */
  async findByObject (objectId: string, page: PageOptions = {}): Promise<IdPage> {
    checkName(objectId, 'objectId')
    return await queries.findByPosIndex(this.read().obj, objectId, page)
  }

  /** Bundles from one origin, ordered by creation time. */
  async findByOrigin (origin: string, page: PageOptions = {}): Promise<IdPage> {
    checkName(origin, 'origin')
    return await queries.findByOrigin(this.read(), origin, page)
  }

  /** Bundles created in [from, to), ordered by creation time. */
  async findByCreated (range: { from?: number, to?: number }, page: PageOptions = {}): Promise<IdPage> {
    return await queries.findByCreated(this.read(), range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER, page)
  }

  /** Records in log order with filters; pass `next` back as `since`. */
  async list (query: ListQuery = {}): Promise<ListResult> {
    if (query.since !== undefined) checkInteger(query.since, 'since')
    if (query.type !== undefined) checkName(query.type, 'type')
    return await queries.list(this.read(), query)
  }

  /** Last position of `logId` stored from `peer` (0 when none). */
  async getCheckpoint (peer: string, logId: string): Promise<number> {
    return this.read().ckpt.getSync(keys.ckpt(peer, logId)) ?? 0
  }

  /** Sets the checkpoint exactly (may move it back, e.g. to restart a feed). */
  async setCheckpoint (peer: string, logId: string, pos: number): Promise<void> {
    checkName(peer, 'peer')
    checkName(logId, 'logId')
    checkInteger(pos, 'pos')
    await this.write(async (txn) => { txn.put('ckpt', keys.ckpt(peer, logId), pos) })
  }

  /** Last seq this node used for `recipient` (0 when none). */
  async getCounter (recipient: string): Promise<number> {
    return this.read().ctr.getSync(recipient) ?? 0
  }

  /**
   * Raises per-recipient counters to at least the given seqs (never lowers
   * one): after a restore, seqs this node used after the backup come back
   * from its peers and must never be handed out again.
   */
  async raiseCounters (counters: ReadonlyArray<{ recipient: string, seq: number }>): Promise<void> {
    for (const c of counters) { checkName(c.recipient, 'recipient'); checkInteger(c.seq, 'seq') }
    await this.write(async (txn) => {
      for (const { recipient, seq } of counters) if (seq > ((await txn.get('ctr', recipient)) ?? 0)) txn.put('ctr', recipient, seq)
    }, counters.map(c => ['ctr', c.recipient]))
  }

  /** The catch-up state a restore left, if the node has not finished catching up yet. */
  async recovery (): Promise<RecoveryState | undefined> {
    return await this.read().meta.get('recovery') as RecoveryState | undefined
  }

  /** Replaces (or, with undefined, clears) the catch-up state of a restore. */
  async setRecovery (state: RecoveryState | undefined): Promise<void> {
    await this.write(async (txn) => { if (state === undefined) txn.del('meta', 'recovery'); else txn.put('meta', 'recovery', state) })
  }

  /** A consistent snapshot of the whole database for a backup; close it when done. */
  async snapshot (): Promise<StoreSnapshot> {
    return await takeSnapshot(this.db, this.read())
  }

  /** Seqs seen from `origin`. */
  async seenSeqs (origin: string): Promise<SeenState> {
    return this.read().seen.getSync(origin) ?? { watermark: 0, above: [] }
  }

  /** Marks a seq from `origin` as resolved without storing a bundle (e.g. it was retracted). */
  async markSeen (origin: string, seq: number): Promise<void> {
    checkName(origin, 'origin')
    checkInteger(seq, 'seq', 1)
    await this.write(async (txn) => { await stageSeen(txn, origin, seq) })
  }

  /**
   * An accepted key rotation: `newKey` continues `oldKey`'s sequences, so the member's seqs stay
   * one series across its keys (no false gaps, no reuse). Our counter for it as a recipient is
   * carried over, and what we saw from it as an origin moves to the new key.
   */
  async inheritSequences (oldKey: string, newKey: string): Promise<void> {
    checkName(oldKey, 'oldKey')
    checkName(newKey, 'newKey')
    await this.write(async (txn) => {
      const counter = (await txn.get('ctr', oldKey)) ?? 0
      if (counter > ((await txn.get('ctr', newKey)) ?? 0)) txn.put('ctr', newKey, counter)
      const seen = await txn.get('seen', oldKey)
      if (seen == null) return
      const already = await txn.get('seen', newKey)
      let merged = seen
      for (let seq = 1; seq <= (already?.watermark ?? 0); seq++) merged = markSeenState(merged, seq)
      for (const seq of already?.above ?? []) merged = markSeenState(merged, seq)
      txn.put('seen', newKey, merged)
      txn.del('seen', oldKey)
    })
  }

  /** Per origin, the seqs missing below the highest one seen. */
  async gaps (): Promise<Gap[]> {
    return await queries.gaps(this.read())
  }

  /** Removes every bundle expired at `now`, in batches of PURGE_BATCH; returns their ids. */
  async purgeExpired (now: number): Promise<string[]> {
    checkInteger(now, 'now')
    return await purgeAllExpired(async (job) => await this.write(job), this.subs, now)
  }

  /** Counters maintained with every batch (no scan). */
  async stats (): Promise<StoreStats> {
    const { head, audit, stats } = this.committed()
    return { ...stats, byKind: { ...stats.byKind }, logHead: head, auditHead: audit.seq }
  }

  /** Full consistency scan of the database (see checkIntegrity). */
  async check (): Promise<IntegrityReport> {
    const subs = this.read()
    await this.queue?.idle()
    return await checkIntegrity(subs, this.committed(), this.audit)
  }

  private read (): Sublevels {
    if (this.queue === undefined) throw new StoreClosedError()
    return this.subs
  }

  private view (): CachedView {
    return { subs: this.read(), recent: this.recent }
  }

  private async write<T> (job: WriteJob<T>, reads?: ReadAhead): Promise<T> {
    if (this.queue === undefined) throw new StoreClosedError()
    return await this.queue.enqueue(job, reads)
  }

  private committed (): WriterState {
    if (this.queue === undefined) throw new StoreClosedError()
    return this.queue.state
  }
}
