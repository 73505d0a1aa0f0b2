import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, eventually, publishMany, restartMember, storedIds, useFederation } from '../node/federation-helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

const PUBLICATIONS = 1000

/**
 * A member offline while its origin publishes 1,000 bundles catches up from
 * another recipient once it is back, even with the origin offline by then;
 * it receives exactly what its policy allows, and a TLP:RED bundle only from
 * the origin itself (RED is never relayed).
 */
describe('replication - catch-up after being offline', function () {
  this.timeout(90_000)
  const federation = useFederation([
    { label: 'dk', jurisdiction: 'DK' },
    { label: 'nl', jurisdiction: 'NL' },
    { label: 'fr', jurisdiction: 'FR' }
  ])

  it('delivers everything it may to a returning member, relayed by another recipient while the origin is offline', async () => {
    const dk = federation.by('dk')
    const nl = federation.by('nl')
    const fr = federation.by('fr')
    await fr.node.stop()

    // Every tenth bundle is denied to FR: fr must end with exactly the other nine tenths.
    const started = Date.now()
    const ids = await publishMany(dk, PUBLICATIONS, n => ({
      stix: indicatorBundle(n, { label: 'catch-up' }).stix,
      policy: n % 10 === 0 ? { tlp: 'AMBER', deny: ['FR'] } : { tlp: 'GREEN' }
    }))
    const publishMs = Date.now() - started
    const red = await dk.node.publish({ stix: indicatorBundle(PUBLICATIONS, { label: 'catch-up' }).stix, policy: { tlp: 'RED', members: [fr.key] } })
    const forFr = new Set(ids.filter((_, n) => n % 10 !== 0))

    const nlHolds = await eventually(async () => (await nl.node.status()).bundles.stored === PUBLICATIONS, 30_000)
    if (!nlHolds) console.log(JSON.stringify({ status: await nl.node.status(), progress: nl.node.replicationProgress(), dk: dk.node.replicationProgress() }, null, 1))
    expect(nlHolds, 'nl holds all 1,000').to.equal(true)
    await dk.node.stop()

    const back = Date.now()
    await restartMember(fr)
    const caughtUp = await eventually(async () => (await fr.node.status()).bundles.stored >= forFr.size, 30_000)
    const catchUpMs = Date.now() - back
    expect(caughtUp, 'fr caught up through nl').to.equal(true)
    console.log(`      publish ${PUBLICATIONS}: ${publishMs} ms; catch-up of ${forFr.size} through a relay: ${catchUpMs} ms`)

    const held = await storedIds(fr)
    expect(new Set(held)).to.deep.equal(forFr)
    expect(held).to.have.length(forFr.size)
    const receipts = await auditRecords(fr, 'receive')
    expect(receipts.every(r => r.peer === nl.key), 'every envelope came from the relay').to.equal(true)
    expect(receipts).to.have.length(forFr.size)
    expect((await fr.node.status()).rejects).to.deep.equal({})

    // RED waits for its origin: once dk is back, fr receives it from dk itself.
    await restartMember(dk)
    expect(await eventually(async () => held.length + 1 === (await fr.node.status()).bundles.stored, 20_000), 'RED from its origin').to.equal(true)
    const redReceipt = (await auditRecords(fr, 'receive')).find(r => r.id === red.id)
    expect(redReceipt?.peer).to.equal(dk.key)
    expect(await eventually(async () => (await fr.node.status()).gaps.length === 0)).to.equal(true)
  })
})
