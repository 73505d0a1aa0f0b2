import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { connected, eventually, holds, introduceAll, tempRoot } from '../node/federation-helpers.js'
import { restartOnSamePort, startKeyMember, startStoppedOn, tcpAddress } from './helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

/**
 * r is down while p rotates. When r comes back it cannot reach p's new key (its gater still
 * knows only the old one), but q passes the statement on at connection time: r accepts it by
 * policy and then receives what p published under the new key.
 */
describe('keys - a member offline during a rotation hears of it from another member', function () {
  this.timeout(120_000)
  let p: TestMember, q: TestMember, r: TestMember
  let cleanup: () => Promise<void>

  before(async () => {
    const temp = await tempRoot()
    cleanup = temp.remove
    p = await startKeyMember('p', 'DK', temp.root)
    q = await startKeyMember('q', 'NL', temp.root, { autoAccept: true })
    r = await startKeyMember('r', 'FR', temp.root, { autoAccept: true })
    await introduceAll([p, q, r])
    expect(await connected([p, q, r])).to.equal(true)
  })
  after(async () => {
    for (const m of [p, q, r]) await m?.node.stop().catch(() => {})
    await cleanup()
  })

  it('gossips the statement to r, which accepts it and catches up', async () => {
    const oldKey = p.key
    const rAddress = tcpAddress(r)
    await r.node.stop()
    const rotation = await p.node.rotateKey()
    expect(rotation.announcedTo).to.deep.equal([q.key])
    await restartOnSamePort(p)
    expect(await eventually(() => q.node.listRotations().some(x => x.oldKey === oldKey && x.status === 'accepted'), 10_000)).to.equal(true)
    const { id } = await p.node.publish({ stix: indicatorBundle(1, { label: 'offline' }).stix, policy: { tlp: 'GREEN' } })

    // r comes back on its address; its directory still lists p's old key only.
    await startStoppedOn(r, rAddress)
    expect(await eventually(() => r.node.listRotations().some(x => x.oldKey === oldKey && x.status === 'accepted' && x.from === q.key), 15_000)).to.equal(true)
    expect(await eventually(() => holds(r, id), 20_000)).to.equal(true)
    expect(r.node.listPeers().find(x => x.key === oldKey)).to.include({ status: 'retired', successor: rotation.newKey })
  })
})
