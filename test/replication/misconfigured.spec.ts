import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, connected, eventually, holds, startMember, tempRoot } from '../node/federation-helpers.js'
import { RawPeer } from './raw-peer.js'
import type { TestMember } from '../node/federation-helpers.js'

/** `admin` adds `peer` to its directory, optionally under a wrong jurisdiction. */
async function add (admin: TestMember, peer: { key: string, name: string, jurisdiction: string, addresses: string[] }, jurisdiction = peer.jurisdiction): Promise<void> {
  await admin.node.addPeer({ key: peer.key, name: peer.name, jurisdiction, addresses: peer.addresses })
}

/** Lets every running subscription reach its peer's head, then gives relays time to (wrongly) act. */
async function settle (members: TestMember[]): Promise<void> {
  await Promise.all(members.map(async m => m.node.caughtUp(10_000)))
  await new Promise(resolve => setTimeout(resolve, 1_000))
}

/**
 * Directories disagree. dk (an origin) and nl (a relay) wrongly list sg, a
 * firm in Singapore, as German; fr's directory is right. A raw peer `x`
 * (also in Singapore) is listed by nl as German too. No misconfiguration
 * anywhere makes a bundle reach a member its policy excludes: the send check
 * refuses non-recipients whatever the relay's directory says, a correct relay
 * refuses an ineligible listed recipient, and the receiver refuses by its
 * own view of itself.
 */
describe('replication - misconfigured directories never leak', function () {
  this.timeout(40_000)
  let members: TestMember[] = []
  let raw: RawPeer
  let cleanup: () => Promise<void>
  const by = (label: string): TestMember => members.find(m => m.label === label)!
  const entry = (m: TestMember): { key: string, name: string, jurisdiction: string, addresses: string[] } =>
    ({ key: m.key, name: m.name, jurisdiction: m.jurisdiction, addresses: m.node.listenAddresses() })

  before(async () => {
    const { root, remove } = await tempRoot()
    cleanup = remove
    members = await Promise.all([
      startMember({ label: 'dk', jurisdiction: 'DK' }, root),
      startMember({ label: 'nl', jurisdiction: 'NL' }, root),
      startMember({ label: 'fr', jurisdiction: 'FR' }, root),
      startMember({ label: 'sg', jurisdiction: 'SG' }, root)
    ])
    raw = await RawPeer.start()
    const [dk, nl, fr, sg] = members as [TestMember, TestMember, TestMember, TestMember]
    for (const admin of members) {
      for (const peer of members) {
        if (peer === admin) continue
        const wrong = peer === sg && (admin === dk || admin === nl)
        await add(admin, entry(peer), wrong ? 'DE' : peer.jurisdiction)
      }
    }
    await add(nl, { key: raw.key, name: 'x CERT', jurisdiction: 'SG', addresses: raw.addresses() }, 'DE')
    await raw.know(nl.key, nl.node.listenAddresses())
    expect(await connected(members)).to.equal(true)
    expect(await eventually(() => raw.network.connectedPeers().includes(nl.key))).to.equal(true)
    expect(fr.node.listPeers().find(p => p.key === sg.key)?.jurisdiction).to.equal('SG')
  })

  after(async () => {
    await raw?.stop().catch(() => {})
    for (const m of members) await m.node.stop().catch(() => {})
    await cleanup()
  })

  it('a relay whose directory wrongly makes a member eligible still sends it nothing it is not addressed', async () => {
    const nl = by('nl')
    const sg = by('sg')
    // fr's directory is right: the bundle is addressed to the EU members only.
    const result = await by('fr').node.publish({ stix: indicatorBundle(1, { label: 'misconf' }).stix, policy: { tlp: 'AMBER', allow: ['EU'] } })
    expect(result.recipients.map(r => r.key)).to.have.members(['dk', 'nl', 'fr'].map(l => by(l).key))
    expect(await eventually(async () => holds(nl, result.id))).to.equal(true)
    await settle(members)

    expect(await holds(sg, result.id), 'sg holds it').to.equal(false)
    expect((await auditRecords(sg)).filter(r => r.id === result.id), 'sg never even saw it').to.deep.equal([])

    // nl's own explanation: by its (wrong) directory sg would be eligible, but it is not listed.
    const why = (await nl.node.explain(result.id)).find(e => e.key === sg.key)!
    expect(why).to.include({ listed: false, ok: false })
    expect(why.reason).to.match(/not listed/)

    // x, listed by nl as German, neither hears of it on nl's feed nor gets it by asking.
    const feed = await raw.readFeed(nl.key)
    expect(feed.ids).to.not.include(result.id)
    const [answer] = await raw.fetch(nl.key, [result.id])
    expect(answer).to.include({ id: result.id })
    expect(answer!.size).to.equal(undefined)
    expect(answer!.refused).to.match(/not a listed recipient/)
    // The fetch server audits once the whole request is answered.
    let refusal: Record<string, unknown> | undefined
    expect(await eventually(async () => (refusal = (await auditRecords(nl, 'send')).find(r => r.peer === raw.key)) != null)).to.equal(true)
    expect(refusal?.detail).to.deep.include({ sent: [] })
    expect((refusal!.detail as { refused: Array<{ id: string, reason: string }> }).refused).to.deep.equal([{ id: result.id, reason: answer!.refused }])
  })

  it('a member wrongly addressed by its origin refuses the bundle by its own view of itself', async () => {
    const [dk, nl, fr, sg] = members as [TestMember, TestMember, TestMember, TestMember]
    const result = await dk.node.publish({ stix: indicatorBundle(2, { label: 'misconf' }).stix, policy: { tlp: 'AMBER', allow: ['EU'] } })
    expect(result.recipients.map(r => r.key), 'dk addresses sg, believing it German').to.include(sg.key)

    let rejects: Array<Record<string, unknown>> = []
    expect(await eventually(async () => {
      rejects = (await auditRecords(sg, 'reject')).filter(r => r.id === result.id)
      return rejects.length > 0
    }), 'sg audits a rejection').to.equal(true)
    expect(await eventually(async () => holds(fr, result.id))).to.equal(true)
    await settle(members)
    rejects = (await auditRecords(sg, 'reject')).filter(r => r.id === result.id)

    expect(await holds(sg, result.id), 'sg stores it').to.equal(false)
    expect(rejects.map(r => r.code)).to.satisfy((codes: string[]) => codes.every(c => c === 'RECEIVE_NOT_ELIGIBLE'))
    // Only the two misconfigured nodes offered it; fr, whose directory is right, refused to by its send check.
    expect(rejects.map(r => r.peer)).to.satisfy((peers: string[]) => peers.every(p => p === dk.key || p === nl.key))
    const sentByFr = (await auditRecords(fr, 'send')).filter(r => r.peer === sg.key).flatMap(r => (r.detail as { sent: string[] }).sent)
    expect(sentByFr).to.not.include(result.id)
    const frWhy = (await fr.node.explain(result.id)).find(e => e.key === sg.key)!
    expect(frWhy).to.include({ listed: true, ok: false })
    expect(frWhy.reason).to.match(/SG/)
    // The refusal leaves no gap in sg's sequence from dk: seq 1 was seen, and deliberately refused.
    const next = await dk.node.publish({ stix: indicatorBundle(3, { label: 'misconf' }).stix, policy: { tlp: 'GREEN' } })
    expect(await eventually(async () => holds(sg, next.id))).to.equal(true)
    expect((await sg.node.status()).gaps).to.deep.equal([])
  })
})
