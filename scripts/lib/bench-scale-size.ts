// One size of the scale benchmark: build the in-process federation, let the
// mesh form (or record how far it got), measure its idle cost, run both
// workloads, stop it. Also the ratios of the largest size to the smallest.
import { round } from './bench-load.js'
import { ScaleFederation } from './bench-scale-federation.js'
import { meterDelta, meterSnapshot } from './bench-scale-meter.js'
import { runWorkload } from './bench-scale-run.js'
import { meshNeighbours } from '../../src/replication/mesh.js'
import type { Template } from './bench-corpus.js'
import type { ScaleStoreKind } from './bench-scale-federation.js'
import type { WorkloadResult } from './bench-scale-run.js'

/** How to measure one size. */
export interface SizeInit {
  size: number
  /** meshDegree; 0 = full mesh. */
  degree: number
  store: ScaleStoreKind
  templates: readonly Template[]
  root: string
  bundles: number
  publishers: number
  named: number
  say: (message: string) => void
  formTimeoutMs?: number
  /** Nodes that join the federation at once (ScaleFederation.start). */
  joinBatch?: number
}

/** What one size measured. */
export interface SizeResult {
  members: number
  /** Whether every node got all the connections its mesh wants within the timeout. */
  formed: boolean
  form_s: number
  /** Connected peers per node (min / mean / max) and open connections in all (each counted at both ends). */
  connected_peers: { min: number, mean: number, max: number }
  connections: number
  rss_mb: number
  rss_mb_per_node: number
  /** Idle cost of the formed federation (pings, DHT upkeep, timers), per node. */
  idle: { cpu_ms_per_s_per_node: number, tcp_bytes_per_s_per_node: number }
  all: WorkloadResult
  named: WorkloadResult
}

const IDLE_WINDOW_MS = 5000
/** The DHT of members that just joined is still busy (refreshes, lookups): let it calm down before measuring. */
const IDLE_SETTLE_MS = 10_000

/** Measures one size; always stops its nodes. */
export async function measureSize (init: SizeInit): Promise<SizeResult> {
  const { size, degree, say } = init
  const fed = await ScaleFederation.create({ size, root: init.root, store: init.store, meshDegree: degree, say })
  try {
    const keys = fed.members.map(m => m.key)
    const links = fed.members.map(m => degree === 0 ? new Set(keys.filter(k => k !== m.key)) : meshNeighbours(m.key, keys, degree))
    const wanted = links.map(set => set.size)
    const startedAt = performance.now()
    // A joining node waits for its links among the members known once its batch joined.
    await fed.start((k, known) => degree === 0 ? known - 1 : meshNeighbours(keys[k]!, keys.slice(0, known), degree).size, { batch: init.joinBatch })
    say(`${size} members started in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; waiting for the mesh`)
    const formed = await fed.waitConnected(counts => counts.every((c, i) => c >= wanted[i]!), init.formTimeoutMs ?? Math.max(120_000, size * 4000))
    const formS = round((performance.now() - startedAt) / 1000, 1)
    const counts = fed.connectedCounts()
    say(`${size} members: ${formed ? 'formed' : 'NOT formed'} after ${formS} s (connected peers min ${Math.min(...counts)}, max ${Math.max(...counts)})`)
    const caughtUp = await fed.caughtUp(120_000)
    if (!caughtUp) say(`${size} members: not every feed caught up after 120 s`)
    await new Promise(resolve => setTimeout(resolve, IDLE_SETTLE_MS))
    const idle = await idleCost(size)
    const rss = process.memoryUsage().rss / 2 ** 20
    const timeoutMs = Math.max(300_000, size * 5000)
    say(`${size} members: workload to all members`)
    const idleRate = { tcpBytesPerS: idle.tcp_bytes_per_s_per_node * size, cpuMsPerS: idle.cpu_ms_per_s_per_node * size }
    const all = await runWorkload(fed, init.templates, { audience: { kind: 'all' }, publishers: init.publishers, perPublisher: Math.ceil(init.bundles / init.publishers) }, `all-${degree}-${size}`, timeoutMs, idleRate)
    say(`${size} members: workload to ${init.named} named members`)
    const named = await runWorkload(fed, init.templates, { audience: { kind: 'named', others: init.named }, publishers: init.publishers, perPublisher: Math.ceil(init.bundles / init.publishers) }, `named-${degree}-${size}`, timeoutMs, idleRate)
    const finalCounts = fed.connectedCounts()
    return {
      members: size,
      formed,
      form_s: formS,
      connected_peers: { min: Math.min(...finalCounts), mean: round(finalCounts.reduce((a, b) => a + b, 0) / size, 1), max: Math.max(...finalCounts) },
      connections: fed.connectionCounts().reduce((a, b) => a + b, 0),
      rss_mb: Math.round(rss),
      rss_mb_per_node: round(rss / size, 1),
      idle,
      all,
      named
    }
  } finally {
    await fed.stop()
  }
}

async function idleCost (size: number): Promise<SizeResult['idle']> {
  const before = meterSnapshot()
  const cpuBefore = process.cpuUsage()
  const at = performance.now()
  await new Promise(resolve => setTimeout(resolve, IDLE_WINDOW_MS))
  const seconds = (performance.now() - at) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  const delta = meterDelta(meterSnapshot(), before)
  return {
    cpu_ms_per_s_per_node: round((cpu.user + cpu.system) / 1000 / seconds / size, 3),
    tcp_bytes_per_s_per_node: Math.round(delta.tcpBytes / seconds / size)
  }
}

/** Largest size over smallest, for the per-delivery and per-publication figures of both workloads. */
export function ratios (results: readonly SizeResult[]): Record<string, number | null> {
  const first = results[0]
  const last = results.at(-1)
  if (first == null || last == null || first === last) return {}
  const out: Record<string, number | null> = {}
  const ratio = (a: number, b: number): number | null => b === 0 ? null : round(a / b, 2)
  for (const workload of ['all', 'named'] as const) {
    for (const unit of ['per_delivery', 'per_publication'] as const) {
      for (const field of ['messages', 'announced_ids', 'redundant_announcements', 'duplicate_envelopes', 'protocol_bytes', 'tcp_bytes', 'cpu_ms'] as const) {
        out[`${workload}.${unit}.${field}`] = ratio(last[workload][unit][field], first[workload][unit][field])
      }
    }
    out[`${workload}.protocol_bytes_per_envelope`] = ratio(last[workload].protocol_bytes_per_envelope, first[workload].protocol_bytes_per_envelope)
    out[`${workload}.tcp_bytes_per_envelope`] = ratio(last[workload].tcp_bytes_per_envelope, first[workload].tcp_bytes_per_envelope)
    const [lastAbove, firstAbove] = [last[workload].above_idle, first[workload].above_idle]
    if (lastAbove != null && firstAbove != null) {
      out[`${workload}.above_idle.tcp_bytes_per_envelope`] = ratio(lastAbove.tcp_bytes_per_envelope, firstAbove.tcp_bytes_per_envelope)
      out[`${workload}.above_idle.cpu_ms_per_delivery`] = ratio(lastAbove.cpu_ms_per_delivery, firstAbove.cpu_ms_per_delivery)
    }
  }
  return out
}
