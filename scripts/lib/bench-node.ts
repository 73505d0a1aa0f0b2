// One intelmesh node in its own OS process, driven by the benchmark over IPC
// (see bench-rpc.ts): init, addPeers, publish (closed loop or paced), wait
// for stored counts, report arrivals, stats, stop/start, exit. Times are
// taken here, in the node's process: at publish() return and at the
// node's 'bundle' event (emitted once the envelope is durably stored).
import { createWriteStream } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { createLogger } from '../../src/node/logger.js'
import { initDataDir } from '../../src/node/init-data-dir.js'
import { IntelmeshNode } from '../../src/node/node.js'
import { RECEIPT_PROTOCOL } from '../../src/replication/constants.js'
import { BENCH_POLICY, loadTemplates, makeBundle } from './bench-corpus.js'
import { nowMs, serve } from './bench-rpc.js'
import type { BundleView, PeerInput } from '../../src/node/types.js'

const templates = loadTemplates()
// BENCH_LOG_DIR: each node logs (debug) to DIR/<name>.log, to diagnose a failed phase.
let logger = createLogger({ level: 'silent' })

let node: IntelmeshNode | undefined
let dataDir = ''
let stored = 0
let arrivals: { ids: string[], at: number[] } = { ids: [], at: [] }
let publications: { ids: string[], at: number[] } = { ids: [], at: [] }
/** Envelopes this node published: count and total bytes (for bytes per delivery). */
const own = { count: 0, bytes: 0 }
let profiler: Session | undefined
let waiters: Array<{ count: number, resolve: (at: number) => void }> = []

function running (): IntelmeshNode {
  if (node == null) throw new Error('bench node: not running')
  return node
}

const onBundle = (event: Event): void => {
  const at = nowMs()
  const view = (event as CustomEvent<BundleView>).detail
  stored++
  if (view.origin === node?.memberKey) {
    own.count++
    own.bytes += view.size
  } else {
    arrivals.ids.push(view.id)
    arrivals.at.push(at)
  }
  wakeWaiters(at)
}

function wakeWaiters (at: number): void {
  if (waiters.length === 0) return
  const due = waiters.filter(w => w.count <= stored)
  waiters = waiters.filter(w => w.count > stored)
  for (const w of due) w.resolve(at)
}

async function startNode (): Promise<{ key: string, addresses: string[], startedAt: number }> {
  node = await IntelmeshNode.create({ dataDir, env: {}, logger })
  // Count from the store before start, then every stored event after it: no event is missed or counted twice.
  stored = (await node.status()).bundles.stored
  node.events.addEventListener('bundle', onBundle)
  await node.start()
  wakeWaiters(nowMs())
  return { key: node.memberKey, addresses: node.listenAddresses(), startedAt: nowMs() }
}

async function publishOne (label: string, n: number, allow: string[] = []): Promise<void> {
  const result = await running().publish({ stix: makeBundle(templates, label, n), policy: { ...BENCH_POLICY, allow } })
  publications.ids.push(result.id)
  publications.at.push(nowMs())
}

serve({
  init: async (args: { dataDir: string, name: string, jurisdiction: string }) => {
    dataDir = args.dataDir
    const logDir = process.env.BENCH_LOG_DIR
    if (logDir != null) logger = createLogger({ level: 'debug', name: args.name, destination: createWriteStream(`${logDir}/${args.name}.log`) })
    await initDataDir(dataDir, { name: args.name, jurisdiction: args.jurisdiction, listen: ['/ip4/127.0.0.1/tcp/0'], api: { host: '127.0.0.1', port: 0 } })
    return await startNode()
  },
  start: async () => await startNode(),
  /** Starts again on the same data folder and times: start() returned, peers connected, every feed caught up. */
  restartTimed: async (args: { peers: number, timeoutMs: number }) => {
    const beginAt = nowMs()
    const { startedAt, addresses } = await startNode()
    while (running().listPeers().filter(p => p.connected).length < args.peers) {
      await new Promise(resolve => setTimeout(resolve, 1))
    }
    const connectedAt = nowMs()
    const caughtUp = await running().caughtUp(args.timeoutMs)
    return { beginAt, startedAt, connectedAt, caughtUp, caughtUpAt: nowMs(), addresses }
  },
  stop: async () => {
    const stopping = running()
    node = undefined
    stopping.events.removeEventListener('bundle', onBundle)
    await stopping.stop()
    return { stoppedAt: nowMs() }
  },
  addPeers: async (args: { peers: PeerInput[] }) => {
    for (const peer of args.peers) await running().addPeer(peer)
    return { added: args.peers.length }
  },
  waitConnected: async (args: { count: number, timeoutMs: number }) => {
    const deadline = Date.now() + args.timeoutMs
    while (running().listPeers().filter(p => p.connected).length < args.count) {
      if (Date.now() > deadline) {
        const missing = running().listPeers().filter(p => !p.connected && !p.self).map(p => p.name)
        throw new Error(`bench node: fewer than ${args.count} peers connected after ${args.timeoutMs} ms (not connected: ${missing.join(', ')})`)
      }
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    return { at: nowMs() }
  },
  caughtUp: async (args: { timeoutMs: number }) => ({ caughtUp: await running().caughtUp(args.timeoutMs), at: nowMs() }),
  /** Closed loop: `concurrency` publications in flight until `count` are done; `allow` narrows the policy to those jurisdictions. */
  publish: async (args: { label: string, from: number, count: number, concurrency: number, allow?: string[] }) => {
    let next = args.from
    const end = args.from + args.count
    const startedAt = nowMs()
    const worker = async (): Promise<void> => { while (next < end) await publishOne(args.label, next++, args.allow) }
    await Promise.all(Array.from({ length: args.concurrency }, worker))
    return { startedAt, endedAt: nowMs() }
  },
  /** Open loop: publication i starts at start + i / rate whatever the previous ones are doing. */
  publishPaced: async (args: { label: string, from: number, count: number, ratePerS: number, startAt: number }) => {
    const jobs: Array<Promise<void>> = []
    for (let i = 0; i < args.count; i++) {
      const due = args.startAt + (i * 1000) / args.ratePerS
      const wait = due - nowMs()
      if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
      jobs.push(publishOne(args.label, args.from + i))
    }
    await Promise.all(jobs)
    return { endedAt: nowMs() }
  },
  /** Resolves when this node stores `count` bundles in total (published or received). */
  waitStored: async (args: { count: number, timeoutMs: number }) => {
    if (stored >= args.count) return { at: nowMs(), stored }
    const at = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`bench node: ${stored} of ${args.count} bundles stored after ${args.timeoutMs} ms`)) }, args.timeoutMs)
      waiters.push({ count: args.count, resolve: t => { clearTimeout(timer); resolve(t) } })
    })
    return { at, stored }
  },
  /** The node's own status (peers, rejects by code): diagnostics when a phase fails. */
  status: async () => {
    const status = await running().status()
    return { peers: status.peers, rejects: status.rejects, logHead: status.logHead, gaps: status.gaps.length }
  },
  takeArrivals: async () => {
    const taken = arrivals
    arrivals = { ids: [], at: [] }
    return taken
  },
  takePublications: async () => {
    const taken = publications
    publications = { ids: [], at: [] }
    return taken
  },
  stats: async () => {
    const cpu = process.cpuUsage()
    return {
      stored,
      own,
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      externalMb: Math.round((process.memoryUsage().external + process.memoryUsage().arrayBuffers) / 2 ** 20),
      cpuMs: (cpu.user + cpu.system) / 1000,
      network: node?.networkStats(),
      receiptNetwork: node?.networkStats(RECEIPT_PROTOCOL),
      progress: node?.replicationProgress()
    }
  },
  /** CPU profile of this process over one phase (V8's profiler, as `--cpu-prof` but without start-up and shutdown). */
  profileStart: async () => {
    profiler = new Session()
    profiler.connect()
    await profiler.post('Profiler.enable')
    await profiler.post('Profiler.start')
    return {}
  },
  profileStop: async (args: { path: string }) => {
    if (profiler == null) throw new Error('bench node: no profile running')
    const { profile } = await profiler.post('Profiler.stop')
    profiler.disconnect()
    profiler = undefined
    await writeFile(args.path, JSON.stringify(profile))
    return { path: args.path }
  },
  exit: async () => {
    if (node != null) await node.stop()
    node = undefined
    setImmediate(() => process.exit(0))
    return {}
  }
})
