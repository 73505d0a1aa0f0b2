import { readFile } from 'node:fs/promises'
import { expect } from 'chai'
import { eventually, holds, introduceAll, startMember, tempRoot } from '../node/federation-helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

const CORPUS = new URL('../../../shared/data/stix-corpus/', import.meta.url)

async function corpus (path: string): Promise<unknown> {
  return JSON.parse(await readFile(new URL(path, CORPUS), 'utf8'))
}

/**
 * Six members: four firms, a national authority and a partner outside the
 * EEA without an adequacy decision. Each bundle's expected holders follow
 * from its policy alone; every node's store is checked, not only the
 * recipients'.
 */
describe('replication - six-node federation', function () {
  this.timeout(60_000)
  let members: TestMember[] = []
  let cleanup: () => Promise<void>
  const by = (label: string): TestMember => members.find(m => m.label === label)!

  before(async () => {
    const { root, remove } = await tempRoot()
    cleanup = remove
    members = await Promise.all([
      startMember({ label: 'dk', jurisdiction: 'DK', groups: ['finance'] }, root),
      startMember({ label: 'nl', jurisdiction: 'NL' }, root),
      startMember({ label: 'fr', jurisdiction: 'FR', groups: ['finance'] }, root),
      startMember({ label: 'es', jurisdiction: 'ES' }, root),
      startMember({ label: 'nl-authority', jurisdiction: 'NL', roles: ['authority'] }, root),
      startMember({ label: 'sg', jurisdiction: 'SG', groups: ['finance'] }, root)
    ])
    await introduceAll(members)
    expect(await eventually(() => members.every(m => m.node.listPeers().filter(p => p.connected).length === 5), 15_000)).to.equal(true)
  })

  after(async () => {
    for (const m of members) await m.node.stop().catch(() => {})
    await cleanup()
  })

  const cases: Array<{ title: string, origin: string, file: string, policy: (m: (l: string) => TestMember) => Record<string, unknown>, holders: string[] }> = [
    { title: 'GREEN to all, authorities included', origin: 'dk', file: 'oasis-json-schemas-examples/indicator-for-c2-ip-address.json', policy: () => ({ tlp: 'GREEN', authorities: true }), holders: ['dk', 'nl', 'fr', 'es', 'nl-authority', 'sg'] },
    { title: 'GREEN without authorities', origin: 'nl', file: 'oasis-cti-documentation/indicator-for-malicious-url.json', policy: () => ({ tlp: 'GREEN' }), holders: ['dk', 'nl', 'fr', 'es', 'sg'] },
    { title: 'AMBER, EU only, with personal data', origin: 'fr', file: 'oasis-json-schemas-examples/malicious-email-indicator-with-attachment.json', policy: () => ({ tlp: 'AMBER', allow: ['EU'], personalData: true }), holders: ['dk', 'nl', 'fr', 'es'] },
    { title: 'AMBER denied to FR', origin: 'es', file: 'oasis-cti-documentation/malware-indicator-for-file-hash.json', policy: () => ({ tlp: 'AMBER', deny: ['FR'] }), holders: ['dk', 'nl', 'es', 'sg'] },
    { title: 'AMBER to NL including its authority', origin: 'dk', file: 'oasis-json-schemas-examples/indicators-for-C2-with-COA.json', policy: () => ({ tlp: 'AMBER', allow: ['NL'], authorities: true }), holders: ['dk', 'nl', 'nl-authority'] },
    { title: 'RED to one named member', origin: 'nl', file: 'oasis-cti-documentation/sighting-of-an-indicator.json', policy: m => ({ tlp: 'RED', members: [m('es').key] }), holders: ['nl', 'es'] },
    { title: 'AMBER to the finance sharing group', origin: 'dk', file: 'oasis-json-schemas-examples/infrastructure.json', policy: () => ({ tlp: 'AMBER', groups: ['finance'] }), holders: ['dk', 'fr', 'sg'] },
    { title: 'AMBER+STRICT to named members, one of them excluded by deny', origin: 'fr', file: 'oasis-cti-documentation/identifying-a-threat-actor-profile.json', policy: m => ({ tlp: 'AMBER+STRICT', members: [m('dk').key, m('sg').key], deny: ['SG'] }), holders: ['fr', 'dk'] }
  ]

  it('delivers every bundle to exactly the members its policy allows, and to no other node', async () => {
    const published: Array<{ title: string, id: string, holders: string[] }> = []
    for (const c of cases) {
      const result = await by(c.origin).node.publish({ stix: await corpus(c.file), policy: c.policy(by) })
      const expectedKeys = c.holders.map(l => by(l).key).sort()
      expect(result.recipients.map(r => r.key).sort(), c.title).to.deep.equal(expectedKeys)
      published.push({ title: c.title, id: result.id, holders: c.holders })
    }
    const delivered = await eventually(async () => {
      for (const p of published) {
        for (const l of p.holders) if (!(await holds(by(l), p.id))) return false
      }
      return true
    }, 20_000)
    expect(delivered, 'every recipient holds its bundles').to.equal(true)
    // Let relays run: anything that could leak would have had its chance.
    await Promise.all(members.map(async m => m.node.caughtUp(10_000)))
    await new Promise(resolve => setTimeout(resolve, 500))
    for (const p of published) {
      for (const m of members) {
        expect(await holds(m, p.id), `${p.title}: ${m.label}`).to.equal(p.holders.includes(m.label))
      }
    }
    // Nothing else is stored anywhere: each node holds exactly its share.
    for (const m of members) {
      const page = await m.node.listBundles({ limit: 1000 })
      const expected = published.filter(p => p.holders.includes(m.label)).map(p => p.id).sort()
      expect(page.items.map(b => b.id).sort(), m.label).to.deep.equal(expected)
    }
  })

  it('explains, at the origin, why each member does or does not receive a bundle', async () => {
    const dk = by('dk')
    const result = await dk.node.publish({ stix: await corpus('oasis-cti-documentation/indicator-for-malicious-url.json'), policy: { tlp: 'AMBER', allow: ['EU'], personalData: true } })
    const explanations = await dk.node.explain(result.id)
    const sg = explanations.find(e => e.key === by('sg').key)!
    expect(sg.ok).to.equal(false)
    expect(sg.reason).to.match(/SG/)
    const authority = explanations.find(e => e.key === by('nl-authority').key)!
    expect(authority.ok).to.equal(false)
    expect(authority.reason).to.match(/authorit/)
    expect(explanations.find(e => e.key === by('es').key)!.ok).to.equal(true)
  })

  it('propagates a retraction: the bundle disappears from every recipient', async () => {
    const dk = by('dk')
    const result = await dk.node.publish({ stix: await corpus('oasis-json-schemas-examples/indicator-to-campaign-relationship.json'), policy: { tlp: 'GREEN' } })
    const holders = members.filter(m => m.label !== 'nl-authority')
    expect(await eventually(async () => (await Promise.all(holders.map(async m => holds(m, result.id)))).every(Boolean))).to.equal(true)
    await dk.node.retract(result.id, 'false positive')
    expect(await eventually(async () => (await Promise.all(holders.map(async m => holds(m, result.id)))).every(h => !h))).to.equal(true)
  })
})
