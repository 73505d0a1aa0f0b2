import { expect } from 'chai'
import { ALICE, BOB, CAROL, makeInput, observable } from '../fixtures.js'
import type { StoreContext } from '../backends.js'

/** One value of every observable kind the STIX layer normalises. */
const KINDS: Record<string, string> = {
  ipv4: '198.51.100.7',
  ipv6: '2001:db8::1',
  domain: 'evil.example',
  url: 'http://evil.example/path?q=1&r=two',
  email: 'phish@evil.example',
  md5: 'd41d8cd98f00b204e9800998ecf8427e',
  sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
}

/** Observable, type, object, origin and time indexes, and filtered listing. */
export function indexesContract (ctx: StoreContext): void {
  describe('indexes and search', () => {
    it('finds a bundle by every kind of observable value, exactly', async () => {
      const inputs = Object.entries(KINDS).map(([kind, value], i) => makeInput(kind, { observables: [observable(value, i)] }))
      for (const input of inputs) await ctx.store.accept(input)
      for (const [i, value] of Object.values(KINDS).entries()) {
        const input = inputs[i]
        expect(await ctx.store.findByValue(value), value).to.deep.equal([{ id: input?.id, objectId: observable(value, i).objectId }])
      }
      expect(await ctx.store.findByValue('198.51.100.70')).to.deep.equal([])
      expect(await ctx.store.findByValue('198.51.100')).to.deep.equal([])
      expect(await ctx.store.findByValue('evil.example/')).to.deep.equal([])
    })

    it('finds long values and values with control characters by exact match', async () => {
      const long = 'http://evil.example/' + 'a'.repeat(5000)
      const odd = 'C:\\tmp\\a\tb\nc'
      await ctx.store.accept(makeInput('long', { observables: [observable(long, 1), observable(odd, 2)] }))
      expect((await ctx.store.findByValue(long)).map((h) => h.objectId)).to.deep.equal([observable(long, 1).objectId])
      expect((await ctx.store.findByValue(odd)).map((h) => h.objectId)).to.deep.equal([observable(odd, 2).objectId])
      expect(await ctx.store.findByValue(long + 'a')).to.deep.equal([])
      expect((await ctx.store.check()).ok).to.equal(true)
    })

    it('lists every bundle and object holding a value, paged with after', async () => {
      const shared = '203.0.113.9'
      const inputs = Array.from({ length: 5 }, (_, i) => makeInput(`s${i}`, { observables: [observable(shared, 2 * i), observable(shared, 2 * i + 1)] }))
      for (const input of inputs) await ctx.store.accept(input)
      const all = await ctx.store.findByValue(shared, { limit: 1000 })
      expect(all).to.have.length(10)
      expect(new Set(all.map((h) => h.id))).to.deep.equal(new Set(inputs.map((x) => x.id)))
      const paged = []
      let page = await ctx.store.findByValue(shared, { limit: 3 })
      while (page.length > 0) {
        paged.push(...page)
        page = await ctx.store.findByValue(shared, { limit: 3, after: page.at(-1) })
      }
      expect(paged).to.deep.equal(all)
    })

    it('finds by STIX type and object id in log order, paged', async () => {
      for (let i = 0; i < 5; i++) {
        await ctx.store.accept(makeInput(`t${i}`, { types: i % 2 === 0 ? ['indicator', 'malware'] : ['indicator'], observables: [observable('x', i)] }))
      }
      const malware = await ctx.store.findByType('malware')
      expect(malware.ids).to.deep.equal([0, 2, 4].map((i) => makeInput(`t${i}`).id))
      expect(malware.next).to.equal(undefined)
      const first = await ctx.store.findByType('indicator', { limit: 2 })
      expect(first.ids).to.have.length(2)
      const second = await ctx.store.findByType('indicator', { limit: 2, after: first.next as string })
      const third = await ctx.store.findByType('indicator', { limit: 2, after: second.next as string })
      expect([...first.ids, ...second.ids, ...third.ids]).to.deep.equal([0, 1, 2, 3, 4].map((i) => makeInput(`t${i}`).id))
      expect(third.next).to.equal(undefined)
      expect((await ctx.store.findByObject(observable('x', 3).objectId)).ids).to.deep.equal([makeInput('t3').id])
      expect((await ctx.store.findByType('attack-pattern')).ids).to.deep.equal([])
      const err = await ctx.store.findByType('indicator', { after: 'bad:cursor:x' }).then(() => undefined, (e: unknown) => e)
      expect(err).to.have.property('code', 'STORE_INVALID_INPUT')
    })

    it('finds by origin ordered by creation time, and by creation time range', async () => {
      const created = [50, 10, 40, 20, 30]
      for (const [i, c] of created.entries()) await ctx.store.accept(makeInput(`o${i}`, { origin: i === 4 ? BOB : ALICE, created: c }))
      const alice = await ctx.store.findByOrigin(ALICE, { limit: 3 })
      expect(alice.ids).to.deep.equal([1, 3, 2].map((i) => makeInput(`o${i}`).id))
      const rest = await ctx.store.findByOrigin(ALICE, { limit: 3, after: alice.next as string })
      expect(rest).to.deep.equal({ ids: [makeInput('o0').id] })
      expect((await ctx.store.findByOrigin(BOB)).ids).to.deep.equal([makeInput('o4').id])
      expect((await ctx.store.findByOrigin(CAROL)).ids).to.deep.equal([])
      const range = await ctx.store.findByCreated({ from: 20, to: 50 })
      expect(range.ids).to.deep.equal([3, 4, 2].map((i) => makeInput(`o${i}`).id))
      const p1 = await ctx.store.findByCreated({ from: 0 }, { limit: 4 })
      const p2 = await ctx.store.findByCreated({ from: 0 }, { limit: 4, after: p1.next as string })
      expect([...p1.ids, ...p2.ids]).to.have.length(5)
    })

    it('lists records by log position with origin, type, kind and time filters', async () => {
      for (let i = 0; i < 10; i++) {
        await ctx.store.accept(makeInput(`l${i}`, {
          origin: i % 2 === 0 ? ALICE : BOB, created: 1000 + i, types: i % 3 === 0 ? ['malware'] : ['indicator']
        }))
      }
      const ids = (q: Parameters<typeof ctx.store.list>[0]) => ctx.store.list(q).then((r) => r.records.map((x) => x.pos))
      expect(await ids({})).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      expect(await ids({ origin: BOB })).to.deep.equal([2, 4, 6, 8, 10])
      expect(await ids({ type: 'malware' })).to.deep.equal([1, 4, 7, 10])
      expect(await ids({ type: 'malware', origin: ALICE })).to.deep.equal([1, 7])
      expect(await ids({ createdAfter: 1002, createdBefore: 1006 })).to.deep.equal([4, 5, 6])
      expect(await ids({ kind: 'RETRACTION' })).to.deep.equal([])
      expect(await ids({ since: 8 })).to.deep.equal([9, 10])
      expect(await ids({ reverse: true, limit: 3 })).to.deep.equal([10, 9, 8])
      expect(await ids({ reverse: true, since: 4, type: 'malware' })).to.deep.equal([1])
      const page1 = await ctx.store.list({ limit: 4, origin: ALICE })
      const page2 = await ctx.store.list({ limit: 4, origin: ALICE, since: page1.next as number })
      expect([...page1.records, ...page2.records].map((r) => r.pos)).to.deep.equal([1, 3, 5, 7, 9])
    })
  })
}
