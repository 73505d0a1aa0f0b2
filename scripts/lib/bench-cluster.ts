// A federation of node processes on 127.0.0.1 for the benchmark: starts them,
// makes every admin add every other member, waits for the full mesh, and
// collects their stats. Every node runs in its own OS process (bench-node.ts).
import { join } from 'node:path'
import { spawnChild } from './bench-rpc.js'
import type { ChildRpc } from './bench-rpc.js'
import type { FeedProgress } from '../../src/replication/feed-client.js'

/** EU jurisdictions, so a TLP:GREEN bundle goes to every member. */
const JURISDICTIONS = ['DE', 'FR', 'NL', 'BE', 'AT', 'IT', 'ES', 'SE', 'FI', 'DK', 'IE', 'PT', 'PL', 'CZ', 'LU', 'EE']
/** Node processes started at once: tsx start-up is CPU-heavy, and the machine has few cores. */
const SPAWN_PARALLELISM = 4
const CONNECT_TIMEOUT_MS = 120_000

/** One node of the benchmark federation. */
export interface BenchMember {
  rpc: ChildRpc
  index: number
  key: string
  name: string
  jurisdiction: string
  addresses: string[]
}

/** What a node process reports about itself. */
export interface NodeStats {
  stored: number
  own: { count: number, bytes: number }
  rssMb: number
  cpuMs: number
  network?: { bytesIn: number, bytesOut: number, connections: number }
  progress?: FeedProgress[]
}

/** Options of a benchmark federation. */
export interface ClusterOptions {
  /** Start node `index` with these extra Node flags. */
  flagsFor?: (index: number) => string[]
}

/** N node processes that all know each other. */
export class Cluster {
  readonly members: BenchMember[]

  private constructor (members: BenchMember[]) {
    this.members = members
  }

  /** The same processes, fewer of them (e.g. all but one offline member). */
  subset (members: BenchMember[]): Cluster {
    return new Cluster(members)
  }

  /** Drops what the nodes recorded so far (arrivals, publications), e.g. after a phase that did not collect them. */
  async forget (): Promise<void> {
    await Promise.all(this.members.map(async m => {
      await m.rpc.call('takeArrivals')
      await m.rpc.call('takePublications')
    }))
  }

  /** Starts `count` nodes with fresh data folders under `root`, introduces them, and waits for the full mesh. */
  static async start (count: number, root: string, options: ClusterOptions = {}): Promise<Cluster> {
    const members: BenchMember[] = []
    for (let first = 0; first < count; first += SPAWN_PARALLELISM) {
      const indexes = Array.from({ length: Math.min(SPAWN_PARALLELISM, count - first) }, (_, i) => first + i)
      members.push(...await Promise.all(indexes.map(async index => await startMember(index, root, options))))
    }
    const cluster = new Cluster(members)
    await cluster.introduce()
    await Promise.all(members.map(async m => await m.rpc.call('waitConnected', { count: count - 1, timeoutMs: CONNECT_TIMEOUT_MS })))
    await cluster.caughtUp()
    return cluster
  }

  /** Every admin adds every other member, with its current addresses. */
  async introduce (): Promise<void> {
    await Promise.all(this.members.map(async admin => await admin.rpc.call('addPeers', {
      peers: this.members.filter(m => m !== admin).map(m => ({ key: m.key, name: m.name, jurisdiction: m.jurisdiction, addresses: m.addresses }))
    })))
  }

  /** Waits until every node's feeds are caught up. */
  async caughtUp (timeoutMs = 60_000): Promise<void> {
    const results = await Promise.all(this.members.map(async m => await m.rpc.call<{ caughtUp: boolean }>('caughtUp', { timeoutMs })))
    const behind = results.filter(r => !r.caughtUp).length
    if (behind > 0) throw new Error(`bench: ${behind} nodes not caught up after ${timeoutMs} ms`)
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

async function startMember (index: number, root: string, options: ClusterOptions): Promise<BenchMember> {
  const rpc = spawnChild('./bench-node.ts', options.flagsFor?.(index) ?? [])
  const name = `bench-${index}`
  const jurisdiction = JURISDICTIONS[index % JURISDICTIONS.length]!
  const started = await rpc.call<{ key: string, addresses: string[] }>('init', { dataDir: join(root, name), name, jurisdiction })
  return { rpc, index, key: started.key, name, jurisdiction, addresses: started.addresses }
}

/** Sum of a numeric field over nodes. */
export function sum (values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
