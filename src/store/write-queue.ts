import { CommitWindow } from './commit-window.js'
import { Txn } from './txn.js'
import type { RecentCache } from './recent-cache.js'
import type { StoreDatabase, Sublevels, SubName, SyncOption, WriterState } from './sublevels.js'

/** One queued write: stages its operations in the given overlay and returns its result. */
export type WriteJob<T> = (txn: Txn) => Promise<T>

/** Keys a write will read, fetched for its whole group at once (an optimisation only). */
export type ReadAhead = Array<[SubName, string]>

interface Queued {
  job: WriteJob<unknown>
  reads: ReadAhead
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

/** Settings of the write queue. */
export interface WriteQueueInit {
  /** Most writes per synced batch. */
  groupMax: number
  /** Pass `sync: true` to every batch (fsync before acknowledging). */
  sync: boolean
  /** Longest a write that finds the queue idle waits for others to share its batch, in ms (see CommitWindow); 0 or absent: never. */
  commitWindowMs?: number
  /** A commit window closes once this many writes are queued (default 2). */
  commitWindowWrites?: number
}

/**
 * Serialises every write of the store and commits them in groups: the writes
 * queued while one batch is being synced are run one after the other (each
 * seeing the effects of the previous ones) and then written as ONE atomic,
 * synced batch. Nobody's promise settles before that batch is on disk, so a
 * write is acknowledged only once it is durable, and a crash loses either a
 * whole group or nothing. Under steady traffic, a write that finds the
 * queue idle may wait a bounded moment for company first (CommitWindow).
 */
export class WriteQueue {
  private readonly db: StoreDatabase
  private readonly subs: Sublevels
  private readonly groupMax: number
  private readonly sync: boolean
  private readonly recent: RecentCache
  private committed: WriterState
  private pending: Queued[] = []
  private running: Promise<void> | undefined
  private readonly window: CommitWindow
  /** Batches written and writes they carried, since the queue was made. */
  readonly counts = { batches: 0, writes: 0 }

  constructor (components: { db: StoreDatabase, subs: Sublevels, state: WriterState, recent: RecentCache }, init: WriteQueueInit) {
    this.db = components.db
    this.subs = components.subs
    this.recent = components.recent
    this.committed = components.state
    this.groupMax = init.groupMax
    this.sync = init.sync
    this.window = new CommitWindow({ windowMs: init.commitWindowMs ?? 0, closeAt: init.commitWindowWrites ?? 2 })
  }

  /** State as of the last durable batch. */
  get state (): WriterState {
    return this.committed
  }

  /** Queues a write; resolves with its result once its batch is durable. */
  async enqueue<T> (job: WriteJob<T>, reads: ReadAhead = []): Promise<T> {
    return await new Promise<T>((resolve, reject) => {
      this.pending.push({ job, reads, resolve: resolve as (value: unknown) => void, reject })
      this.window.arrived(this.pending.length)
      this.running ??= this.drain().finally(() => { this.running = undefined })
    })
  }

  /** Resolves when every queued write has settled. */
  async idle (): Promise<void> {
    while (this.running !== undefined) await this.running
  }

  private async drain (): Promise<void> {
    // Yield once so writes issued in the same tick (Promise.all over a fetch
    // batch) join the first group instead of the first one going alone.
    await Promise.resolve()
    await this.window.wait(this.pending.length)
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, this.groupMax)
      await this.runGroup(group)
    }
  }

  private async runGroup (group: Queued[]): Promise<void> {
    const root = new Txn(this.subs, this.committed)
    const outcomes: Array<{ ok: true, value: unknown } | { ok: false, err: unknown }> = []
    try {
      await root.prefetch(group.flatMap((item) => item.reads))
    } catch (err) {
      for (const item of group) item.reject(err)
      return
    }
    for (const item of group) {
      const txn = root.child()
      try {
        const value = await item.job(txn)
        txn.commit()
        outcomes.push({ ok: true, value })
      } catch (err) {
        outcomes.push({ ok: false, err })
      }
    }
    if (root.size > 0) {
      root.put('meta', 'state', root.state)
      try {
        await this.db.batch(root.toBatch(), { sync: this.sync } as SyncOption)
      } catch (err) {
        // Nothing of this group is durable: every write in it fails, and the
        // committed state stays what the disk holds.
        for (const item of group) item.reject(err)
        return
      }
      this.committed = root.state
      this.counts.batches++
      this.counts.writes += group.length
      // Only now, before any writer hears back: from here on the cache answers
      // exactly as the disk does, and a failed batch never reached it.
      this.recent.apply(root.staged())
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i]
      if (outcome?.ok === true) item.resolve(outcome.value)
      else item.reject(outcome?.err)
    })
  }
}
