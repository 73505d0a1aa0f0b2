import { expect } from 'chai'
import { ALICE, BOB, makeInput, observable } from '../fixtures.js'
import type { StoreContext } from '../backends.js'
import type { AcceptInput } from '../../../src/store/types.js'

function retraction (seed: string, target: AcceptInput, origin = target.record.origin): AcceptInput {
  return makeInput(seed, { kind: 'RETRACTION', ref: target.id, origin })
}

async function codeOf (promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(() => undefined, (e: unknown) => (e as { code?: string }).code)
}

/** Retraction (in every order and from the wrong origin) and purge on expiry. */
export function retractionContract (ctx: StoreContext): void {
  describe('retraction', () => {
    it('removes the original when its origin retracts it, keeps the retraction, and refuses the original later', async () => {
      const original = makeInput('orig', { observables: [observable('198.51.100.7')], types: ['indicator', 'malware'] })
      const other = makeInput('other', { observables: [observable('198.51.100.7', 1)] })
      await ctx.store.accept(original)
      await ctx.store.accept(other)
      const retract = retraction('retract', original)
      expect(await ctx.store.accept(retract)).to.deep.equal({ pos: 3, duplicate: false })

      expect(await ctx.store.has(original.id)).to.equal(false)
      expect(await ctx.store.getEnvelope(original.id)).to.equal(undefined)
      expect(await ctx.store.getRecord(original.id)).to.equal(undefined)
      expect((await ctx.store.findByValue('198.51.100.7')).map((h) => h.id)).to.deep.equal([other.id])
      expect((await ctx.store.findByType('malware')).ids).to.deep.equal([])
      expect((await ctx.store.findByOrigin(ALICE)).ids).to.not.include(original.id)
      expect(await ctx.store.readLog()).to.deep.equal([{ pos: 2, id: other.id }, { pos: 3, id: retract.id }])
      expect(await ctx.store.head()).to.equal(3)
      expect(await ctx.store.isTombstoned(original.id)).to.equal(true)
      expect(await ctx.store.isTombstoned(original.id, ALICE)).to.equal(true)
      expect(await ctx.store.isTombstoned(original.id, BOB)).to.equal(false)
      expect(await ctx.store.getTombstone(original.id, ALICE)).to.include({ reason: 'retracted', by: retract.id })
      expect(await ctx.store.stats()).to.include({ bundles: 2, retracted: 1, tombstones: 1 })
      const audit = await ctx.store.audit.read()
      expect(audit.map((r) => r.type)).to.deep.equal(['publish', 'publish', 'publish', 'retract'])
      expect(audit[3]).to.deep.include({ id: original.id, detail: { by: retract.id, outcome: 'removed' } })

      expect(await codeOf(ctx.store.accept(original))).to.equal('STORE_TOMBSTONED')
      expect(await ctx.store.head()).to.equal(3)
      expect((await ctx.store.check()).ok).to.equal(true)
    })

    it('tombstones a bundle whose retraction arrives first', async () => {
      const original = makeInput('late', { observables: [observable('evil.example')] })
      const retract = retraction('early', original)
      await ctx.store.accept(retract)
      expect(await ctx.store.isTombstoned(original.id, ALICE)).to.equal(true)
      expect((await ctx.store.audit.read()).at(-1)).to.deep.include({ type: 'retract', detail: { by: retract.id, outcome: 'not-stored' } })
      expect(await codeOf(ctx.store.accept(original))).to.equal('STORE_TOMBSTONED')
      expect(await ctx.store.has(original.id)).to.equal(false)
      expect(await ctx.store.findByValue('evil.example')).to.deep.equal([])
      expect(await ctx.store.stats()).to.include({ bundles: 1, logHead: 1, retracted: 0 })
    })

    it('ignores a retraction from another origin', async () => {
      const original = makeInput('victim', { observables: [observable('evil.example')] })
      await ctx.store.accept(original)
      await ctx.store.accept(retraction('forged', original, BOB))
      expect(await ctx.store.has(original.id)).to.equal(true)
      expect((await ctx.store.findByValue('evil.example')).map((h) => h.id)).to.deep.equal([original.id])
      expect(await ctx.store.isTombstoned(original.id, ALICE)).to.equal(false)
      expect(await ctx.store.isTombstoned(original.id, BOB)).to.equal(true)
      expect((await ctx.store.audit.read()).at(-1)).to.deep.include({ detail: { by: makeInput('forged').id, outcome: 'origin-mismatch' } })
      expect(await ctx.store.stats()).to.include({ bundles: 2, retracted: 0 })
    })

    it('still accepts the original after a retraction from another origin arrived first', async () => {
      const original = makeInput('victim2')
      await ctx.store.accept(retraction('forged2', original, BOB))
      expect(await ctx.store.accept(original)).to.deep.equal({ pos: 2, duplicate: false })
      expect(await ctx.store.has(original.id)).to.equal(true)
    })

    it('applies an original and its retraction committed in the same group', async () => {
      const original = makeInput('g-orig', { observables: [observable('10.9.9.9')] })
      const results = await Promise.all([ctx.store.accept(original), ctx.store.accept(retraction('g-retract', original))])
      expect(results.map((r) => r.pos)).to.deep.equal([1, 2])
      expect(await ctx.store.has(original.id)).to.equal(false)
      expect(await ctx.store.findByValue('10.9.9.9')).to.deep.equal([])
      expect((await ctx.store.check()).ok).to.equal(true)
    })
  })

  describe('purge', () => {
    it('removes expired bundles with their indexes, tombstones and audits each', async () => {
      const soon = makeInput('soon', { expires: 2000, observables: [observable('exp.example')] })
      const later = makeInput('later', { expires: 5000, observables: [observable('exp.example', 1)] })
      const never = makeInput('never', { expires: 0, observables: [observable('exp.example', 2)] })
      for (const input of [soon, later, never]) await ctx.store.accept(input)
      expect(await ctx.store.purgeExpired(1999)).to.deep.equal([])
      expect(await ctx.store.purgeExpired(2000)).to.deep.equal([soon.id])
      expect(await ctx.store.has(soon.id)).to.equal(false)
      expect((await ctx.store.findByValue('exp.example')).map((h) => h.id).sort()).to.deep.equal([later.id, never.id].sort())
      expect(await ctx.store.getTombstone(soon.id, ALICE)).to.deep.equal({ reason: 'purged', at: 2000 })
      expect(await codeOf(ctx.store.accept(soon))).to.equal('STORE_TOMBSTONED')
      expect(await ctx.store.purgeExpired(Number.MAX_SAFE_INTEGER - 1)).to.deep.equal([later.id])
      expect(await ctx.store.has(never.id)).to.equal(true)
      expect(await ctx.store.readLog()).to.deep.equal([{ pos: 3, id: never.id }])
      const purges = (await ctx.store.audit.read()).filter((r) => r.type === 'purge')
      expect(purges.map((r) => r.id)).to.deep.equal([soon.id, later.id])
      expect(await ctx.store.stats()).to.include({ bundles: 1, purged: 2, tombstones: 2 })
      expect((await ctx.store.check()).ok).to.equal(true)
    })

    it('purges more bundles than one batch holds', async () => {
      const inputs = Array.from({ length: 620 }, (_, i) => makeInput(`bulk${i}`, { expires: 100 + i, size: 64 }))
      await Promise.all(inputs.map(async (input) => await ctx.store.accept(input)))
      const purged = await ctx.store.purgeExpired(10_000)
      expect(purged).to.have.length(620)
      expect(await ctx.store.stats()).to.include({ bundles: 0, purged: 620, tombstones: 620, bytes: 0 })
      expect((await ctx.store.check()).ok).to.equal(true)
    })
  })
}
