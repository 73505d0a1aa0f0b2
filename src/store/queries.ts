import { LIST_SCAN_MAX, PAGE_LIMIT, PAGE_LIMIT_MAX, SYNC_READ_MAX } from './constants.js'
import { CorruptRecordError } from './errors.js'
import { missingSeqs } from './seen.js'
import { DEAD, fromCursor, keys, pad, prefixRange, splitKey, toCursor, unpad, valueKeyPart } from './keys.js'
import type { Sub, Sublevels } from './sublevels.js'
import type { BundleRecord, Gap, IdPage, ListQuery, ListResult, LogEntry, PageOptions, ValueHit, ValueQuery } from './types.js'

/** A page size within [1, PAGE_LIMIT_MAX]. */
export function pageLimit (limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return PAGE_LIMIT
  return Math.min(Math.max(1, Math.floor(limit)), PAGE_LIMIT_MAX)
}

/** Live log entries after `since`, ascending; entries whose envelope is gone are skipped. */
export async function readLog (subs: Sublevels, since: number, limit: number): Promise<LogEntry[]> {
  const out: LogEntry[] = []
  for await (const [key, value] of subs.log.iterator({ gt: pad(since) })) {
    if (value.startsWith(DEAD)) continue
    out.push({ pos: unpad(key), id: value })
    if (out.length >= limit) break
  }
  return out
}

/** Observable hits for one value, ordered by bundle id then object id. */
export async function findByValue (subs: Sublevels, value: string, query: ValueQuery): Promise<ValueHit[]> {
  const after = query.after === undefined ? undefined : query.after.id + '\x00' + query.after.objectId
  const range = prefixRange(valueKeyPart(value), after)
  const out: ValueHit[] = []
  for await (const key of subs.val.keys({ ...range, limit: pageLimit(query.limit) })) {
    const parts = splitKey(key)
    out.push({ id: parts[parts.length - 2] as string, objectId: parts[parts.length - 1] as string })
  }
  return out
}

/** A page of an index whose keys are `prefix ␀ pos` and whose values are bundle ids. */
export async function findByPosIndex (sub: Sub<string>, prefix: string, page: PageOptions): Promise<IdPage> {
  const after = page.after === undefined ? undefined : fromCursor(page.after, 1)
  const limit = pageLimit(page.limit)
  const ids: string[] = []
  let last = ''
  for await (const [key, id] of sub.iterator({ ...prefixRange(prefix, after), limit: limit + 1 })) {
    if (ids.length === limit) return { ids, next: last }
    ids.push(id)
    last = toCursor(splitKey(key).slice(-1))
  }
  return { ids }
}

/** A page of bundles from one origin, oldest created first. */
export async function findByOrigin (subs: Sublevels, origin: string, page: PageOptions): Promise<IdPage> {
  const after = page.after === undefined ? undefined : fromCursor(page.after, 2)
  const limit = pageLimit(page.limit)
  const ids: string[] = []
  let last = ''
  for await (const key of subs.org.keys({ ...prefixRange(origin, after), limit: limit + 1 })) {
    if (ids.length === limit) return { ids, next: last }
    const parts = splitKey(key).slice(-2)
    ids.push(parts[1] as string)
    last = toCursor(parts)
  }
  return { ids }
}

/** A page of bundles created in [from, to), oldest first. */
export async function findByCreated (subs: Sublevels, from: number, to: number, page: PageOptions): Promise<IdPage> {
  const limit = pageLimit(page.limit)
  const range = page.after === undefined ? { gte: pad(from) } : { gt: fromCursor(page.after, 2) }
  const ids: string[] = []
  let last = ''
  for await (const key of subs.crt.keys({ ...range, lt: pad(to), limit: limit + 1 })) {
    if (ids.length === limit) return { ids, next: last }
    const parts = splitKey(key)
    ids.push(parts[1] as string)
    last = toCursor(parts)
  }
  return { ids }
}

function matches (record: BundleRecord, q: ListQuery): boolean {
  if (q.origin !== undefined && record.origin !== q.origin) return false
  if (q.kind !== undefined && record.kind !== q.kind) return false
  if (q.type !== undefined && !record.types.includes(q.type)) return false
  if (q.createdAfter !== undefined && record.created <= q.createdAfter) return false
  if (q.createdBefore !== undefined && record.created >= q.createdBefore) return false
  return true
}

/**
 * Records in log order, filtered. Walks the type index when a type is given
 * (it is ordered by position too), else the log; examines at most
 * LIST_SCAN_MAX entries per call so a selective filter cannot stall the
 * caller, and returns `next` whenever entries may remain.
 */
export async function list (subs: Sublevels, q: ListQuery): Promise<ListResult> {
  const limit = pageLimit(q.limit)
  const reverse = q.reverse === true
  const bound = q.since === undefined ? undefined : pad(q.since)
  const source = q.type === undefined ? subs.log : subs.typ
  const prefix = q.type === undefined ? '' : q.type + '\x00'
  const range = reverse
    ? { gte: prefix, lt: prefix + (bound ?? '\xff'), reverse }
    : { gt: prefix + (bound ?? ''), lt: prefix + '\xff' }
  const records: BundleRecord[] = []
  let scanned = 0
  let lastPos: number | undefined
  for await (const [key, value] of source.iterator(range)) {
    lastPos = unpad(splitKey(key).at(-1) as string)
    scanned++
    if (!value.startsWith(DEAD)) {
      const record = await readRecord(subs, value)
      if (record !== undefined && matches(record, q)) records.push(record)
    }
    if (records.length >= limit || scanned >= LIST_SCAN_MAX) return { records, next: lastPos }
  }
  return { records }
}

/** The record of `id`, converting a decode failure into CorruptRecordError. */
export async function readRecord (subs: Sublevels, id: string): Promise<BundleRecord | undefined> {
  try {
    return subs.rec.getSync(id)
  } catch (err) {
    if ((err as { code?: string }).code === 'LEVEL_DECODE_ERROR') {
      throw new CorruptRecordError(`record of bundle ${id} cannot be decoded`, { cause: err })
    }
    throw err
  }
}

/** Records of `ids`, in order; undefined where absent. */
export async function readRecords (subs: Sublevels, ids: readonly string[]): Promise<Array<BundleRecord | undefined>> {
  if (ids.length === 0) return []
  try {
    return ids.length <= SYNC_READ_MAX ? ids.map(id => subs.rec.getSync(id)) : await subs.rec.getMany([...ids])
  } catch (err) {
    if ((err as { code?: string }).code === 'LEVEL_DECODE_ERROR') {
      throw new CorruptRecordError(`a record among bundles ${ids.join(', ')} cannot be decoded`, { cause: err })
    }
    throw err
  }
}

/** True when any tombstone exists for `id` (or for (id, origin) when origin is given). */
export async function isTombstoned (subs: Sublevels, id: string, origin?: string): Promise<boolean> {
  if (origin !== undefined) return subs.tomb.getSync(keys.tomb(id, origin)) !== undefined
  for await (const _key of subs.tomb.keys({ ...prefixRange(id), limit: 1 })) return true
  return false
}

/** Per origin, the seqs missing below the highest one seen. */
export async function gaps (subs: Sublevels): Promise<Gap[]> {
  const out: Gap[] = []
  for await (const [origin, state] of subs.seen.iterator()) {
    const { missing, truncated } = missingSeqs(state)
    if (missing.length > 0) out.push({ origin, missing, truncated })
  }
  return out
}
