import { expect } from 'chai'
import { MemoryLevel } from 'memory-level'
import { keys } from '../../src/store/keys.js'
import { Store } from '../../src/store/store.js'
import { openSublevels } from '../../src/store/sublevels.js'
import { makeInput, observable } from './fixtures.js'

async function seeded (): Promise<{ db: MemoryLevel<string, string>, store: Store }> {
  const db = new MemoryLevel<string, string>()
  const store = new Store({ db })
  await store.open()
  await store.accept(makeInput('a', { observables: [observable('198.51.100.7')], expires: 5000 }))
  await store.accept(makeInput('b', { observables: [observable('evil.example')] }))
  await store.accept(makeInput('r', { kind: 'RETRACTION', ref: makeInput('b').id }))
  return { db, store }
}

describe('store - integrity', () => {
  it('passes on a consistent store', async () => {
    const { store } = await seeded()
    expect(await store.check()).to.deep.equal({ ok: true, problems: [], bundles: 2, logEntries: 3, auditRecords: 4 })
  })

  const damage: Array<{ name: string, harm: (subs: ReturnType<typeof openSublevels>) => Promise<void>, expect: RegExp }> = [
    { name: 'a missing index entry', harm: async (s) => { await s.val.del(keys.val('198.51.100.7', makeInput('a').id, observable('x').objectId)) }, expect: /val: entry .* is missing/ },
    { name: 'a stray index entry', harm: async (s) => { await s.typ.put(keys.typ('malware', 99), makeInput('zz').id) }, expect: /typ: entry .* belongs to no live bundle/ },
    { name: 'a missing envelope', harm: async (s) => { await s.env.del(makeInput('a').id) }, expect: /lacks its record or envelope/ },
    { name: 'a record left behind by a removal', harm: async (s) => { await s.rec.put(makeInput('b').id, { ...makeInput('b').record, pos: 2 }) }, expect: /still has data/ },
    { name: 'a hole in the log', harm: async (s) => { await s.log.del(keys.log(2)) }, expect: /position 3 found where 2/ },
    {
      name: 'an edited audit record',
      harm: async (s) => {
        const rec = await s.aud.get(keys.aud(2))
        await s.aud.put(keys.aud(2), { ...rec!, at: 0 })
      },
      expect: /audit: chain broken at 2 \(hash\)/
    },
    { name: 'a truncated audit log', harm: async (s) => { await s.aud.del(keys.aud(4)) }, expect: /audit: chain broken at 4 \(seq\)/ }
  ]
  for (const d of damage) {
    it(`reports ${d.name}`, async () => {
      const { db, store } = await seeded()
      await d.harm(openSublevels(db))
      const report = await store.check()
      expect(report.ok).to.equal(false)
      expect(report.problems.join('\n')).to.match(d.expect)
    })
  }

  it('refuses to open a database whose saved heads disagree with its data', async () => {
    const { db, store } = await seeded()
    await store.close()
    await db.open()
    await openSublevels(db).log.put(keys.log(4), makeInput('ghost').id)
    await db.close()
    const err = await new Store({ db }).open().then(() => undefined, (e: unknown) => e)
    expect(err).to.have.property('code', 'STORE_CORRUPT')
  })

  it('reports an undecodable record as STORE_CORRUPT', async () => {
    const { db, store } = await seeded()
    await db.sublevel('rec').put(makeInput('a').id, '{not json')
    // Damage done behind the store's back: its cache of recent writes still
    // holds the intact record, a reopened store reads the damaged one.
    await store.close()
    const again = new Store({ db })
    await again.open()
    const err = await again.getRecord(makeInput('a').id).then(() => undefined, (e: unknown) => e)
    expect(err).to.have.property('code', 'STORE_CORRUPT')
    const many = await again.getRecords([makeInput('a').id]).then(() => undefined, (e: unknown) => e)
    expect(many).to.have.property('code', 'STORE_CORRUPT')
  })
})
