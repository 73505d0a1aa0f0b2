import { expect } from 'chai'
import { MemoryLevel } from 'memory-level'
import { Store } from '../../src/store/store.js'
import { makeInput } from './fixtures.js'

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

  it('lets queued writes finish on close', async () => {
    const store = await Store.openInMemory()
    const pending = Array.from({ length: 20 }, async (_, i) => await store.accept(makeInput(`q${i}`)))
    await store.close()
    expect((await Promise.all(pending)).length).to.equal(20)
  })
})
