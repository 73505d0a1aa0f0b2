import { SYNC_READ_MAX } from './constants.js'
import * as queries from './queries.js'
import type { RecentCache } from './recent-cache.js'
import type { Sublevels } from './sublevels.js'
import type { BundleRecord, LogEntry } from './types.js'

/** What a cached read needs: the sublevels and the cache of recent committed writes. */
export interface CachedView {
  /** The database's sublevels. */
  subs: Sublevels
  /** The cache of recent committed writes. */
  recent: RecentCache
}

/** True when the bundle is stored: from the cache when it holds the record, else a synchronous point read. */
export async function has ({ subs, recent }: CachedView, id: string): Promise<boolean> {
  return recent.hasRecord(id) || stored(subs, id)
}

/**
 * For each id, whether it is stored: ids the cache holds are answered at
 * once, a few others by synchronous point reads, many by one database call.
 */
export async function hasMany ({ subs, recent }: CachedView, ids: readonly string[]): Promise<boolean[]> {
  return await partitioned(ids, (id) => recent.hasRecord(id) ? true : undefined, async (rest) =>
    rest.length <= SYNC_READ_MAX ? rest.map(id => stored(subs, id)) : await subs.rec.hasMany(rest))
}

/** A synchronous existence check that does not decode the record. */
function stored (subs: Sublevels, id: string): boolean {
  return subs.rec.getSync(id, { valueEncoding: 'view' }) !== undefined
}

/** The record of `id` (frozen when it comes from the cache), or undefined. */
export async function readRecord ({ subs, recent }: CachedView, id: string): Promise<BundleRecord | undefined> {
  return recent.record(id) ?? await queries.readRecord(subs, id)
}

/** Records of `ids` in order, undefined where absent: cached ones at once, one database read for the rest. */
export async function readRecords ({ subs, recent }: CachedView, ids: readonly string[]): Promise<Array<BundleRecord | undefined>> {
  return await partitioned(ids, (id) => recent.record(id), async (rest) => await queries.readRecords(subs, rest))
}

/** The envelope bytes of `id`, or undefined. */
export async function readEnvelope ({ subs, recent }: CachedView, id: string): Promise<Uint8Array | undefined> {
  return recent.envelope(id) ?? subs.env.getSync(id)
}

/** Live log entries after `since`: from the cache's window when it covers them all, else from the database. */
export async function readLog ({ subs, recent }: CachedView, since: number, limit: number): Promise<LogEntry[]> {
  return recent.readLog(since, limit) ?? await queries.readLog(subs, since, limit)
}

/**
 * Answers each id from `cached` where it has an answer and the others with
 * ONE call of `fetch`, keeping the order of `ids`.
 */
async function partitioned<T> (ids: readonly string[], cached: (id: string) => T | undefined, fetch: (rest: string[]) => Promise<T[]>): Promise<T[]> {
  if (ids.length === 0) return []
  const out = ids.map(cached)
  const misses: number[] = []
  out.forEach((value, i) => { if (value === undefined) misses.push(i) })
  if (misses.length === 0) return out as T[]
  const fetched = await fetch(misses.map((i) => ids[i] as string))
  misses.forEach((index, j) => { out[index] = fetched[j] })
  return out as T[]
}
