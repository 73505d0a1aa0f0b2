import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { Store } from '../../src/store/store.js'
import { BACKENDS, CACHE_SETTINGS } from './backends.js'
import { bundlesContract } from './contract/bundles.js'
import { indexesContract } from './contract/indexes.js'
import { recentCacheContract, recentCacheProperties } from './contract/recent-cache.js'
import { retractionContract } from './contract/retraction.js'
import { stateContract } from './contract/state.js'
import type { StoreContext } from './backends.js'

// One storage contract, one suite: every test runs against LevelDB in a
// temporary folder and against memory-level, each with the default cache of
// recent writes, a tiny one and none (the answers must not depend on it).
for (const makeBackend of BACKENDS) {
  for (const cache of CACHE_SETTINGS) {
    describe(`store - ${makeBackend().name}, ${cache.name}`, () => {
      const ctx = { makeBackend, init: cache.init } as StoreContext

      beforeEach(async () => {
        ctx.backend = makeBackend()
        ctx.store = await ctx.backend.create(cache.init)
      })

      afterEach(async () => {
        await ctx.store.close()
        await ctx.backend.cleanup()
      })

      bundlesContract(ctx)
      indexesContract(ctx)
      retractionContract(ctx)
      stateContract(ctx)
      recentCacheContract(ctx)
    })
  }

  describe(`store - ${makeBackend().name}, tiny cache against no cache`, function () {
    this.timeout(120_000)
    recentCacheProperties(makeBackend, makeBackend().name === 'LevelDB' ? 100 : 300)
  })
}

describe('store - LevelDB folder', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'intelmesh-store-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('creates missing parent folders and refuses a folder another store holds', async () => {
    const path = join(dir, 'data', 'node', 'store')
    const store = await Store.open(path)
    const logId = store.logId
    const err = await Store.open(path).then(() => undefined, (e: unknown) => e)
    expect(err).to.have.property('code', 'STORE_LOCKED')
    await store.close()
    const again = await Store.open(path)
    expect(again.logId).to.equal(logId)
    await again.close()
  })
})
