import { expect } from 'chai'
import { directRecipients, meshNeighbours, meshOffsets, meshRing } from '../../src/replication/mesh.js'
import { MeshLinks } from '../../src/replication/mesh-links.js'
import { directoryOf, member, newMemberKey } from './fixtures.js'
import type { DirectoryView } from '../../src/directory/types.js'

/** Keys of a federation of `n` members. */
function keys (n: number): string[] {
  return Array.from({ length: n }, () => newMemberKey())
}

/** Hops from `from` to every member over mesh links (undefined = unreachable). */
function hops (from: string, all: string[], degree: number): Map<string, number> {
  const seen = new Map([[from, 0]])
  const queue = [from]
  while (queue.length > 0) {
    const at = queue.shift()!
    for (const next of meshNeighbours(at, all, degree)) {
      if (seen.has(next)) continue
      seen.set(next, seen.get(at)! + 1)
      queue.push(next)
    }
  }
  return seen
}

describe('replication - mesh', () => {
  it('orders the ring by key hash, the same whatever the input order', () => {
    const all = keys(20)
    expect(meshRing([...all].reverse())).to.deep.equal(meshRing(all))
    expect(meshRing(all)).to.have.length(20)
  })

  const sizes = [2, 3, 6, 8, 32, 64, 128]
  for (const n of sizes) {
    for (const degree of [2, 4, 8]) {
      it(`${n} members, degree ${degree}: at most ${degree} symmetric offsets, links agreed by both ends, every member reachable`, () => {
        const offsets = meshOffsets(n, degree)
        expect(offsets.length).to.be.at.most(degree)
        for (const o of offsets) expect(offsets).to.include(n - o)
        const all = keys(n)
        for (const key of all) {
          const neighbours = meshNeighbours(key, all, degree)
          expect(neighbours.size).to.be.at.most(degree)
          expect(neighbours.has(key)).to.equal(false)
          for (const other of neighbours) expect(meshNeighbours(other, all, degree).has(key), 'symmetric').to.equal(true)
        }
        expect(hops(all[0]!, all, degree).size).to.equal(n)
      })
    }
  }

  it('keeps the diameter small at 128 members with degree 8', () => {
    const all = keys(128)
    const distances = [...hops(all[0]!, all, 8).values()]
    expect(Math.max(...distances)).to.be.at.most(8)
  })

  it('links a full mesh when the degree covers everyone', () => {
    const all = keys(8)
    expect(meshNeighbours(all[0]!, all, 8).size).to.equal(7)
  })

  describe('direct recipients of an origin', () => {
    const all = keys(12)
    const ring = meshRing(all)
    const origin = ring[0]!

    it('none when every member is a recipient and bundles may be relayed', () => {
      expect(directRecipients(origin, all, all, 2, true)).to.deep.equal([])
    })

    it('for RED: every recipient that is not a neighbour of the origin', () => {
      const recipients = [origin, ring[1]!, ring[5]!, ring[11]!]
      expect(directRecipients(origin, recipients, all, 2, false)).to.deep.equal([ring[5]!])
    })

    it('a recipient reachable only through non-recipients needs a direct link; one behind a recipient does not', () => {
      // degree 2 is a ring: 0 - 1 - 2 - 3 ...; ring[2] is reached through ring[1], ring[4] only through ring[3] (not a recipient)
      const recipients = [origin, ring[1]!, ring[2]!, ring[4]!]
      expect(directRecipients(origin, recipients, all, 2, true)).to.deep.equal([ring[4]!])
    })

    it('never counts the origin or a non-recipient', () => {
      const out = directRecipients(origin, [origin, ring[6]!], all, 2, true)
      expect(out).to.deep.equal([ring[6]!])
    })
  })

  describe('MeshLinks', () => {
    it('follows the directory: a member added or suspended changes the neighbours at once', async () => {
      const [self, ...others] = keys(24)
      const directory = directoryOf(member(self!, 'DE'), others.slice(0, 16).map(k => member(k, 'FR')), new Map())
      const links = new MeshLinks({ directory }, { degree: 8 })
      expect(links.neighbours()).to.deep.equal(meshNeighbours(self!, others.slice(0, 16), 8))
      expect(links.neighbours(), 'cached while the directory is unchanged').to.equal(links.neighbours())
      await directory.addMany(others.slice(16).map(k => ({ key: k, name: `${k.slice(-6)} CERT`, jurisdiction: 'FR' })), 2)
      expect(links.neighbours()).to.deep.equal(meshNeighbours(self!, others, 8))
      const gone = [...links.neighbours()][0]!
      await directory.suspend(gone, 3)
      expect(links.wants(gone)).to.equal(false)
      expect(links.neighbours()).to.deep.equal(meshNeighbours(self!, others.filter(k => k !== gone), 8))
    })

    it('is right over a directory view that lists a fresh array every time', () => {
      const [self, ...others] = keys(12)
      const entries = [self!, ...others].map(k => member(k, 'FR'))
      const view: DirectoryView = { self: entries[0]!, get: key => entries.find(m => m.key === key), list: () => [...entries] }
      const links = new MeshLinks({ directory: view }, { degree: 4 })
      expect(links.neighbours()).to.deep.equal(meshNeighbours(self!, others, 4))
      entries.push(member(newMemberKey(), 'FR'))
      expect(links.neighbours()).to.deep.equal(meshNeighbours(self!, entries.slice(1).map(m => m.key), 4))
    })
  })
})
