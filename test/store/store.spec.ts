import { BACKENDS } from './backends.js'
import { bundlesContract } from './contract/bundles.js'
import { indexesContract } from './contract/indexes.js'
import { retractionContract } from './contract/retraction.js'
import { stateContract } from './contract/state.js'
import type { StoreContext } from './backends.js'

// One storage contract, one suite: every test runs against LevelDB in a
// temporary folder and against memory-level.
for (const makeBackend of BACKENDS) {
  describe(`store - ${makeBackend().name}`, () => {
    const ctx = {} as StoreContext

    beforeEach(async () => {
      ctx.backend = makeBackend()
      ctx.store = await ctx.backend.create()
    })

    afterEach(async () => {
      await ctx.store.close()
      await ctx.backend.cleanup()
    })

    bundlesContract(ctx)
    indexesContract(ctx)
    retractionContract(ctx)
    stateContract(ctx)
  })
}
