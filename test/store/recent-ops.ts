import fc from 'fast-check'
import { ALICE, BOB, bundleId, makeInput } from './fixtures.js'
import type { Store } from '../../src/store/store.js'

// Random store histories for the cache-against-no-cache property: accepts
// (some expiring, some with envelopes larger than the tiny cache holds),
// retractions from the right and the wrong origin, purges, groups of these
// committed together, reopening, and every read the cache answers.

const BUNDLES = 10
const RETRACTIONS = 6
const ORIGINS = [ALICE, BOB]

/** A write, run alone or inside a group commit. */
export type WriteOp =
  | { type: 'accept', n: number, expires: number, size: number }
  | { type: 'retract', n: number, target: number, origin: number }
  | { type: 'purge', now: number }

/** A read the cache may answer. */
export type ReadOp =
  | { type: 'has' | 'getRecord' | 'getEnvelope', id: number }
  | { type: 'hasMany' | 'getRecords', ids: number[] }
  | { type: 'readLog', since: number, limit: number }

/** One step of a history. */
export type Op = WriteOp | ReadOp | { type: 'group', writes: WriteOp[] } | { type: 'reopen' }

/** Every id a history can name: the bundles, then the retractions. */
export const IDS = [
  ...Array.from({ length: BUNDLES }, (_, n) => bundleId(`b${n}`)),
  ...Array.from({ length: RETRACTIONS }, (_, n) => bundleId(`x${n}`))
]

const writeArb: fc.Arbitrary<WriteOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('accept' as const), n: fc.nat(BUNDLES - 1), expires: fc.constantFrom(0, 0, 100, 300, 700), size: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 40, max: 1500 }) }, { weight: 1, arbitrary: fc.constant(5000) }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('retract' as const), n: fc.nat(RETRACTIONS - 1), target: fc.nat(BUNDLES - 1), origin: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('purge' as const), now: fc.constantFrom(0, 150, 400, 800) }) }
)

const idArb = fc.nat(IDS.length - 1)

const readArb: fc.Arbitrary<ReadOp> = fc.oneof(
  fc.record({ type: fc.constantFrom('has' as const, 'getRecord' as const, 'getEnvelope' as const), id: idArb }),
  fc.record({ type: fc.constantFrom('hasMany' as const, 'getRecords' as const), ids: fc.array(idArb, { maxLength: 8 }) }),
  fc.record({ type: fc.constant('readLog' as const), since: fc.nat(24), limit: fc.integer({ min: 1, max: 8 }) })
)

/** A history of up to 40 steps. */
export const historyArb: fc.Arbitrary<Op[]> = fc.array(fc.oneof(
  { weight: 6, arbitrary: writeArb },
  { weight: 6, arbitrary: readArb },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('group' as const), writes: fc.array(writeArb, { minLength: 2, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.constant({ type: 'reopen' as const }) }
), { maxLength: 40 })

/** What a call gave: its value, or the code of its error. */
export type Outcome = { value: unknown } | { code: unknown }

async function outcome (call: () => Promise<unknown>): Promise<Outcome> {
  return await call().then((value) => ({ value }), (err: unknown) => ({ code: (err as { code?: unknown }).code ?? String(err) }))
}

async function write (store: Store, op: WriteOp): Promise<unknown> {
  if (op.type === 'purge') return await store.purgeExpired(op.now)
  if (op.type === 'retract') {
    return await store.accept(makeInput(`x${op.n}`, { kind: 'RETRACTION', ref: IDS[op.target], origin: ORIGINS[op.origin] as string }))
  }
  // A bundle id is the hash of its signed envelope: one id, one origin.
  return await store.accept(makeInput(`b${op.n}`, { origin: ORIGINS[op.n % 2] as string, expires: op.expires, size: op.size }))
}

/** Runs a write or read step on `store` (a group: every write queued in the same tick). */
export async function run (store: Store, op: Exclude<Op, { type: 'reopen' }>): Promise<Outcome | Outcome[]> {
  const id = (n: number): string => IDS[n] as string
  switch (op.type) {
    case 'group': return await Promise.all(op.writes.map(async (w) => await outcome(async () => await write(store, w))))
    case 'accept': case 'retract': case 'purge': return await outcome(async () => await write(store, op))
    case 'has': return await outcome(async () => await store.has(id(op.id)))
    case 'getRecord': return await outcome(async () => await store.getRecord(id(op.id)))
    case 'getEnvelope': return await outcome(async () => await store.getEnvelope(id(op.id)))
    case 'hasMany': return await outcome(async () => await store.hasMany(op.ids.map(id)))
    case 'getRecords': return await outcome(async () => await store.getRecords(op.ids.map(id)))
    case 'readLog': return await outcome(async () => await store.readLog({ since: op.since, limit: op.limit }))
  }
}

/** Every cached read of every id and every log page, for comparing two stores in full. */
export async function sweep (store: Store): Promise<unknown[]> {
  const head = await store.head()
  const out: unknown[] = [await store.hasMany(IDS), await store.getRecords(IDS)]
  for (const id of IDS) out.push(await store.has(id), await store.getRecord(id), await store.getEnvelope(id))
  for (let since = 0; since <= head + 1; since++) out.push(await store.readLog({ since, limit: 3 }), await store.readLog({ since, limit: 1000 }))
  return out
}
