import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, connected, eventually, introduceAll, publishMany, restartMember, startMember, tempRoot } from '../node/federation-helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

const BUNDLES = 200

/** How many times each id was sent to `receiver`, over the fetch servers of `senders` (their 'send' audit records). */
async function sendsTo (senders: TestMember[], receiver: TestMember): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const sender of senders) {
    for (const record of await auditRecords(sender, 'send')) {
      if (record.peer !== receiver.key) continue
      for (const id of (record.detail as { sent: string[] }).sent) counts.set(id, (counts.get(id) ?? 0) + 1)
    }
  }
  return counts
}

/**
 * In a four-node mesh every bundle is announced to a member by up to three
 * peers at once (the origin and two relays); the member still fetches each
 * envelope exactly once, live and when catching up.
 */
describe('replication - duplicates from several peers are fetched once', function () {
  this.timeout(40_000)
  let members: TestMember[] = []
  let cleanup: () => Promise<void>

  before(async () => {
    const { root, remove } = await tempRoot()
    cleanup = remove
    members = await Promise.all(['DK', 'NL', 'FR', 'ES'].map(async code => startMember({ label: code.toLowerCase(), jurisdiction: code }, root)))
    await introduceAll(members)
    expect(await connected(members)).to.equal(true)
  })

  after(async () => {
    for (const m of members) await m.node.stop().catch(() => {})
    await cleanup()
  })

  it('a returning member announced the same bundles by three peers fetches each once', async () => {
    const [dk, nl, fr, es] = members as [TestMember, TestMember, TestMember, TestMember]
    await es.node.stop()
    const ids = await publishMany(dk, BUNDLES, n => ({ stix: indicatorBundle(n, { label: 'dup' }).stix, policy: { tlp: 'GREEN' } }))
    expect(await eventually(async () => (await Promise.all([nl, fr].map(async m => (await m.node.status()).bundles.stored))).every(n => n === BUNDLES), 20_000)).to.equal(true)

    await restartMember(es)
    expect(await eventually(async () => (await es.node.status()).bundles.stored === BUNDLES, 20_000), 'es caught up').to.equal(true)
    expect(await connected(members, 3)).to.equal(true)
    expect(await es.node.caughtUp(10_000)).to.equal(true)

    const counts = await sendsTo([dk, nl, fr], es)
    expect([...counts.keys()].sort()).to.deep.equal([...ids].sort())
    const repeated = [...counts].filter(([, n]) => n !== 1)
    expect(repeated, 'ids sent more than once to es').to.deep.equal([])
    expect((await auditRecords(es, 'receive')).length).to.equal(BUNDLES)
  })

  it('a bundle published live reaches each member through exactly one send', async () => {
    const [dk, ...others] = members as [TestMember, TestMember, TestMember, TestMember]
    const before = await Promise.all(others.map(async m => sendsTo(members.filter(s => s !== m), m)))
    const live = await publishMany(dk, 20, n => ({ stix: indicatorBundle(n, { label: 'dup-live' }).stix, policy: { tlp: 'GREEN' } }), 5)
    expect(await eventually(async () => (await Promise.all(others.map(async m => (await m.node.status()).bundles.stored))).every(n => n === BUNDLES + live.length), 20_000)).to.equal(true)
    await Promise.all(members.map(async m => m.node.caughtUp(10_000)))
    for (const [i, m] of others.entries()) {
      const after = await sendsTo(members.filter(s => s !== m), m)
      for (const id of live) expect(after.get(id), `${m.label}: sends of ${id}`).to.equal(1)
      expect(after.size - before[i]!.size).to.equal(live.length)
    }
  })
})
