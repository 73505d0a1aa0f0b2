import { expect } from 'chai'
import { ALICE, BOB, bundleId, makeInput, observable } from '../fixtures.js'
import type { StoreContext } from '../backends.js'

/** Accept, read back, idempotence, validation, the log and reopening. */
export function bundlesContract (ctx: StoreContext): void {
  describe('bundles and the local log', () => {
    it('stores exact envelope bytes and the record with its position', async () => {
      const input = makeInput('a', { observables: [observable('198.51.100.7')] })
      const result = await ctx.store.accept(input)
      expect(result).to.deep.equal({ pos: 1, duplicate: false })
      expect(Buffer.from(await ctx.store.getEnvelope(input.id) as Uint8Array).equals(Buffer.from(input.envelope))).to.equal(true)
      expect(await ctx.store.getRecord(input.id)).to.deep.equal({ ...input.record, pos: 1 })
      expect(await ctx.store.has(input.id)).to.equal(true)
      expect(await ctx.store.has(bundleId('nope'))).to.equal(false)
      expect(await ctx.store.getEnvelope(bundleId('nope'))).to.equal(undefined)
      expect(await ctx.store.readLog()).to.deep.equal([{ pos: 1, id: input.id }])
      expect(await ctx.store.head()).to.equal(1)
    })

    it('answers has and record reads for many ids at once, in order', async () => {
      const a = makeInput('many-a')
      const b = makeInput('many-b')
      await ctx.store.accept(a)
      await ctx.store.accept(b)
      const missing = bundleId('many-missing')
      expect(await ctx.store.hasMany([b.id, missing, a.id])).to.deep.equal([true, false, true])
      expect(await ctx.store.hasMany([])).to.deep.equal([])
      expect(await ctx.store.getRecords([a.id, missing, b.id])).to.deep.equal([{ ...a.record, pos: 1 }, undefined, { ...b.record, pos: 2 }])
      expect(await ctx.store.getRecords([])).to.deep.equal([])
    })

    it('is idempotent by id: a second accept writes nothing', async () => {
      const input = makeInput('a', { observables: [observable('evil.example')] })
      await ctx.store.accept(input)
      const before = { stats: await ctx.store.stats(), audit: await ctx.store.audit.head() }
      const again = await ctx.store.accept({ ...input, seen: { origin: ALICE, seq: 9 }, checkpoint: { peer: BOB, logId: 'x', pos: 5 } })
      expect(again).to.deep.equal({ pos: 1, duplicate: true })
      expect(await ctx.store.stats()).to.deep.equal(before.stats)
      expect(await ctx.store.audit.head()).to.deep.equal(before.audit)
      expect(await ctx.store.getCheckpoint(BOB, 'x')).to.equal(0)
      expect(await ctx.store.gaps()).to.deep.equal([])
    })

    it('treats the same id accepted twice in one group commit as one bundle', async () => {
      const input = makeInput('twice')
      const results = await Promise.all([ctx.store.accept(input), ctx.store.accept(input)])
      expect(results).to.deep.equal([{ pos: 1, duplicate: false }, { pos: 1, duplicate: true }])
      expect((await ctx.store.stats()).bundles).to.equal(1)
    })

    it('gives concurrent accepts contiguous positions and one audit record each', async () => {
      const inputs = Array.from({ length: 60 }, (_, i) => makeInput(`c${i}`, { observables: [observable(`10.0.0.${i}`)] }))
      const results = await Promise.all(inputs.map(async (input) => await ctx.store.accept(input)))
      expect(results.map((r) => r.pos).sort((a, b) => a - b)).to.deep.equal(inputs.map((_, i) => i + 1))
      const log = await ctx.store.readLog({ limit: 1000 })
      expect(log.map((e) => e.pos)).to.deep.equal(inputs.map((_, i) => i + 1))
      for (const [i, input] of inputs.entries()) {
        expect((await ctx.store.getRecord(input.id))?.pos).to.equal(results[i]?.pos)
      }
      expect((await ctx.store.audit.head()).seq).to.equal(60)
      expect(await ctx.store.audit.verify()).to.deep.equal({ ok: true, checked: 60 })
      expect((await ctx.store.check()).ok).to.equal(true)
    })

    it('pages the log with since and limit', async () => {
      for (let i = 0; i < 7; i++) await ctx.store.accept(makeInput(`p${i}`))
      const first = await ctx.store.readLog({ since: 0, limit: 3 })
      expect(first.map((e) => e.pos)).to.deep.equal([1, 2, 3])
      const second = await ctx.store.readLog({ since: 3, limit: 3 })
      expect(second.map((e) => e.pos)).to.deep.equal([4, 5, 6])
      expect((await ctx.store.readLog({ since: 6, limit: 3 })).map((e) => e.pos)).to.deep.equal([7])
      expect(await ctx.store.readLog({ since: 7 })).to.deep.equal([])
    })

    it('refuses malformed input, naming the field, and writes nothing', async () => {
      const good = makeInput('v')
      const cases = [
        { ...good, id: 'ABC' },
        { ...good, record: { ...good.record, id: bundleId('other') } },
        { ...good, record: { ...good.record, size: 1 } },
        { ...good, envelope: new Uint8Array(0) },
        { ...good, record: { ...good.record, kind: 'RETRACTION' as const } },
        { ...good, record: { ...good.record, kind: 'RETRACTION' as const, ref: good.id } },
        { ...good, record: { ...good.record, created: -1 } },
        { ...good, observables: [{ value: '', objectId: 'x--1' }] },
        { ...good, audit: { type: 'nonsense' as 'publish', at: 1 } }
      ]
      for (const input of cases) {
        const err = await ctx.store.accept(input).then(() => undefined, (e: unknown) => e)
        expect(err).to.have.property('code', 'STORE_INVALID_INPUT')
      }
      expect(await ctx.store.stats()).to.include({ bundles: 0, logHead: 0, auditHead: 0 })
    })

    it('fails one bad write of a group without touching the others', async () => {
      const ok1 = makeInput('ok1')
      const bad = { ...makeInput('bad'), id: 'zz' }
      const ok2 = makeInput('ok2')
      const results = await Promise.allSettled([ctx.store.accept(ok1), ctx.store.accept(bad), ctx.store.accept(ok2)])
      expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled'])
      expect(await ctx.store.readLog()).to.deep.equal([{ pos: 1, id: ok1.id }, { pos: 2, id: ok2.id }])
      expect((await ctx.store.check()).ok).to.equal(true)
    })

    it('throws StoreClosedError after close', async () => {
      await ctx.store.close()
      for (const call of [async () => await ctx.store.accept(makeInput('x')), async () => await ctx.store.head(),
        async () => await ctx.store.getRecord(bundleId('x')), async () => await ctx.store.audit.read()]) {
        const err = await call().then(() => undefined, (e: unknown) => e)
        expect(err).to.have.property('code', 'STORE_CLOSED')
      }
      expect(() => ctx.store.logId).to.throw().with.property('code', 'STORE_CLOSED')
      ctx.store = await ctx.backend.reopen(ctx.store, ctx.init)
    })
  })
}
