import { expect } from 'chai'
import { MemoryLevel } from 'memory-level'
import { DEAD, keys } from '../../src/store/keys.js'
import { RecentCache } from '../../src/store/recent-cache.js'
import { Store } from '../../src/store/store.js'
import { emptyState, openSublevels } from '../../src/store/sublevels.js'
import { WriteQueue } from '../../src/store/write-queue.js'
import { makeInput } from './fixtures.js'
import type { Txn } from '../../src/store/txn.js'
import type { AcceptInput } from '../../src/store/types.js'

/** A memory-level whose batches are counted and can be made to fail. */
function instrumented (): { db: MemoryLevel<string, string>, batches: Array<{ ops: number, sync: unknown }>, failNext: { on: boolean } } {
  const db = new MemoryLevel<string, string>()
  const batches: Array<{ ops: number, sync: unknown }> = []
  const failNext = { on: false }
  const original = db.batch.bind(db) as (ops: unknown[], options?: { sync?: boolean }) => Promise<void>
  ;(db as unknown as { batch: typeof original }).batch = async (ops, options) => {
    if (failNext.on) {
      failNext.on = false
      throw new Error('disk full')
    }
    batches.push({ ops: ops.length, sync: options?.sync })
    await original(ops, options)
  }
  return { db, batches, failNext }
}

describe('store - write queue', () => {
  it('coalesces concurrent writes into few synced batches (group commit)', async () => {
    const { db, batches } = instrumented()
    const store = new Store({ db })
    await store.open()
    batches.length = 0
    const results = await Promise.all(Array.from({ length: 100 }, async (_, i) => await store.accept(makeInput(`g${i}`))))
    expect(results.map((r) => r.pos).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(batches.length).to.be.lessThan(5)
    expect(batches.every((b) => b.sync === true)).to.equal(true)
    expect((await store.check()).ok).to.equal(true)
    await store.close()
  })

  it('fails every write of a group whose batch fails, and keeps the committed state', async () => {
    const { db, failNext } = instrumented()
    const store = new Store({ db })
    await store.open()
    await store.accept(makeInput('first'))
    failNext.on = true
    const results = await Promise.allSettled([store.accept(makeInput('lost1')), store.accept(makeInput('lost2'))])
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected'])
    expect(await store.stats()).to.include({ bundles: 1, logHead: 1, auditHead: 1 })
    expect(await store.has(makeInput('lost1').id)).to.equal(false)
    expect(await store.accept(makeInput('lost1'))).to.deep.equal({ pos: 2, duplicate: false })
    expect((await store.check()).ok).to.equal(true)
    await store.close()
  })

  it('fills the cache of recent writes from a durable batch only, before the writers hear back', async () => {
    const { db, failNext } = instrumented()
    await db.open()
    const subs = openSublevels(db)
    const recent = new RecentCache()
    recent.reset(0)
    const queue = new WriteQueue({ db, subs, state: emptyState(), recent }, { groupMax: 16, sync: true })
    const append = (input: AcceptInput, pos: number) => async (txn: Txn): Promise<void> => {
      txn.put('env', input.id, input.envelope)
      txn.put('log', keys.log(pos), input.id)
      txn.put('rec', input.id, { ...input.record, pos })
    }
    const a = makeInput('wq-a')
    // The writer hears back only once the cache holds what it wrote.
    await queue.enqueue(append(a, 1)).then(() => { expect(recent.hasRecord(a.id)).to.equal(true) })
    const before = { size: recent.size(), log: recent.readLog(0, 100), record: recent.record(a.id) }
    failNext.on = true
    const b = makeInput('wq-b')
    const failed = await Promise.allSettled([
      queue.enqueue(append(b, 2)),
      queue.enqueue(async (txn) => { txn.del('rec', a.id); txn.del('env', a.id); txn.put('log', keys.log(1), DEAD + a.id) })
    ])
    expect(failed.map((r) => r.status)).to.deep.equal(['rejected', 'rejected'])
    expect({ size: recent.size(), log: recent.readLog(0, 100), record: recent.record(a.id) }).to.deep.equal(before)
    expect(recent.hasRecord(b.id)).to.equal(false)
    await db.close()
  })

  it('answers as the disk does after a failed batch that held an accept and a retraction', async () => {
    const { db, failNext } = instrumented()
    const store = new Store({ db })
    await store.open()
    const a = makeInput('fa')
    const b = makeInput('fb')
    await store.accept(a)
    await store.accept(b)
    failNext.on = true
    const c = makeInput('fc')
    const results = await Promise.allSettled([store.accept(c), store.accept(makeInput('fr', { kind: 'RETRACTION', ref: a.id }))])
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected'])
    expect(await store.hasMany([a.id, b.id, c.id])).to.deep.equal([true, true, false])
    expect(await store.getRecords([a.id, c.id])).to.deep.equal([{ ...a.record, pos: 1 }, undefined])
    expect(Buffer.from(await store.getEnvelope(a.id) as Uint8Array).equals(Buffer.from(a.envelope))).to.equal(true)
    expect(await store.readLog()).to.deep.equal([{ pos: 1, id: a.id }, { pos: 2, id: b.id }])
    expect(await store.readLog({ since: 1 })).to.deep.equal([{ pos: 2, id: b.id }])
    expect(await store.accept(c)).to.deep.equal({ pos: 3, duplicate: false })
    expect(await store.readLog({ since: 2 })).to.deep.equal([{ pos: 3, id: c.id }])
    await store.close()
  })

  it('lets queued writes finish on close', async () => {
    const store = await Store.openInMemory()
    const pending = Array.from({ length: 20 }, async (_, i) => await store.accept(makeInput(`q${i}`)))
    await store.close()
    expect((await Promise.all(pending)).length).to.equal(20)
  })
})
