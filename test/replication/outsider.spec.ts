import { expect } from 'chai'
import { framed } from '../../src/network/index.js'
import { FEED_PROTOCOL, FETCH_PROTOCOL } from '../../src/replication/constants.js'
import { FetchRequest } from '../../src/replication/messages.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, connected, eventually, holds, introduceAll, startMember, storedIds, tempRoot } from '../node/federation-helpers.js'
import { RawPeer } from './raw-peer.js'
import type { TestMember } from '../node/federation-helpers.js'

/**
 * Nodes outside a member's directory: a bare libp2p peer built from our own
 * Network, and a full node whose OWN directory lists the members (it believes
 * it belongs). Neither can open a feed or fetch stream to a member, no member
 * opens one to them, and they receive nothing.
 */
describe('replication - outsiders', function () {
  this.timeout(30_000)
  let members: TestMember[] = []
  let outsider: TestMember
  let raw: RawPeer
  let cleanup: () => Promise<void>

  before(async () => {
    const { root, remove } = await tempRoot()
    cleanup = remove
    members = await Promise.all([
      startMember({ label: 'dk', jurisdiction: 'DK' }, root),
      startMember({ label: 'nl', jurisdiction: 'NL' }, root)
    ])
    await introduceAll(members)
    expect(await connected(members)).to.equal(true)
    outsider = await startMember({ label: 'outsider', jurisdiction: 'DK' }, root)
    for (const m of members) {
      await outsider.node.addPeer({ key: m.key, name: m.name, jurisdiction: m.jurisdiction, addresses: m.node.listenAddresses() })
    }
    raw = await RawPeer.start()
    for (const m of members) await raw.know(m.key, m.node.listenAddresses())
  })

  after(async () => {
    await raw?.stop().catch(() => {})
    for (const m of [...members, outsider]) await m?.node.stop().catch(() => {})
    await cleanup()
  })

  it('cannot open a feed or fetch stream to a member, though its dial may resolve', async () => {
    const [dk, nl] = members as [TestMember, TestMember]
    const outcomes: string[] = []
    for (const member of [dk, nl]) {
      for (const protocol of [FEED_PROTOCOL, FETCH_PROTOCOL]) {
        let stage = 'open'
        try {
          const stream = await raw.network.openStream(member.key, protocol, { signal: AbortSignal.timeout(10_000) })
          // Should a stream open at all, it must carry nothing: a member greets a
          // subscriber first (feed) and answers every fetch request.
          stage = 'read'
          const frames = framed(stream)
          if (protocol === FETCH_PROTOCOL) await frames.write(FetchRequest.encode({ ids: [new Uint8Array(32)] }))
          const frame = await frames.read({ signal: AbortSignal.timeout(3_000) })
          outcomes.push(frame == null ? 'read: ended empty' : 'read: ANSWERED')
        } catch (err) {
          outcomes.push(`${stage}: ${(err as Error).name}`)
        }
      }
    }
    // Normally the open itself fails (the member's gater dropped the connection
    // after Noise); on a loaded machine the dial may time out instead.
    expect(outcomes.filter(o => o.includes('ANSWERED')), 'a member answered an outsider').to.deep.equal([])
    expect(outcomes.filter(o => o.startsWith('open')).length, JSON.stringify(outcomes)).to.be.at.least(1)
    expect(await eventually(() => !raw.network.connectedPeers().includes(dk.key)), 'the member dropped the connection').to.equal(true)
    expect(raw.inbound, 'no member opened a stream to the outsider').to.deep.equal([])
  })

  it('receives nothing, and nothing it publishes reaches a member', async () => {
    const [dk, nl] = members as [TestMember, TestMember]
    const published = await dk.node.publish({ stix: indicatorBundle(1, { label: 'outsider' }).stix, policy: { tlp: 'CLEAR' } })
    // The outsider lists the members, so its own publication names them as recipients.
    const own = await outsider.node.publish({ stix: indicatorBundle(2, { label: 'outsider' }).stix, policy: { tlp: 'CLEAR' } })
    expect(own.recipients.map(r => r.key)).to.include.members([dk.key, nl.key])

    expect(await eventually(async () => holds(nl, published.id)), 'members still replicate').to.equal(true)
    await Promise.all(members.map(async m => m.node.caughtUp(5_000)))
    await new Promise(resolve => setTimeout(resolve, 1_500))

    expect(await storedIds(outsider)).to.deep.equal([own.id])
    expect(await auditRecords(outsider, 'receive')).to.deep.equal([])
    for (const m of members) {
      expect(await holds(m, own.id), `${m.label} holds the outsider's bundle`).to.equal(false)
      const sends = await auditRecords(m, 'send')
      expect(sends.filter(r => r.peer === outsider.key || r.peer === raw.key), `${m.label} sent to an outsider`).to.deep.equal([])
      expect(outsider.node.listPeers().find(p => p.key === m.key)?.connected, `outsider connected to ${m.label}`).to.equal(false)
    }
    expect((await outsider.node.status()).peers.connected).to.equal(0)
  })
})
