import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, connected, eventually, holds, introduceAll, storedIds, tempRoot } from '../node/federation-helpers.js'
import { startKeyMember } from './helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

/**
 * x's admin marks z's key compromised. x must close z's connections at once, refuse anything
 * z originates (also when relayed by y, which did not mark it), seal nothing more to it, and
 * report exactly what z was exposed to. Then a rotation signed by a compromised or a suspended
 * key is refused with a typed error and changes nothing.
 */
describe('keys - compromise', function () {
  this.timeout(120_000)
  let x: TestMember, y: TestMember, z: TestMember
  let cleanup: () => Promise<void>
  let serial = 0
  const publish = async (from: TestMember, policy: Record<string, unknown> = { tlp: 'GREEN' }): Promise<string> =>
    (await from.node.publish({ stix: indicatorBundle(serial++, { label: `c-${from.label}` }).stix, policy })).id

  before(async () => {
    const temp = await tempRoot()
    cleanup = temp.remove
    x = await startKeyMember('x', 'DK', temp.root)
    y = await startKeyMember('y', 'NL', temp.root)
    z = await startKeyMember('z', 'FR', temp.root)
    await introduceAll([x, y, z])
    expect(await connected([x, y, z])).to.equal(true)
  })

  after(async () => {
    for (const m of [x, y, z]) await m?.node.stop().catch(() => {})
    await cleanup()
  })

  it('closes connections at once, refuses the key as peer, origin, relay and recipient, and reports its exposure', async () => {
    const fromX = await publish(x)
    const fromY = await publish(y)
    const fromZ = await publish(z)
    const redToY = await publish(x, { tlp: 'RED', members: [y.key] })
    expect(await eventually(async () => (await Promise.all([x, y, z].map(async m => (await storedIds(m)).length))).join() === '4,4,3', 20_000)).to.equal(true)

    const started = Date.now()
    const marked = await x.node.compromisePeer(z.key)
    expect(marked).to.include({ status: 'compromised' })
    expect(await eventually(() => x.node.listPeers().find(p => p.key === z.key)?.connected === false, 2_000)).to.equal(true)
    const closedWithinMs = Date.now() - started
    expect(closedWithinMs).to.be.below(2_000)
    console.log('      compromise -> connection closed: %d ms', closedWithinMs)
    // The gater refuses it: it stays disconnected although it keeps dialling.
    await new Promise(resolve => setTimeout(resolve, 1_500))
    expect(x.node.listPeers().find(p => p.key === z.key)?.connected).to.equal(false)

    // Origin: a new bundle from z reaches y, which relays it, and x refuses it.
    const afterZ = await publish(z)
    expect(await eventually(() => holds(y, afterZ), 10_000)).to.equal(true)
    expect(await eventually(async () => (await auditRecords(x, 'reject')).some(r => r.id === afterZ && r.code === 'RECEIVE_COMPROMISED_ORIGIN'), 10_000)).to.equal(true)
    expect(await holds(x, afterZ)).to.equal(false)

    // Recipient: nothing new is sealed to it.
    const result = await x.node.publish({ stix: indicatorBundle(serial++, { label: 'c-x' }).stix, policy: { tlp: 'GREEN' } })
    expect(result.recipients.map(r => r.key)).to.not.include(z.key)
    expect(result.excluded.find(e => e.key === z.key)?.reason).to.equal('excluded: member is compromised')
    // Relay: y must not get z's bundles through x either (x sends nothing whose origin is compromised).
    const report = await x.node.exposure(z.key)
    const listed = report.bundles.filter(b => b.paths.includes('listed')).map(b => b.id).sort()
    expect(listed).to.deep.equal([fromX, fromY, fromZ].sort())
    expect(report.bundles.map(b => b.id)).to.not.include(redToY)
    expect(report.bundles.map(b => b.id)).to.not.include(result.id)
    // Every send to z in the audit log is in the report, and nothing else was sent.
    const sentInAudit = new Set((await auditRecords(x, 'send')).filter(r => r.peer === z.key).flatMap(r => ((r.detail as { sent: string[] }).sent)))
    expect(report.bundles.filter(b => b.paths.includes('sent')).map(b => b.id).sort()).to.deep.equal([...sentInAudit].sort())
    for (const id of sentInAudit) expect(listed).to.include(id)
    expect(report.totals).to.deep.equal({ bundles: report.bundles.length, sent: sentInAudit.size, listed: 3 })
    expect((await auditRecords(x, 'directory')).some(r => r.peer === z.key && (r.detail as Record<string, unknown>)?.action === 'compromise')).to.equal(true)

    // A compromised key cannot be re-activated by an ordinary edit.
    try {
      await x.node.updatePeer(z.key, { status: 'active' })
      expect.fail('re-activated')
    } catch (err) {
      expect((err as { code?: string }).code).to.equal('DIRECTORY_MEMBER_FINAL')
    }
  })

  it('refuses a rotation signed by a compromised key, or by a suspended one, and changes nothing', async () => {
    const peersBefore = JSON.stringify(x.node.listPeers().map(p => [p.key, p.status]))
    const zRotation = await z.node.rotateKey('the thief tries to move the key')
    try {
      await x.node.submitRotation(zRotation.statement)
      expect.fail('accepted a compromised key rotation')
    } catch (err) {
      expect((err as { code?: string, status?: string })).to.include({ code: 'KEYS_KEY_NOT_ACTIVE', status: 'compromised' })
    }

    await x.node.updatePeer(y.key, { status: 'suspended' })
    const yRotation = await y.node.rotateKey()
    try {
      await x.node.submitRotation(yRotation.statement)
      expect.fail('accepted a suspended key rotation')
    } catch (err) {
      expect((err as { code?: string, status?: string })).to.include({ code: 'KEYS_KEY_NOT_ACTIVE', status: 'suspended' })
    }
    expect(x.node.listRotations()).to.deep.equal([])
    const peersAfter = JSON.parse(JSON.stringify(x.node.listPeers().map(p => [p.key, p.status]))) as string[][]
    expect(peersAfter.find(p => p[0] === y.key)?.[1]).to.equal('suspended')
    expect(peersAfter.filter(p => p[0] !== y.key)).to.deep.equal((JSON.parse(peersBefore) as string[][]).filter(p => p[0] !== y.key))
  })
})
