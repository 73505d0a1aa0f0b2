// A federation of node processes on 127.0.0.1 for the benchmark. It grows:
// new node processes start with fresh data folders, every admin adds every
// member it does not know yet, and the federation is ready once every node is
// connected to all others and every feed is caught up. Every node runs in its
// own OS process (bench-node.ts).
import { join } from 'node:path'
import { nowMs, spawnChild } from './bench-rpc.js'
import type { ChildRpc } from './bench-rpc.js'
import type { FeedProgress } from '../../src/replication/feed-client.js'

/** EU jurisdictions, so a TLP:GREEN bundle goes to every member. */
const JURISDICTIONS = ['DE', 'FR', 'NL', 'BE', 'AT', 'IT', 'ES', 'SE', 'FI', 'DK', 'IE', 'PT', 'PL', 'CZ', 'LU', 'EE']
/** Node processes started at once: loading a node is CPU-heavy, and the machine has few cores. */
const SPAWN_PARALLELISM = 4
const READY_TIMEOUT_MS = 600_000

/** One node of the benchmark federation. */
export interface BenchMember {
  rpc: ChildRpc
  index: number
  key: string
  name: string
  jurisdiction: string
  addresses: string[]
  /** Keys this member's admin has added. */
  knows: Set<string>
}

/** What a node process reports about itself. */
export interface NodeStats {
  stored: number
  own: { count: number, bytes: number }
  rssMb: number
  heapMb: number
  externalMb: number
  cpuMs: number
  network?: { bytesIn: number, bytesOut: number, connections: number }
  /** The share of `network` that was delivery receipts (`/intelmesh/receipt/1.0.0`). */
  receiptNetwork?: { bytesIn: number, bytesOut: number }
  progress?: FeedProgress[]
}

/** N node processes that all know each other. */
export class Cluster {
  readonly members: BenchMember[]
  private readonly root: string

  constructor (root: string, members: BenchMember[] = []) {
    this.root = root
    this.members = members
  }

  /** The same processes, fewer of them (e.g. all but one offline member). */
  subset (members: BenchMember[]): Cluster {
    return new Cluster(this.root, members)
  }

  /**
   * Starts node processes until there are `count`, introduces every pair not
   * yet introduced, and waits for the full mesh to be connected and caught up.
   * Returns how long the existing members took to converge after the change.
   */
  async grow (count: number, readyTimeoutMs = READY_TIMEOUT_MS): Promise<{ spawn_ms: number, converge_ms: number }> {
    const spawnedAt = nowMs()
    while (this.members.length < count) {
      const indexes = Array.from({ length: Math.min(SPAWN_PARALLELISM, count - this.members.length) }, (_, i) => this.members.length + i)
      this.members.push(...await Promise.all(indexes.map(async index => await startMember(index, this.root))))
    }
    const introducedAt = nowMs()
    await Promise.all(this.members.map(async admin => {
      const peers = this.members.filter(m => m !== admin && !admin.knows.has(m.key))
      await admin.rpc.call('addPeers', { peers: peers.map(m => ({ key: m.key, name: m.name, jurisdiction: m.jurisdiction, addresses: m.addresses })) })
      for (const m of peers) admin.knows.add(m.key)
    }))
    await Promise.all(this.members.map(async m => await m.rpc.call('waitConnected', { count: count - 1, timeoutMs: readyTimeoutMs })))
    await this.caughtUp(readyTimeoutMs)
    return { spawn_ms: Math.round(introducedAt - spawnedAt), converge_ms: Math.round(nowMs() - introducedAt) }
  }

  /** Waits until every node's feeds are caught up. */
  async caughtUp (timeoutMs = 120_000): Promise<void> {
    const results = await Promise.all(this.members.map(async m => await m.rpc.call<{ caughtUp: boolean }>('caughtUp', { timeoutMs })))
    const behind = results.filter(r => !r.caughtUp).length
    if (behind > 0) throw new Error(`bench: ${behind} nodes not caught up after ${timeoutMs} ms`)
  }

  /** Drops what the nodes recorded so far (arrivals, publications), e.g. after a phase that did not collect them. */
  async forget (): Promise<void> {
    await Promise.all(this.members.map(async m => {
      await m.rpc.call('takeArrivals')
      await m.rpc.call('takePublications')
    }))
  }

  /** Stats of every node, in member order. */
  async stats (): Promise<NodeStats[]> {
    return await Promise.all(this.members.map(async m => await m.rpc.call<NodeStats>('stats')))
  }

  /** Stops every node process. */
  async exit (): Promise<void> {
    await Promise.all(this.members.map(async m => {
      await m.rpc.call('exit').catch(() => {})
      await m.rpc.exited()
    }))
  }
}

async function startMember (index: number, root: string): Promise<BenchMember> {
  const rpc = spawnChild('./bench-node.ts')
  const name = `bench-${index}`
  const jurisdiction = JURISDICTIONS[index % JURISDICTIONS.length]!
  const started = await rpc.call<{ key: string, addresses: string[] }>('init', { dataDir: join(root, name), name, jurisdiction })
  return { rpc, index, key: started.key, name, jurisdiction, addresses: started.addresses, knows: new Set() }
}

/** Sum of numbers. */
export function sum (values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
