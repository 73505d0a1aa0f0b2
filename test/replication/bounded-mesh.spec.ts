import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { dataFolderPaths } from '../../src/config/data-folder.js'
import { createLogger } from '../../src/node/logger.js'
import { initDataDir } from '../../src/node/init-data-dir.js'
import { IntelmeshNode } from '../../src/node/node.js'
import { meshNeighbours, meshRing } from '../../src/replication/mesh.js'
import { eventually, holds, introduceAll, storedIds, tempRoot } from '../node/federation-helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

const CORPUS = new URL('../../../shared/data/stix-corpus/', import.meta.url)
const DEGREE = 2

async function corpus (path: string): Promise<unknown> {
  return JSON.parse(await readFile(new URL(path, CORPUS), 'utf8'))
}

/** Starts a member whose config sets `replication.meshDegree`. */
async function startMeshMember (label: string, jurisdiction: string, root: string): Promise<TestMember> {
  const dataDir = join(root, label)
  const name = `${label} CERT`
  const { memberKey } = await initDataDir(dataDir, { name, jurisdiction, listen: ['/ip4/127.0.0.1/tcp/0'], api: { host: '127.0.0.1', port: 0 } })
  const path = dataFolderPaths(dataDir).config
  const config = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
  await writeFile(path, JSON.stringify({ ...config, replication: { meshDegree: DEGREE } }), { mode: 0o600 })
  const node = await IntelmeshNode.create({ dataDir, env: {}, logger: createLogger({ level: 'silent' }) })
  await node.start()
  return { label, node, dataDir, key: memberKey, name, jurisdiction, roles: ['member'], groups: [] }
}

const connectedTo = (m: TestMember): string[] => m.node.listPeers().filter(p => p.connected).map(p => p.key).sort()
/** Members whose feeds `m` reads: in a bounded mesh, its links (a DHT query may connect others, without feeds). */
const feedsOf = (m: TestMember): string[] => m.node.replicationProgress().map(p => p.peer).sort()

/**
 * Six real nodes on 127.0.0.1 with `replication.meshDegree` 2: a ring, each
 * node linked to two others. Bundles to everyone travel through relays;
 * bundles to a few named members through those of them that are linked, or
 * over a direct link from the origin; TLP:RED only over a direct link. Every
 * node's store is checked for every bundle.
 */
describe('replication - bounded mesh', function () {
  this.timeout(90_000)
  let members: TestMember[] = []
  let cleanup: () => Promise<void>
  /** Members in ring order: ring[0] publishes; its neighbours are ring[1] and ring[5]. */
  let ring: TestMember[] = []

  before(async () => {
    const { root, remove } = await tempRoot()
    cleanup = remove
    members = await Promise.all([['a', 'DE'], ['b', 'FR'], ['c', 'NL'], ['d', 'BE'], ['e', 'AT'], ['f', 'IT']].map(async ([label, j]) => startMeshMember(label!, j!, root)))
    await introduceAll(members)
    ring = meshRing(members.map(m => m.key)).map(key => members.find(m => m.key === key)!)
  })

  after(async () => {
    for (const m of members) await m.node.stop().catch(() => {})
    await cleanup()
  })

  it('connects each node to its mesh neighbours and reads their feeds', async () => {
    const keys = members.map(m => m.key)
    const wanted = (m: TestMember): string[] => [...meshNeighbours(m.key, keys, DEGREE)].sort()
    expect(await eventually(() => members.every(m => wanted(m).every(k => connectedTo(m).includes(k))), 20_000)).to.equal(true)
    expect(await eventually(() => members.every(m => wanted(m).every(k => feedsOf(m).includes(k))), 20_000)).to.equal(true)
    expect(wanted(ring[0]!)).to.deep.equal([ring[1]!.key, ring[5]!.key].sort())
  })

  it('reads no feed but its mesh neighbours\' once the directory is complete', async () => {
    const keys = members.map(m => m.key)
    expect(await eventually(() => members.every(m => feedsOf(m).length === DEGREE), 10_000)).to.equal(true)
    for (const m of members) expect(feedsOf(m), m.label).to.deep.equal([...meshNeighbours(m.key, keys, DEGREE)].sort())
  })

  it('delivers each bundle to exactly its recipients, through recipients or a direct link, RED only directly', async () => {
    const origin = ring[0]!
    const cases = [
      { title: 'GREEN to all: relayed around the ring', file: 'oasis-json-schemas-examples/indicator-for-c2-ip-address.json', policy: { tlp: 'GREEN' }, holders: ring },
      { title: 'GREEN to two named: the far one through the near one', file: 'oasis-cti-documentation/indicator-for-malicious-url.json', policy: { tlp: 'GREEN', members: [ring[1]!.key, ring[2]!.key] }, holders: [origin, ring[1]!, ring[2]!] },
      { title: 'RED to a member across the ring: a direct link', file: 'oasis-cti-documentation/sighting-of-an-indicator.json', policy: { tlp: 'RED', members: [ring[3]!.key] }, holders: [origin, ring[3]!] },
      { title: 'AMBER to two named, neither linked to the origin nor behind a recipient', file: 'oasis-cti-documentation/malware-indicator-for-file-hash.json', policy: { tlp: 'AMBER', members: [ring[3]!.key, ring[4]!.key] }, holders: [origin, ring[3]!, ring[4]!] }
    ]
    const published: Array<{ title: string, id: string, holders: TestMember[] }> = []
    for (const c of cases) {
      const result = await origin.node.publish({ stix: await corpus(c.file), policy: c.policy })
      expect(result.recipients.map(r => r.key).sort(), c.title).to.deep.equal(c.holders.map(m => m.key).sort())
      published.push({ title: c.title, id: result.id, holders: c.holders })
    }
    const delivered = await eventually(async () => {
      for (const p of published) for (const m of p.holders) if (!(await holds(m, p.id))) return false
      return true
    }, 30_000)
    expect(delivered, 'every recipient holds its bundles').to.equal(true)
    // Let relays run (relayed ids may linger a second): anything that could leak has had its chance.
    await Promise.all(members.map(async m => m.node.caughtUp(10_000)))
    await new Promise(resolve => setTimeout(resolve, 2500))
    for (const m of members) {
      const expected = published.filter(p => p.holders.includes(m)).map(p => p.id).sort()
      expect((await storedIds(m)).sort(), `${m.label} holds exactly its share`).to.deep.equal(expected)
    }
    // The direct links: the RED and AMBER recipients across the ring; the GREEN one went through ring[1].
    expect(feedsOf(origin)).to.deep.equal([ring[1]!.key, ring[3]!.key, ring[4]!.key, ring[5]!.key].sort())
    expect(feedsOf(ring[3]!)).to.include(origin.key)
    expect(feedsOf(ring[2]!)).to.not.include(origin.key)
    // A direct link reads the other end's own publications only, both ways; mesh links read whole feeds.
    const link = (m: TestMember, peer: TestMember) => m.node.replicationProgress().find(p => p.peer === peer.key)!
    for (const far of [ring[3]!, ring[4]!]) {
      expect(link(origin, far).ownOnly, `origin reads ${far.label} own-only`).to.equal(true)
      expect(link(far, origin).ownOnly, `${far.label} reads origin own-only`).to.equal(true)
    }
    expect(link(origin, ring[1]!).ownOnly).to.equal(false)
    const announcedBefore = link(ring[3]!, origin).announced
    expect(announcedBefore, 'the origin\'s own publications to ring[3]: GREEN to all, RED, AMBER').to.equal(3)
    // A neighbour's bundle to all reaches ring[3] through the mesh, and the origin does not relay it over the direct link.
    const relayed = await ring[1]!.node.publish({ stix: await corpus('oasis-cti-documentation/identifying-a-threat-actor-profile.json'), policy: { tlp: 'GREEN' } })
    expect(await eventually(async () => await holds(ring[3]!, relayed.id) && await holds(origin, relayed.id), 30_000), 'relayed to ring[3] and the origin').to.equal(true)
    await new Promise(resolve => setTimeout(resolve, 2500))
    expect(link(ring[3]!, origin).announced, 'nothing relayed over the direct link').to.equal(announcedBefore)
  })
})
