import { DEAD, keys, prefixRange, splitKey, unpad } from './keys.js'
import type { AuditLog } from './audit-log.js'
import type { Sublevels, WriterState } from './sublevels.js'

/** Outcome of a full consistency check. */
export interface IntegrityReport {
  /** True when no problem was found. */
  ok: boolean
  /** The first problems found (at most 100), each naming the key involved. */
  problems: string[]
  /** Live bundles found in the log. */
  bundles: number
  /** Log entries found. */
  logEntries: number
  /** Audit records verified. */
  auditRecords: number
}

const PROBLEMS_MAX = 100

/**
 * Full scan (an fsck): log positions contiguous from 1 to the head; every live
 * entry has its envelope, record and every index entry; every dead entry has
 * none and is tombstoned; every index entry points to a live record; the
 * counters match what is stored; the audit chain verifies up to its head.
 * Costs a pass over the database: for tests, `status --check` and recovery.
 */
export async function checkIntegrity (subs: Sublevels, state: WriterState, audit: AuditLog): Promise<IntegrityReport> {
  const problems: string[] = []
  const problem = (text: string): void => { if (problems.length < PROBLEMS_MAX) problems.push(text) }
  const live = new Set<string>()
  const byKind = { INTEL: 0, RETRACTION: 0 }
  let bytes = 0
  let logEntries = 0

  for await (const [key, value] of subs.log.iterator()) {
    logEntries++
    const pos = unpad(key)
    if (pos !== logEntries) problem(`log: position ${pos} found where ${logEntries} was expected`)
    const dead = value.startsWith(DEAD)
    const id = dead ? value.slice(DEAD.length) : value
    const record = await subs.rec.get(id)
    const envelope = await subs.env.get(id)
    if (dead) {
      if (record !== undefined || envelope !== undefined) problem(`log ${pos}: removed bundle ${id} still has data`)
      let tombstoned = false
      for await (const _k of subs.tomb.keys({ ...prefixRange(id), limit: 1 })) tombstoned = true
      if (!tombstoned) problem(`log ${pos}: removed bundle ${id} has no tombstone`)
      continue
    }
    if (record === undefined || envelope === undefined) { problem(`log ${pos}: bundle ${id} lacks its record or envelope`); continue }
    if (record.pos !== pos || record.id !== id) problem(`rec ${id}: pos/id disagree with log ${pos}`)
    if (record.size !== envelope.byteLength) problem(`rec ${id}: size ${record.size} != envelope ${envelope.byteLength}`)
    live.add(id)
    byKind[record.kind]++
    bytes += envelope.byteLength
    const expected = [
      ...record.types.map((t) => subs.typ.get(keys.typ(t, pos))),
      ...record.objects.map((o) => subs.obj.get(keys.obj(o.id, pos))),
      subs.org.get(keys.org(record.origin, record.created, id)),
      subs.crt.get(keys.crt(record.created, id)),
      ...(record.expires === 0 ? [] : [subs.exp.get(keys.exp(record.expires, id))]),
      ...((await subs.obs.get(id)) ?? []).map(([v, o]) => subs.val.get(keys.val(v, id, o)))
    ]
    if ((await Promise.all(expected)).some((v) => v === undefined)) problem(`indexes of bundle ${id} are incomplete`)
  }

  await countKeys(subs.rec.keys(), (id) => live.has(id), 'rec', problem)
  await countKeys(subs.env.keys(), (id) => live.has(id), 'env', problem)
  await countKeys(subs.obs.keys(), (id) => live.has(id), 'obs', problem)
  await countKeys(subs.val.keys(), (k) => live.has(splitKey(k).at(-2) as string), 'val', problem)
  await countKeys(subs.org.keys(), (k) => live.has(splitKey(k).at(-1) as string), 'org', problem)
  await countKeys(subs.crt.keys(), (k) => live.has(splitKey(k)[1] as string), 'crt', problem)
  await countKeys(subs.exp.keys(), (k) => live.has(splitKey(k)[1] as string), 'exp', problem)
  for (const name of ['typ', 'obj'] as const) {
    for await (const [k, id] of subs[name].iterator()) if (!live.has(id)) problem(`${name} ${JSON.stringify(k)} points to a missing bundle`)
  }
  const tombstones = await countKeys(subs.tomb.keys(), () => true, 'tomb', problem)

  const s = state.stats
  if (state.head !== logEntries) problem(`state: head ${state.head} != ${logEntries} log entries`)
  if (s.bundles !== live.size || s.bytes !== bytes || s.tombstones !== tombstones ||
      s.byKind.INTEL !== byKind.INTEL || s.byKind.RETRACTION !== byKind.RETRACTION) {
    problem(`state: counters ${JSON.stringify(s)} disagree with the data (${live.size} bundles, ${bytes} bytes, ${tombstones} tombstones)`)
  }
  const chain = await audit.verify()
  if (!chain.ok) problem(`audit: chain broken at ${chain.brokenAt} (${chain.reason})`)
  return { ok: problems.length === 0, problems, bundles: live.size, logEntries, auditRecords: chain.checked }
}

async function countKeys (keysIt: AsyncIterable<string>, valid: (key: string) => boolean, name: string,
  problem: (text: string) => void): Promise<number> {
  let n = 0
  for await (const key of keysIt) {
    n++
    if (!valid(key)) problem(`${name} ${JSON.stringify(key)} points to a missing bundle`)
  }
  return n
}
