import { expect } from 'chai'
import fc from 'fast-check'
import { ALICE, makeInput } from '../fixtures.js'
import { historyArb, run, sweep } from '../recent-ops.js'
import type { Backend, StoreContext } from '../backends.js'
import type { BundleRecord } from '../../../src/store/types.js'

/** Reads through the store's cache of recent writes: what a caller gets cannot change the store. */
export function recentCacheContract (ctx: StoreContext): void {
  describe('cache of recent writes', () => {
    it('hands out records and envelopes whose change by the caller reaches no later read', async () => {
      const input = makeInput('frozen')
      await ctx.store.accept(input)
      const expected = { ...makeInput('frozen').record, pos: 1 }
      for (const got of [await ctx.store.getRecord(input.id), (await ctx.store.getRecords([input.id]))[0]]) {
        const record = got as BundleRecord
        // From the cache a record is frozen throughout; from the database it is the caller's own copy.
        expect(Object.isFrozen(record) && Object.isFrozen(record.policy.allow)).to.equal(ctx.init.recentEntries !== 0)
        if (Object.isFrozen(record)) {
          expect(() => { record.size = 1 }).to.throw(TypeError)
          expect(() => { record.recipients.push('intruder') }).to.throw(TypeError)
        } else {
          record.size = 1
          record.recipients.push('intruder')
          record.policy.allow.push('XX')
        }
      }
      // memory-level itself keeps and hands out the very bytes it was given;
      // the cache (and LevelDB) give copies.
      const copies = ctx.backend.name === 'LevelDB' || ctx.init.recentEnvelopeBytes !== 0
      if (copies) (await ctx.store.getEnvelope(input.id) as Uint8Array).fill(0)
      input.record.recipients.push('intruder')
      expect(await ctx.store.getRecord(input.id)).to.deep.equal(expected)
      expect(await ctx.store.getRecords([input.id])).to.deep.equal([expected])
      expect(Buffer.from(await ctx.store.getEnvelope(input.id) as Uint8Array).equals(Buffer.from(makeInput('frozen').envelope))).to.equal(true)
    })

    it('answers reads of old and new bundles alike once the newest ones pushed the old out', async () => {
      const inputs = Array.from({ length: 12 }, (_, i) => makeInput(`old${i}`, { size: 300 }))
      for (const input of inputs) await ctx.store.accept(input)
      const ids = inputs.map((i) => i.id)
      expect(await ctx.store.hasMany(ids)).to.deep.equal(ids.map(() => true))
      expect((await ctx.store.getRecords(ids)).map((r) => r?.pos)).to.deep.equal(ids.map((_, i) => i + 1))
      for (const [i, input] of inputs.entries()) {
        expect(await ctx.store.has(input.id)).to.equal(true)
        expect((await ctx.store.getRecord(input.id))?.pos).to.equal(i + 1)
        expect(Buffer.from(await ctx.store.getEnvelope(input.id) as Uint8Array).equals(Buffer.from(input.envelope))).to.equal(true)
        expect((await ctx.store.readLog({ since: i, limit: 2 })).map((e) => e.pos)).to.deep.equal([i + 1, i + 2].filter((p) => p <= 12))
      }
      await ctx.store.accept(makeInput('old-retract', { kind: 'RETRACTION', ref: ids[11], origin: ALICE }))
      await ctx.store.accept(makeInput('old-retract-0', { kind: 'RETRACTION', ref: ids[0], origin: ALICE }))
      expect(await ctx.store.hasMany([ids[0] as string, ids[11] as string])).to.deep.equal([false, false])
      expect((await ctx.store.readLog({ since: 10 })).map((e) => e.pos)).to.deep.equal([11, 13, 14])
      expect((await ctx.store.readLog({ since: 0, limit: 1 })).map((e) => e.pos)).to.deep.equal([2])
    })
  })
}

/**
 * The property: over random histories of accepts, retractions, purges,
 * group commits and reopening, a store with a tiny cache (8 entries, 4 KiB
 * of envelopes) answers every read exactly as a store without one, and as
 * itself once reopened (its cache empty, every answer from the database).
 */
export function recentCacheProperties (makeBackend: () => Backend, runs: number): void {
  it('answers every read exactly as a store without the cache, and as itself reopened', async () => {
    await fc.assert(fc.asyncProperty(historyArb, async (history) => {
      const tinyInit = { recentEntries: 8, recentEnvelopeBytes: 4096 }
      const offInit = { recentEntries: 0, recentEnvelopeBytes: 0 }
      const backends = [makeBackend(), makeBackend()] as const
      let cached = await backends[0].create(tinyInit)
      let plain = await backends[1].create(offInit)
      try {
        for (const [step, op] of history.entries()) {
          if (op.type === 'reopen') {
            cached = await backends[0].reopen(cached, tinyInit)
            plain = await backends[1].reopen(plain, offInit)
            continue
          }
          const got = await run(cached, op)
          expect(got, `step ${step}: ${JSON.stringify(op)}`).to.deep.equal(await run(plain, op))
        }
        const warm = await sweep(cached)
        expect(warm, 'full sweep').to.deep.equal(await sweep(plain))
        cached = await backends[0].reopen(cached, tinyInit)
        expect(await sweep(cached), 'full sweep after reopening').to.deep.equal(warm)
        expect((await cached.check()).ok).to.equal(true)
      } finally {
        await cached.close()
        await plain.close()
        for (const backend of backends) await backend.cleanup()
      }
    }), { numRuns: runs })
  })
}
