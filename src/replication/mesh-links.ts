import { tlpForbidsRelay } from '../policy/tlp.js'
import { directRecipients, meshNeighbours } from './mesh.js'
import type { DirectoryView, Member } from '../directory/types.js'
import type { BundleRecord } from '../store/types.js'

/** Collaborators of the mesh links. */
export interface MeshLinksComponents {
  directory: DirectoryView
}

/** Settings of the mesh links. */
export interface MeshLinksInit {
  /** Mesh neighbours per node (`replication.meshDegree`, ≥ 1). */
  degree: number
}

/**
 * Which members this node keeps a connection to in a bounded mesh: its mesh
 * neighbours by the current directory (`mesh.ts`), plus every recipient of
 * its own publications that the mesh cannot reach through recipients (all
 * recipients of a TLP:RED bundle that are not neighbours). The network dials
 * only these; it still accepts any member that dials it, and the replicator
 * subscribes to every connected member, so links are used both ways.
 *
 * The direct links are held in memory: after a restart they come back with
 * the next publication that needs them (a recipient that was offline for a
 * RED bundle published before the restart waits for that).
 */
export class MeshLinks {
  private readonly directory: DirectoryView
  private readonly degree: number
  private readonly direct = new Set<string>()
  private cachedFor = ''
  private cached = new Set<string>()
  /** The directory listing the cached keys were read from (a Directory returns the same array until it changes). */
  private keysOf: readonly Member[] | undefined
  private keys: string[] = []

  constructor (components: MeshLinksComponents, init: MeshLinksInit) {
    this.directory = components.directory
    this.degree = init.degree
  }

  /** Whether this node should keep a connection to `peer` (dial it, redial it). */
  wants (peer: string): boolean {
    return this.direct.has(peer) || this.neighbours().has(peer)
  }

  /**
   * The current mesh neighbours (recomputed when the set of active members
   * changes). Asked for every member on every dial sync and prune, so the
   * active keys are read again only when the directory's listing changed.
   */
  neighbours (): Set<string> {
    const list = this.directory.list()
    if (list === this.keysOf) return this.cached
    const keys = this.activeKeys(list)
    const id = keys.join(',')
    if (id !== this.cachedFor) {
      this.cached = meshNeighbours(this.directory.self.key, keys, this.degree)
      this.cachedFor = id
    }
    this.keysOf = list
    this.keys = keys
    return this.cached
  }

  /** Members linked directly for our own publications. */
  directLinks (): string[] {
    return [...this.direct].sort()
  }

  /** Notes one of our own publications; true when it needs a direct link not kept before (the network should sync). */
  published (record: Pick<BundleRecord, 'recipients' | 'tlp'>): boolean {
    const self = this.directory.self.key
    const neighbours = this.neighbours()
    const missing = directRecipients(self, record.recipients, this.keys, this.degree, !tlpForbidsRelay(record.tlp))
    let added = false
    for (const key of missing) {
      if (this.direct.has(key) || neighbours.has(key)) continue
      this.direct.add(key)
      added = true
    }
    return added
  }

  private activeKeys (list: readonly Member[]): string[] {
    const self = this.directory.self.key
    return list.filter(m => m.status === 'active' || m.key === self).map(m => m.key)
  }
}
