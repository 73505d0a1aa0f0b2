import { SYNC_READ_MAX } from './constants.js'
import { cloneState } from './sublevels.js'
import type { AbstractBatchOperation } from 'abstract-level'
import type { StoreDatabase, Sub, Sublevels, SubName, SubValue, WriterState } from './sublevels.js'

/** One staged operation of a Txn. */
export interface StagedOp {
  /** Sublevel it writes. */
  sub: SubName
  /** Key inside the sublevel. */
  key: string
  /** Value to put; undefined = delete. */
  value: unknown
}

/**
 * A write overlay: reads see the overlay's own puts and deletes first, then
 * its parent's, then the database. One group commit is one root Txn; each
 * queued write runs in a child that is merged only if the write succeeds, so
 * a failing write leaves no trace in the batch. The writer state (log head,
 * audit head, counters) is copied the same way.
 */
export class Txn {
  /** Writer state as this overlay sees it; mutate freely, it is a copy. */
  state: WriterState
  private readonly subs: Sublevels
  private readonly parent: Txn | undefined
  private readonly ops = new Map<string, StagedOp>()
  /** Committed values read ahead for the whole group (root only). */
  private readonly cache = new Map<string, unknown>()

  constructor (subs: Sublevels, state: WriterState, parent?: Txn) {
    this.subs = subs
    this.state = cloneState(state)
    this.parent = parent
  }

  /** The value of `key` in sublevel `sub`, seen through the overlay. */
  async get<N extends SubName> (sub: N, key: string): Promise<SubValue<N> | undefined> {
    const op = this.lookup(sub, key)
    if (op !== undefined) return op.value as SubValue<N> | undefined
    const root = this.root()
    const k = sub + '\x00' + key
    if (root.cache.has(k)) return root.cache.get(k) as SubValue<N> | undefined
    // Synchronous: a point read on this thread is far cheaper than a hand-off to the pool (SYNC_READ_MAX).
    return (this.subs[sub] as unknown as { getSync: (k: string) => SubValue<N> | undefined }).getSync(key)
  }

  /**
   * Reads committed values ahead for the whole group: one `getMany` per
   * sublevel for a large group; a small one reads each key synchronously
   * (SYNC_READ_MAX), which costs less than one hand-off to the thread pool.
   */
  async prefetch (reads: Iterable<[SubName, string]>): Promise<void> {
    const bySub = new Map<SubName, Set<string>>()
    let count = 0
    for (const [sub, key] of reads) {
      if (this.root().cache.has(sub + '\x00' + key)) continue
      const keySet = bySub.get(sub) ?? new Set()
      if (!keySet.has(key)) count++
      bySub.set(sub, keySet.add(key))
    }
    if (count <= SYNC_READ_MAX) return // Txn.get reads each one synchronously when it is needed
    await Promise.all([...bySub].map(async ([sub, keySet]) => {
      const keyList = [...keySet]
      const found = await (this.subs[sub] as unknown as { getMany: (k: string[]) => Promise<unknown[]> }).getMany(keyList)
      keyList.forEach((key, i) => this.root().cache.set(sub + '\x00' + key, found[i]))
    }))
  }

  /** Stages a put. */
  put<N extends SubName> (sub: N, key: string, value: SubValue<N>): void {
    this.ops.set(sub + '\x00' + key, { sub, key, value })
  }

  /** Stages a delete. */
  del (sub: SubName, key: string): void {
    this.ops.set(sub + '\x00' + key, { sub, key, value: undefined })
  }

  /** A child overlay for one write. */
  child (): Txn {
    return new Txn(this.subs, this.state, this)
  }

  /** Merges this child's operations and state into its parent. */
  commit (): void {
    if (this.parent === undefined) throw new Error('Txn.commit: a root overlay has no parent')
    for (const [k, op] of this.ops) this.parent.ops.set(k, op)
    this.parent.state = this.state
  }

  /** Number of staged operations. */
  get size (): number {
    return this.ops.size
  }

  /** The staged operations, one per key (the last staged wins), in the order keys were first staged. */
  staged (): Iterable<StagedOp> {
    return this.ops.values()
  }

  /** The staged operations as one batch for `db.batch`. */
  toBatch (): Array<AbstractBatchOperation<StoreDatabase, string, unknown>> {
    const batch: Array<AbstractBatchOperation<StoreDatabase, string, unknown>> = []
    for (const op of this.ops.values()) {
      const sublevel = this.subs[op.sub] as unknown as Sub<unknown>
      if (op.value === undefined) batch.push({ type: 'del', sublevel, key: op.key })
      else batch.push({ type: 'put', sublevel, key: op.key, value: op.value })
    }
    return batch
  }

  private root (): Txn {
    return this.parent === undefined ? this : this.parent.root()
  }

  private lookup (sub: SubName, key: string): StagedOp | undefined {
    return this.ops.get(sub + '\x00' + key) ?? this.parent?.lookup(sub, key)
  }
}
