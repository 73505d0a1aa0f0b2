import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { eventually, holds, restartMember, useFederation } from '../node/federation-helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

/**
 * fr misses bundle n from dk: it was addressed to fr but not to nl, and fr
 * was offline while dk was up; bundle n+1 reached fr through nl. fr's
 * per-recipient sequence from dk shows the hole at once, and the hole closes
 * when dk is back and delivers n.
 */
describe('replication - sequence gaps', function () {
  this.timeout(40_000)
  const federation = useFederation([
    { label: 'dk', jurisdiction: 'DK' },
    { label: 'nl', jurisdiction: 'NL' },
    { label: 'fr', jurisdiction: 'FR' }
  ])

  it('reports a bundle missing from an origin, and the gap closes once it is delivered', async () => {
    const [dk, nl, fr] = federation.members as [TestMember, TestMember, TestMember]
    await fr.node.stop()
    const missed = await dk.node.publish({ stix: indicatorBundle(1, { label: 'gap' }).stix, policy: { tlp: 'AMBER', deny: ['NL'] } })
    const next = await dk.node.publish({ stix: indicatorBundle(2, { label: 'gap' }).stix, policy: { tlp: 'GREEN' } })
    expect(await eventually(async () => holds(nl, next.id))).to.equal(true)
    expect(await holds(nl, missed.id)).to.equal(false)
    await dk.node.stop()

    await restartMember(fr)
    expect(await eventually(async () => holds(fr, next.id), 15_000), 'n+1 relayed by nl').to.equal(true)
    const status = await fr.node.status()
    expect(status.gaps).to.deep.equal([{ origin: dk.key, missing: [1] }])
    expect(await holds(fr, missed.id)).to.equal(false)

    await restartMember(dk)
    expect(await eventually(async () => holds(fr, missed.id), 15_000), 'n delivered by its origin').to.equal(true)
    expect((await fr.node.status()).gaps).to.deep.equal([])
  })
})
