import { RECENT_CACHE_ENTRIES, RECENT_CACHE_ENVELOPE_BYTES } from './constants.js'
import { DEAD, unpad } from './keys.js'
import { checkInteger } from './validate.js'
import type { StagedOp } from './txn.js'
import type { BundleRecord, LogEntry } from './types.js'

/** Bounds of a RecentCache. */
export interface RecentCacheInit {
  /** Most records, and most log positions, held. 0 disables both. Default RECENT_CACHE_ENTRIES (8192). */
  entries?: number
  /** Most envelope bytes held. 0 disables envelopes. Default RECENT_CACHE_ENVELOPE_BYTES (32 MiB). */
  envelopeBytes?: number
}

/** What a RecentCache holds right now (for tests and metrics). */
export interface RecentCacheSize {
  /** Records held. */
  records: number
  /** Envelopes held. */
  envelopes: number
  /** Bytes of the envelopes held. */
  envelopeBytes: number
  /** Log positions held (a contiguous window ending at the committed head). */
  logEntries: number
}

/**
 * The committed state of the `rec`, `env` and `log` sublevels for the newest
 * writes only, so that reads of bundles just stored (duplicate checks, feed
 * and fetch servers) skip a LevelDB round trip. It is changed ONLY by
 * `apply`, with the operations of a batch that is already durable: filling it
 * from reads could install a value a concurrent batch had just replaced.
 * Records and log entries are held as present values only: a miss means "ask
 * the database", never "absent". The log part is a contiguous window of
 * positions [low, top] where top is the committed head, so a read of
 * everything after `since >= low - 1` is complete without the database.
 */
export class RecentCache {
  private readonly maxEntries: number
  private readonly maxEnvelopeBytes: number
  private readonly records = new Map<string, BundleRecord>()
  private readonly envelopes = new Map<string, Uint8Array>()
  private envelopeTotal = 0
  private readonly log = new Map<number, string>()
  /** First position of the window; the window is empty when low > top. */
  private low = 1
  /** Last position of the window: the committed log head. */
  private top = 0

  constructor (init: RecentCacheInit = {}) {
    this.maxEntries = init.entries ?? RECENT_CACHE_ENTRIES
    this.maxEnvelopeBytes = init.envelopeBytes ?? RECENT_CACHE_ENVELOPE_BYTES
    checkInteger(this.maxEntries, 'entries')
    checkInteger(this.maxEnvelopeBytes, 'envelopeBytes')
  }

  /**
   * Empties the cache for a database whose committed log head is `head`
   * (opening). Nothing after the head exists yet, so the empty window already
   * answers reads from the head on.
   */
  reset (head: number): void {
    this.records.clear()
    this.envelopes.clear()
    this.envelopeTotal = 0
    this.log.clear()
    this.top = head
    this.low = head + 1
  }

  /** Mirrors the `rec`, `env` and `log` operations of a durable batch, in order. */
  apply (ops: Iterable<StagedOp>): void {
    for (const { sub, key, value } of ops) {
      if (sub === 'rec') this.applyRecord(key, value as BundleRecord | undefined)
      else if (sub === 'env') this.applyEnvelope(key, value as Uint8Array | undefined)
      else if (sub === 'log') this.applyLog(unpad(key), value as string | undefined)
    }
  }

  /** True when the record of `id` is held (false means: ask the database). */
  hasRecord (id: string): boolean {
    return this.records.has(id)
  }

  /** The held record of `id`, deep-frozen, or undefined when not held. */
  record (id: string): BundleRecord | undefined {
    return this.records.get(id)
  }

  /** A copy of the held envelope of `id` (a Buffer, as the database returns), or undefined when not held. */
  envelope (id: string): Uint8Array | undefined {
    const bytes = this.envelopes.get(id)
    // Bytes cannot be frozen: every caller gets its own copy, as from the database.
    return bytes === undefined ? undefined : Buffer.from(bytes)
  }

  /** Live log entries after `since` (as queries.readLog), or undefined when the window does not cover them. */
  readLog (since: number, limit: number): LogEntry[] | undefined {
    if (this.maxEntries === 0 || since + 1 < this.low) return undefined
    const out: LogEntry[] = []
    for (let pos = since + 1; pos <= this.top && out.length < limit; pos++) {
      const value = this.log.get(pos) as string
      if (!value.startsWith(DEAD)) out.push({ pos, id: value })
    }
    return out
  }

  /** Counts of what is held. */
  size (): RecentCacheSize {
    return { records: this.records.size, envelopes: this.envelopes.size, envelopeBytes: this.envelopeTotal, logEntries: this.log.size }
  }

  private applyRecord (id: string, record: BundleRecord | undefined): void {
    this.records.delete(id)
    if (record === undefined || this.maxEntries === 0) return
    // The database hands out JSON round trips; a frozen round trip is the same
    // value, shares nothing with the writer's input and no reader can change it.
    this.records.set(id, deepFreeze(JSON.parse(JSON.stringify(record)) as BundleRecord))
    for (const oldest of this.records.keys()) {
      if (this.records.size <= this.maxEntries) break
      this.records.delete(oldest)
    }
  }

  private applyEnvelope (id: string, bytes: Uint8Array | undefined): void {
    const held = this.envelopes.get(id)
    if (held !== undefined) {
      this.envelopes.delete(id)
      this.envelopeTotal -= held.byteLength
    }
    if (bytes === undefined || bytes.byteLength > this.maxEnvelopeBytes) return
    // A copy: the writer's bytes may be a view into a larger buffer (a network
    // frame) that the cache must neither pin nor see changed.
    this.envelopes.set(id, new Uint8Array(bytes))
    this.envelopeTotal += bytes.byteLength
    for (const [oldest, old] of this.envelopes) {
      if (this.envelopeTotal <= this.maxEnvelopeBytes) break
      this.envelopes.delete(oldest)
      this.envelopeTotal -= old.byteLength
    }
  }

  private applyLog (pos: number, value: string | undefined): void {
    if (this.maxEntries === 0) return
    if (value === undefined) {
      // A deleted position inside the window: keep only what follows it, so the window stays contiguous.
      if (pos < this.low || pos > this.top) return
      for (; this.low <= pos; this.low++) this.log.delete(this.low)
      return
    }
    if (pos >= this.low && pos <= this.top) {
      this.log.set(pos, value)
      return
    }
    if (pos < this.low) return
    if (pos > this.top + 1) {
      // Not the next position: what lies between is unknown here, so restart the window at pos.
      this.log.clear()
      this.low = pos
    }
    this.log.set(pos, value)
    this.top = pos
    while (this.log.size > this.maxEntries) this.log.delete(this.low++)
  }
}

/** Freezes `value` and everything reachable from it (plain JSON data: no cycles). */
function deepFreeze<T> (value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}
