// The bounded mesh (`replication.meshDegree`), pure. Every node orders the
// active members (and itself) on a ring by SHA-256 of their keys and keeps
// connections to the members at a few symmetric offsets along it: ±1 and
// offsets spaced geometrically up to half the ring (n^(k/m) for k < m, m =
// degree / 2). The offsets are symmetric, so two nodes with the same
// directory agree on every link and each node has at most `degree` mesh
// neighbours; the geometric spacing keeps the ring's diameter near
// m · n^(1/m) / 2 hops instead of n / degree.
//
// A bundle only travels through its recipients (the send checks enforce
// that; nothing here relaxes them) and TLP:RED never through a relay, so the
// origin also links directly to every recipient the mesh cannot reach through
// recipients alone (`directRecipients`).
import { createHash } from 'node:crypto'

/** Members on the ring, in ring order (by SHA-256 of the key, then the key). */
export function meshRing (keys: readonly string[]): string[] {
  const hashed = [...new Set(keys)].map(key => ({ key, h: createHash('sha256').update(key).digest('hex') }))
  hashed.sort((a, b) => a.h < b.h ? -1 : a.h > b.h ? 1 : a.key < b.key ? -1 : 1)
  return hashed.map(entry => entry.key)
}

/** The ring offsets a node links to among `n` ring members: symmetric, at most `degree` of them. */
export function meshOffsets (n: number, degree: number): number[] {
  const pairs = Math.max(1, Math.floor(degree / 2))
  const half = Math.floor(n / 2)
  const steps: number[] = []
  for (let k = 0; k < pairs; k++) {
    const previous = steps.at(-1) ?? 0
    const step = Math.min(half, Math.max(previous + 1, Math.round(n ** (k / pairs))))
    if (step <= previous) break
    steps.push(step)
  }
  const offsets = new Set<number>()
  for (const step of steps) {
    offsets.add(step)
    offsets.add(n - step)
  }
  offsets.delete(0)
  offsets.delete(n)
  return [...offsets].sort((a, b) => a - b)
}

/** The mesh neighbours of `self` among `keys` (self may or may not be in `keys`). */
export function meshNeighbours (self: string, keys: readonly string[], degree: number): Set<string> {
  const ring = meshRing([...keys, self])
  const at = ring.indexOf(self)
  const neighbours = new Set<string>()
  for (const offset of meshOffsets(ring.length, degree)) neighbours.add(ring[(at + offset) % ring.length]!)
  neighbours.delete(self)
  return neighbours
}

/**
 * The recipients of a bundle from `origin` that the mesh does not reach
 * through recipients: with `relayable` false (TLP:RED) every recipient that
 * is not the origin's neighbour; otherwise those that no path of recipients
 * links to the origin. The origin must connect to them directly.
 */
export function directRecipients (origin: string, recipients: readonly string[], keys: readonly string[], degree: number, relayable: boolean): string[] {
  const members = meshRing([...keys, origin])
  const wanted = new Set(recipients.filter(key => key !== origin))
  const offsets = meshOffsets(members.length, degree)
  const index = new Map(members.map((key, i) => [key, i]))
  const neighbours = (key: string): string[] => {
    const at = index.get(key)
    return at == null ? [] : offsets.map(offset => members[(at + offset) % members.length]!)
  }
  const reached = new Set<string>([origin])
  const queue = [origin]
  while (queue.length > 0) {
    const current = queue.shift()!
    for (const next of neighbours(current)) {
      if (reached.has(next) || !wanted.has(next)) continue
      reached.add(next)
      // A relay passes the bundle on only if it may: never for RED.
      if (relayable) queue.push(next)
    }
  }
  return [...wanted].filter(key => !reached.has(key)).sort()
}
