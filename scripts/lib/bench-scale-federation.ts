// Many intelmesh nodes in ONE process, on real libp2p over 127.0.0.1: every
// node is a real IntelmeshNode (its own identity, data folder, store, network
// and replicator), each with a fixed listen port. The federation grows a
// batch of nodes at a time (see start()) until every directory lists every member.
import { readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { dataFolderPaths } from '../../src/config/data-folder.js'
import { createLogger } from '../../src/node/logger.js'
import { initDataDir } from '../../src/node/init-data-dir.js'
import { IntelmeshNode } from '../../src/node/node.js'
import { Store } from '../../src/store/store.js'
import type { BundleView } from '../../src/node/types.js'

/** EU jurisdictions, so a TLP:GREEN bundle with no narrowing goes to every member. */
const JURISDICTIONS = ['DE', 'FR', 'NL', 'BE', 'AT', 'IT', 'ES', 'SE', 'FI', 'DK', 'IE', 'PT', 'PL', 'CZ', 'LU', 'EE']

/** Which database every node's Store runs over. */
export type ScaleStoreKind = 'level' | 'memory'

/** How to build a federation. */
export interface ScaleFederationInit {
  size: number
  /** Parent folder of the nodes' data folders. */
  root: string
  store: ScaleStoreKind
  /** `replication.meshDegree` of every node; 0 = full mesh. */
  meshDegree: number
  say: (message: string) => void
}

/** One node of the in-process federation and what it has received. */
export interface ScaleMember {
  node: IntelmeshNode
  key: string
  name: string
  /** Bundles from other origins stored here, by id. */
  received: Set<string>
  /** Envelopes this node published: count and bytes (the mean envelope size of a run). */
  own: { count: number, bytes: number }
  /** How the others' admins add it. */
  entry: { key: string, name: string, jurisdiction: string, addresses: string[] }
}

/** A federation of in-process nodes. */
export class ScaleFederation {
  readonly members: ScaleMember[]
  private readonly waiters = new Set<() => void>()

  private constructor (members: ScaleMember[]) {
    this.members = members
    for (const m of members) {
      m.node.events.addEventListener('bundle', (event: Event) => {
        const view = (event as CustomEvent<BundleView>).detail
        if (view.origin === m.key) {
          m.own.count++
          m.own.bytes += view.size
          return
        }
        m.received.add(view.id)
        for (const wake of [...this.waiters]) wake()
      })
    }
  }

  /** Initialises `size` data folders, creates the nodes and fills every directory with every other member. */
  static async create (init: ScaleFederationInit): Promise<ScaleFederation> {
    const ports = await freePorts(init.size)
    // BENCH_SCALE_LOG=debug: every node logs to stderr (to diagnose a mesh that does not form).
    const level = (process.env.BENCH_SCALE_LOG ?? 'silent') as 'silent'
    const members: ScaleMember[] = []
    for (let i = 0; i < init.size; i++) {
      const name = `scale-${i}`
      const dataDir = join(init.root, name)
      await initDataDir(dataDir, { name, jurisdiction: JURISDICTIONS[i % JURISDICTIONS.length]!, listen: [`/ip4/127.0.0.1/tcp/${ports[i]!}`], api: { host: '127.0.0.1', port: 0 } })
      if (init.meshDegree > 0) await setMeshDegree(dataDir, init.meshDegree)
      const openStore = init.store === 'memory' ? async () => await Store.openInMemory() : undefined
      const node = await IntelmeshNode.create({ dataDir, env: {}, logger: createLogger({ level, name, destination: process.stderr }), openStore })
      const entry = { key: node.memberKey, name, jurisdiction: JURISDICTIONS[i % JURISDICTIONS.length]!, addresses: [`/ip4/127.0.0.1/tcp/${ports[i]!}`] }
      // It knows every member before it; they learn of it when it starts.
      for (const earlier of members) await node.addPeer(earlier.entry)
      members.push({ node, key: node.memberKey, name, received: new Set(), own: { count: 0, bytes: 0 }, entry })
    }
    return new ScaleFederation(members)
  }

  /**
   * Starts the nodes `batch` at a time. Each node knows the members created
   * before it; a batch's nodes start (their first dials are refused: nobody
   * knows them yet, and with no connection they back off a second instead
   * of asking the DHT), then every earlier node's admin adds the whole batch
   * at once (`addPeers`: the directory emits the batch back to back, so the
   * ring and the dials are computed once for the batch), and the batch's
   * members add those of the batch after them. The earlier nodes dial the
   * new ones they want (they know them now); the next batch starts once
   * every node of this one has the links it wants among the members known
   * by then, `wants(index, known)` (or `perNodeTimeoutMs`).
   *
   * Tried first: every directory full before any start. Started all at once,
   * 32 nodes' 992 dials and handshakes on one event loop ran past the 20 s
   * dial timeout; one by one, every refused dial to a member not started yet
   * became a DHT lookup (the node had connections by then) and from ~17
   * nodes on the lookups starved the handshakes. Then one node at a time as
   * here (batch 1): 64 bounded-mesh members formed in 276 s, growing faster
   * than N², and the profile showed why: every directory change made every
   * node prune its outbound connections to the DHT's closest peers, which
   * libp2p redialled at once (13,071 connections opened to form 48 members;
   * fixed in the Network, 3,850 after). What is left grows with the ring
   * changes, one per join for every running node (new links and feeds, the
   * old ones pruned): batches make them one per batch.
   */
  async start (wants: (index: number, known: number) => number, options: { batch?: number, perNodeTimeoutMs?: number } = {}): Promise<void> {
    const batch = Math.max(1, options.batch ?? 1)
    const perNodeTimeoutMs = options.perNodeTimeoutMs ?? 60_000
    for (let from = 0; from < this.members.length; from += batch) {
      const joining = this.members.slice(from, from + batch)
      const known = from + joining.length
      await Promise.all(joining.map(async m => { await m.node.start() }))
      await Promise.all([
        ...this.members.slice(0, from).map(async earlier => await earlier.node.addPeers(joining.map(m => m.entry))),
        ...joining.map(async (m, i) => { if (i < joining.length - 1) await m.node.addPeers(joining.slice(i + 1).map(later => later.entry)) })
      ])
      const deadline = Date.now() + perNodeTimeoutMs
      const want = joining.map((_, i) => Math.min(known - 1, wants(from + i, known)))
      const short = (): number[] => joining.flatMap((m, i) => m.node.listPeers().filter(p => p.connected).length < want[i]! ? [from + i] : [])
      while (short().length > 0 && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 50))
      }
      if (process.env.BENCH_SCALE_LOG != null) {
        const missing = short()
        process.stderr.write(`started ${from}–${known - 1}: ${missing.length === 0 ? 'all linked' : `short of links: ${missing.join(', ')}`}\n`)
      }
    }
  }

  /** Connected peers of every node, in member order. */
  connectedCounts (): number[] {
    return this.members.map(m => m.node.listPeers().filter(p => p.connected).length)
  }

  /** Open libp2p connections of every node (a pair dialled from both ends at once counts twice). */
  connectionCounts (): number[] {
    return this.members.map(m => m.node.networkStats().connections)
  }

  /** Waits until `formed(counts)` holds for the connected-peer counts, or the timeout; returns whether it did. */
  async waitConnected (formed: (connected: number[]) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (!formed(this.connectedCounts())) {
      if (Date.now() > deadline) return false
      await new Promise(resolve => setTimeout(resolve, 250))
    }
    return true
  }

  /** Whether every node's subscriptions are caught up within `timeoutMs`. */
  async caughtUp (timeoutMs: number): Promise<boolean> {
    const results = await Promise.all(this.members.map(async m => await m.node.caughtUp(timeoutMs)))
    return results.every(Boolean)
  }

  /** Resolves true once `done()` holds (checked after every stored bundle), false after `timeoutMs`. */
  async waitUntil (done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return true
    return await new Promise<boolean>(resolve => {
      const finish = (result: boolean): void => {
        clearTimeout(timer)
        this.waiters.delete(check)
        resolve(result)
      }
      const check = (): void => { if (done()) finish(true) }
      const timer = setTimeout(() => { finish(done()) }, timeoutMs)
      this.waiters.add(check)
    })
  }

  /** Stops every node (in parallel: each stop waits for its own streams only). */
  async stop (): Promise<void> {
    await Promise.all(this.members.map(async m => await m.node.stop().catch(() => {})))
  }
}

/** Adds `replication.meshDegree` to the node's config file. */
async function setMeshDegree (dataDir: string, degree: number): Promise<void> {
  const path = dataFolderPaths(dataDir).config
  const config = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
  config.replication = { ...(config.replication as Record<string, unknown> | undefined), meshDegree: degree }
  await writeFile(path, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 })
}

/** `count` TCP ports free on 127.0.0.1 right now (all held open until every one is found, so they differ). */
async function freePorts (count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, async () => await new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => { resolve(server) })
  })))
  const ports = servers.map(s => (s.address() as { port: number }).port)
  await Promise.all(servers.map(async s => await new Promise(resolve => s.close(resolve))))
  return ports
}
