import { readFile } from 'node:fs/promises'
import { expect } from 'chai'
import { eventually, holds, introduceAll, startMember, tempRoot } from './federation-helpers.js'
import type { TestMember } from './federation-helpers.js'

const CORPUS = new URL('../../../shared/data/stix-corpus/', import.meta.url)

describe('node - two members', () => {
  let members: TestMember[] = []
  let cleanup: () => Promise<void>

  beforeEach(async () => {
    const { root, remove } = await tempRoot()
    cleanup = remove
    members = [await startMember({ label: 'dk', jurisdiction: 'DK' }, root), await startMember({ label: 'nl', jurisdiction: 'NL' }, root)]
    await introduceAll(members)
  })

  afterEach(async () => {
    for (const m of members) await m.node.stop().catch(() => {})
    await cleanup()
  })

  it('delivers a GREEN bundle published at one node to the other, readable and searchable', async () => {
    const [dk, nl] = members as [TestMember, TestMember]
    const stix = JSON.parse(await readFile(new URL('oasis-json-schemas-examples/indicator-for-c2-ip-address.json', CORPUS), 'utf8'))
    const result = await dk.node.publish({ stix, policy: { tlp: 'GREEN' } })
    expect(result.recipients.map(r => r.key).sort()).to.deep.equal([dk.key, nl.key].sort())
    expect(await eventually(async () => holds(nl, result.id))).to.equal(true)
    const bundle = await nl.node.getBundle(result.id)
    expect(bundle.origin).to.equal(dk.key)
    expect(bundle.stix?.objects.length).to.equal(stix.objects.length)
    const hits = await nl.node.search('10.0.0.0')
    expect(hits.map(h => h.bundleId)).to.include(result.id)
  })
})
