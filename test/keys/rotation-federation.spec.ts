import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, connected, eventually, introduceAll, storedIds, tempRoot } from '../node/federation-helpers.js'
import { restartOnSamePort, startKeyMember } from './helpers.js'
import type { TestMember } from '../node/federation-helpers.js'
import type { BundleView } from '../../src/node/types.js'

/**
 * Three members on real libp2p (127.0.0.1) with real LevelDB folders. `a` rotates its key while
 * bundles flow before, during and after; `b`'s admin accepts by hand, `c` accepts by policy.
 * Every expected bundle must end up on every node once, and no envelope sealed after a node
 * accepted the rotation may list the retired key.
 */
describe('keys - rotation across a three-node federation', function () {
  this.timeout(120_000)
  let a: TestMember, b: TestMember, c: TestMember
  let cleanup: () => Promise<void>
  const expected = new Map<string, string[]>() // bundle id -> labels that must hold it
  let serial = 0
  const publish = async (from: TestMember, policy: Record<string, unknown> = { tlp: 'GREEN' }, holders = ['a', 'b', 'c']): Promise<string> => {
    const { id } = await from.node.publish({ stix: indicatorBundle(serial++, { label: from.label }).stix, policy })
    expected.set(id, holders)
    return id
  }
  const everyone = (): TestMember[] => [a, b, c]
  const allDelivered = async (): Promise<boolean> => {
    for (const m of everyone()) {
      const ids = new Set(await storedIds(m))
      for (const [id, holders] of expected) if (holders.includes(m.label) && !ids.has(id)) return false
    }
    return true
  }

  before(async () => {
    const temp = await tempRoot()
    cleanup = temp.remove
    a = await startKeyMember('a', 'DK', temp.root)
    b = await startKeyMember('b', 'NL', temp.root)
    c = await startKeyMember('c', 'FR', temp.root, { autoAccept: true })
    await introduceAll([a, b, c])
    expect(await connected([a, b, c])).to.equal(true)
  })

  after(async () => {
    for (const m of [a, b, c]) await m?.node.stop().catch(() => {})
    await cleanup()
  })

  it('keeps delivering across a rotation: nothing lost, nothing duplicated, nothing new sealed to the retired key', async () => {
    const oldKey = a.key
    // Before: ordinary traffic, and a TLP:RED bundle b names a's (old) key for.
    const retractLater = await publish(a)
    for (let i = 0; i < 3; i++) await publish(a)
    for (let i = 0; i < 3; i++) await publish(b)
    const red = await publish(b, { tlp: 'RED', members: [oldKey] }, ['a', 'b'])
    await publish(c, { tlp: 'AMBER' })
    expect(await eventually(allDelivered, 20_000)).to.equal(true)

    const rotatedAt = Date.now()
    const rotation = await a.node.rotateKey('yearly rotation')
    expect(rotation.oldKey).to.equal(oldKey)
    expect(rotation.announcedTo.sort()).to.deep.equal([b.key, c.key].sort())
    // The rotating node seals nothing more with the old key.
    try {
      await a.node.publish({ stix: indicatorBundle(9999, { label: 'late' }).stix, policy: { tlp: 'GREEN' } })
      expect.fail('published after rotating')
    } catch (err) {
      expect((err as { code?: string }).code).to.equal('KEYS_RESTART_PENDING')
    }
    const keyring = await stat(join(a.dataDir, 'keyring.json'))
    expect(keyring.mode & 0o777).to.equal(0o600)

    // During: b has not accepted yet and keeps sealing to the old key (legitimately: it is active there).
    for (let i = 0; i < 2; i++) await publish(b)
    await restartOnSamePort(a)
    expect(a.node.memberKey).to.equal(rotation.newKey)
    console.log('      rotate + restart under the new key: %d ms', Date.now() - rotatedAt)
    for (let i = 0; i < 3; i++) await publish(a) // reaches c now (auto-accepted), b only after its admin accepts

    expect(await eventually(() => b.node.listRotations().some(r => r.oldKey === oldKey && r.status === 'pending'), 10_000)).to.equal(true)
    expect(await eventually(() => c.node.listRotations().some(r => r.oldKey === oldKey && r.status === 'accepted' && r.decidedBy === 'policy'), 10_000)).to.equal(true)
    const acceptStarted = Date.now()
    const accepted = await b.node.acceptRotation(oldKey)
    expect(accepted).to.include({ status: 'accepted', decidedBy: 'admin', newKey: rotation.newKey })

    // After.
    for (let i = 0; i < 3; i++) await publish(a)
    for (let i = 0; i < 3; i++) await publish(b)
    for (let i = 0; i < 2; i++) await publish(c)
    expect(await eventually(allDelivered, 30_000)).to.equal(true)
    console.log('      b accepts -> every bundle on every node: %d ms', Date.now() - acceptStarted)

    // The new key took over the old entry; the old one is retired, not connectable.
    for (const admin of [b, c]) {
      const peers = admin.node.listPeers()
      const old = peers.find(p => p.key === oldKey)
      const next = peers.find(p => p.key === rotation.newKey)
      expect(old).to.include({ status: 'retired', successor: rotation.newKey, connected: false })
      expect(next).to.include({ status: 'active', name: 'a CERT', jurisdiction: 'DK' })
      expect(await eventually(() => admin.node.listPeers().find(p => p.key === rotation.newKey)?.connected === true, 10_000)).to.equal(true)
    }

    // Nothing duplicated; the retired key is listed only on envelopes sealed before each origin accepted.
    const acceptedAt: Record<string, number> = { a: rotation.issued, b: accepted.decidedAt!, c: c.node.listRotations().find(r => r.oldKey === oldKey)!.decidedAt! }
    for (const m of everyone()) {
      const ids = await storedIds(m)
      expect(new Set(ids).size, `${m.label} stores a bundle twice`).to.equal(ids.length)
      for (const id of ids) {
        const bundle: BundleView = (await m.node.listBundles({ limit: 1000 })).items.find(x => x.id === id)!
        if (!bundle.recipients.includes(oldKey)) continue
        const originLabel = bundle.origin === oldKey || bundle.origin === rotation.newKey ? 'a' : everyone().find(x => x.key === bundle.origin)!.label
        expect(bundle.created, `bundle ${id} from ${originLabel} lists the retired key after acceptance`).to.be.at.most(acceptedAt[originLabel]!)
      }
    }

    // Bundles sealed to the old key stay readable by their holder, RED included.
    const opened = await a.node.getBundle(red)
    expect(opened.stix?.objects.length).to.be.greaterThan(0)
    for (const [id, holders] of expected) if (holders.includes('a')) expect((await a.node.getBundle(id)).id).to.equal(id)

    // One sequence per member across its keys: no false gaps anywhere.
    for (const m of everyone()) expect(await eventually(async () => (await m.node.status()).gaps.length === 0, 10_000), `${m.label} reports gaps`).to.equal(true)

    // Audited on every node.
    expect((await auditRecords(a, 'directory')).some(r => (r.detail as Record<string, unknown>)?.action === 'rotate-self')).to.equal(true)
    expect((await auditRecords(b, 'directory')).some(r => (r.detail as Record<string, unknown>)?.action === 'accept-rotation' && r.peer === oldKey)).to.equal(true)
    expect((await auditRecords(c, 'directory')).some(r => (r.detail as Record<string, unknown>)?.by === 'policy')).to.equal(true)

    // a withdraws a bundle it published under its old key: signed by the old key, accepted everywhere.
    const retraction = await a.node.retract(retractLater, 'superseded')
    expected.delete(retractLater)
    expected.set(retraction.id, ['a', 'b', 'c'])
    expect(await eventually(async () => (await Promise.all([a, b, c].map(async m => !(await storedIds(m)).includes(retractLater)))).every(Boolean), 15_000)).to.equal(true)
    expect(await eventually(allDelivered, 15_000)).to.equal(true)
    for (const m of everyone()) expect(await eventually(async () => (await m.node.status()).gaps.length === 0, 10_000), `${m.label} reports gaps after the retraction`).to.equal(true)

    // Bad input changes nothing: accepting twice, a replay of the accepted statement.
    try {
      await b.node.acceptRotation(oldKey)
      expect.fail('accepted twice')
    } catch (err) {
      expect((err as { code?: string }).code).to.equal('KEYS_NO_PENDING_ROTATION')
    }
    const before = JSON.stringify(b.node.listPeers().map(p => [p.key, p.status]))
    await b.node.submitRotation(rotation.statement)
    expect(JSON.stringify(b.node.listPeers().map(p => [p.key, p.status]))).to.equal(before)
  })
})
