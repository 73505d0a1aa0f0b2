import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, connected, eventually, holds, startMember, tempRoot } from '../node/federation-helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

/** Adds `peer` to `admin`'s directory with its current addresses. */
async function introduce (admin: TestMember, peer: TestMember, status?: 'active' | 'suspended'): Promise<void> {
  await admin.node.addPeer({ key: peer.key, name: peer.name, jurisdiction: peer.jurisdiction, roles: peer.roles, groups: peer.groups, addresses: peer.node.listenAddresses(), ...(status != null ? { status } : {}) })
}

/**
 * Admitting a member changes what a node accepts only for bundles it refused
 * for coming from (or through) a key it did not know: then it reads its feeds
 * again from 0 and gets them. Otherwise its checkpoints stay where they were,
 * so a federation growing by dozens of members does not re-read everything.
 */
describe('replication - admitting a member', function () {
  this.timeout(30_000)
  let dk: TestMember
  let nl: TestMember
  let fr: TestMember
  let cleanup: () => Promise<void>

  before(async () => {
    const { root, remove } = await tempRoot()
    cleanup = remove
    ;[dk, nl, fr] = await Promise.all([['dk', 'DK'], ['nl', 'NL'], ['fr', 'FR']].map(async ([label, jurisdiction]) => startMember({ label: label!, jurisdiction: jurisdiction! }, root))) as [TestMember, TestMember, TestMember]
    await introduce(dk, nl)
    await introduce(dk, fr)
    await introduce(fr, dk)
    await introduce(fr, nl)
    await introduce(nl, dk)
    // nl knows fr's key but has it suspended: fr cannot reach nl, and nl refuses fr's bundles.
    await introduce(nl, fr, 'suspended')
    expect(await connected([dk], 2)).to.equal(true)
  })

  after(async () => {
    for (const m of [dk, nl, fr]) await m.node.stop().catch(() => {})
    await cleanup()
  })

  it('a bundle refused for its unknown origin arrives by relay once the origin is admitted', async () => {
    const published = await fr.node.publish({ stix: indicatorBundle(1, { label: 'admission' }).stix, policy: { tlp: 'GREEN' } })
    expect(published.recipients.map(r => r.key)).to.include(nl.key)
    const refused = async (): Promise<boolean> => (await auditRecords(nl, 'reject')).some(r => r.id === published.id && r.code === 'RECEIVE_UNKNOWN_ORIGIN')
    expect(await eventually(refused), 'nl refused it, relayed by dk').to.equal(true)
    // The origin goes away: only dk, which already announced it to nl, can deliver it now.
    await fr.node.stop()
    await nl.node.updatePeer(fr.key, { status: 'active' })
    expect(await eventually(async () => await holds(nl, published.id), 10_000), 'delivered by dk after the admission').to.equal(true)
  })

  it('admitting a member when nothing was refused keeps every checkpoint', async () => {
    await dk.node.publish({ stix: indicatorBundle(2, { label: 'admission' }).stix, policy: { tlp: 'GREEN' } })
    expect(await eventually(() => nl.node.replicationProgress().some(p => p.peer === dk.key && p.caughtUp && p.checkpoint > 0)), 'nl caught up on dk').to.equal(true)
    const before = nl.node.replicationProgress().find(p => p.peer === dk.key)!
    const stranger = await startMember({ label: 'se', jurisdiction: 'SE' }, `${nl.dataDir}-se`)
    try {
      await introduce(nl, stranger)
      await new Promise(resolve => setTimeout(resolve, 600))
      const after = nl.node.replicationProgress().find(p => p.peer === dk.key)!
      expect(after.scope, 'same checkpoint scope').to.equal(before.scope)
      expect(after.checkpoint, 'not restarted from 0').to.be.at.least(before.checkpoint)
    } finally {
      await stranger.node.stop()
    }
  })
})
