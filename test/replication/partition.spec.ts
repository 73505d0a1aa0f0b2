import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, eventually, publishMany, startMember, storedIds, tempRoot } from '../node/federation-helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

const PER_NODE = 30

/**
 * Two halves of a federation, {dk, nl} and {fr, es}: every directory lists
 * every member, but no node of one half knows an address of the other, so
 * the halves cannot find each other (not even through the DHT, which only
 * spans connected members). Both halves publish at the same time. The
 * partition heals when dk's admin adds one address of fr: a single link,
 * and every node ends with the same set, each bundle stored and logged once.
 */
describe('replication - a partition heals', function () {
  this.timeout(60_000)
  let members: TestMember[] = []
  let cleanup: () => Promise<void>
  const halves = [['dk', 'nl'], ['fr', 'es']]
  const by = (label: string): TestMember => members.find(m => m.label === label)!
  const half = (m: TestMember): string[] => halves.find(h => h.includes(m.label))!

  before(async () => {
    const { root, remove } = await tempRoot()
    cleanup = remove
    members = await Promise.all(['DK', 'NL', 'FR', 'ES'].map(async code => startMember({ label: code.toLowerCase(), jurisdiction: code }, root)))
    for (const admin of members) {
      for (const peer of members) {
        if (peer === admin) continue
        const sameHalf = half(admin).includes(peer.label)
        await admin.node.addPeer({ key: peer.key, name: peer.name, jurisdiction: peer.jurisdiction, addresses: sameHalf ? peer.node.listenAddresses() : [] })
      }
    }
  })

  after(async () => {
    for (const m of members) await m.node.stop().catch(() => {})
    await cleanup()
  })

  const connectedTo = (m: TestMember): string[] => m.node.listPeers().filter(p => p.connected).map(p => members.find(x => x.key === p.key)!.label)

  it('two halves publishing independently converge on the same set, with nothing duplicated', async () => {
    expect(await eventually(() => members.every(m => connectedTo(m).length === 1), 10_000), 'each half connected').to.equal(true)

    const published = await Promise.all(members.map(async m => publishMany(m, PER_NODE, n => ({
      stix: indicatorBundle(n, { label: `partition-${m.label}` }).stix,
      policy: n % 2 === 0 ? { tlp: 'GREEN' } : { tlp: 'AMBER', allow: ['EU'] }
    }), 10)))
    const all = published.flat()
    const ofHalf = (h: string[]): Set<string> => new Set(published.filter((_, i) => h.includes(members[i]!.label)).flat())
    for (const h of halves) {
      const expected = ofHalf(h)
      expect(await eventually(async () => {
        for (const l of h) if ((await by(l).node.status()).bundles.stored !== expected.size) return false
        return true
      }, 20_000), `half ${h.join('+')} converged`).to.equal(true)
    }
    // Still partitioned: each half holds only its own bundles, and nobody crossed over.
    for (const m of members) {
      expect(connectedTo(m), m.label).to.deep.equal(half(m).filter(l => l !== m.label))
      expect(new Set(await storedIds(m)), m.label).to.deep.equal(ofHalf(half(m)))
    }

    const healing = Date.now()
    await by('dk').node.updatePeer(by('fr').key, { addresses: by('fr').node.listenAddresses() })
    expect(await eventually(() => connectedTo(by('dk')).includes('fr'), 10_000), 'dk dialled fr').to.equal(true)
    const healed = await eventually(async () => {
      for (const m of members) if ((await m.node.status()).bundles.stored !== all.length) return false
      return true
    }, 30_000)
    console.log(`      healed ${all.length} bundles across one link in ${Date.now() - healing} ms`)
    expect(healed, 'every node holds every bundle').to.equal(true)
    await Promise.all(members.map(async m => m.node.caughtUp(10_000)))

    const union = new Set(all)
    for (const m of members) {
      const ids = await storedIds(m)
      const status = await m.node.status()
      expect(new Set(ids), m.label).to.deep.equal(union)
      expect(ids, `${m.label}: listing without repeats`).to.have.length(union.size)
      expect(status.bundles.stored, `${m.label}: store count`).to.equal(union.size)
      // The log numbers entries from 1 without holes: a head equal to the count means no id was logged twice.
      expect(status.logHead, `${m.label}: log head`).to.equal(union.size)
      const received = (await auditRecords(m, 'receive')).map(r => r.id as string)
      expect(new Set(received).size, `${m.label}: each received once`).to.equal(received.length)
      expect(received.length).to.equal(union.size - PER_NODE)
      expect(status.gaps, `${m.label}: no gaps`).to.deep.equal([])
    }
  })
})
