import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, eventually, holds, useFederation } from '../node/federation-helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

/** nl lists dk and fr with their addresses; dk and fr list nl with its address and each other by key alone. */
async function introduceByKeyOnly (members: TestMember[]): Promise<void> {
  const [dk, nl, fr] = members as [TestMember, TestMember, TestMember]
  const entry = (m: TestMember, withAddress: boolean): { key: string, name: string, jurisdiction: string, addresses: string[] } =>
    ({ key: m.key, name: m.name, jurisdiction: m.jurisdiction, addresses: withAddress ? m.node.listenAddresses() : [] })
  await nl.node.addPeer(entry(dk, true))
  await nl.node.addPeer(entry(fr, true))
  await dk.node.addPeer(entry(nl, true))
  await dk.node.addPeer(entry(fr, false))
  await fr.node.addPeer(entry(nl, true))
  await fr.node.addPeer(entry(dk, false))
}

/**
 * dk and fr know each other by key alone (no address in either directory);
 * only nl knows both addresses. They find each other through the private
 * kad-dht, connect directly, and fr receives what it may from dk — including
 * a TLP:RED bundle, which only its origin may deliver.
 */
describe('replication - a member added by key alone', function () {
  this.timeout(40_000)
  const federation = useFederation([
    { label: 'dk', jurisdiction: 'DK' },
    { label: 'nl', jurisdiction: 'NL' },
    { label: 'fr', jurisdiction: 'FR' }
  ], { introduce: introduceByKeyOnly })

  it('is found through the private DHT, connected, and receives what it may', async () => {
    const { members } = federation
    const [dk, , fr] = members as [TestMember, TestMember, TestMember]
    const started = Date.now()
    expect(await eventually(() => dk.node.listPeers().find(p => p.key === fr.key)?.connected === true, 30_000), 'dk connected to fr').to.equal(true)
    console.log(`      found and connected through the DHT in ${Date.now() - started} ms`)
    expect(dk.node.listPeers().find(p => p.key === fr.key)?.addresses, 'dk still has no address for fr').to.deep.equal([])
    expect(fr.node.listPeers().find(p => p.key === dk.key)?.addresses).to.deep.equal([])

    const red = await dk.node.publish({ stix: indicatorBundle(1, { label: 'key-only' }).stix, policy: { tlp: 'RED', members: [fr.key] } })
    const green = await dk.node.publish({ stix: indicatorBundle(2, { label: 'key-only' }).stix, policy: { tlp: 'GREEN' } })
    const denied = await dk.node.publish({ stix: indicatorBundle(3, { label: 'key-only' }).stix, policy: { tlp: 'AMBER', deny: ['FR'] } })
    expect(await eventually(async () => (await holds(fr, red.id)) && (await holds(fr, green.id)), 15_000), 'fr received').to.equal(true)
    await Promise.all(members.map(async m => m.node.caughtUp(10_000)))
    expect(await holds(fr, denied.id), 'fr holds a bundle denied to FR').to.equal(false)
    const redReceipt = (await auditRecords(fr, 'receive')).find(r => r.id === red.id)
    expect(redReceipt?.peer, 'RED came straight from dk').to.equal(dk.key)
  })
})
