// One load phase over a federation: every node publishes its share of the
// bundles (closed loop at saturation, or open loop at a fixed offered rate),
// every node must store every bundle, and the phase reports throughput,
// per-bundle latency (publish() returned -> stored at the last recipient),
// network bytes per delivery, and CPU spent per delivery.
import { availableParallelism } from 'node:os'
import { sum } from './bench-cluster.js'
import { nowMs } from './bench-rpc.js'
import { busyCores, machineTimes } from './machine-cpu.js'
import { RECEIPT_FLUSH_MS } from '../../src/replication/constants.js'
import type { Cluster, NodeStats } from './bench-cluster.js'

/** Receipt traffic is over once no receipt bytes arrived for this long: RECEIPT_FLUSH_MS twice, plus a round trip. */
const RECEIPT_SETTLE_MS = 2 * RECEIPT_FLUSH_MS + 100

/** Longest wait for receipt traffic to end after a phase. */
const RECEIPT_SETTLE_MAX_MS = 15_000

/** How the bundles are offered. */
export type Offer = { kind: 'saturate', concurrency: number } | { kind: 'paced', ratePerS: number }

/** What one load phase measured. */
export interface LoadResult {
  nodes: number
  bundles: number
  /** bundles × (nodes − 1): every member but the origin stores every bundle. */
  deliveries: number
  seconds: number
  delivered_per_s: number
  latency_ms: { p50: number, p99: number, max: number }
  /** Bytes of the feed and fetch protocols per delivery, over the mean envelope size. */
  bytes_per_delivery: number
  /** Bytes of delivery receipts (batches and acknowledgements) per delivery, included in bytes_per_delivery. */
  receipt_bytes_per_delivery: number
  envelope_bytes: number
  cpu_ms_per_delivery: number
  /** Busy cores of the whole machine over the phase (/proc/stat; see machine-cpu.ts). */
  machine_busy_cores?: number
  /** Paced phases: the slowest latency of the bundles published in each second of the phase (where in the phase the tail is). */
  max_latency_ms_by_second?: number[]
}

/** Publish-to-last-recipient latencies, in publish order. */
export interface Latencies { latencies: number[] }

/** Runs one load phase; `label` makes the bundles of this phase unique. */
export async function runLoad (cluster: Cluster, label: string, bundles: number, offer: Offer): Promise<LoadResult & Latencies> {
  const members = cluster.members
  const n = members.length
  const before = await cluster.stats()
  const machineBefore = machineTimes()
  const shares = members.map((_, i) => Math.floor(bundles / n) + (i < bundles % n ? 1 : 0))
  // Generous: on a shared 2-core machine a 32-node phase runs for minutes.
  const timeoutMs = Math.max(300_000, bundles * (n - 1) * 25)
  // Register the waits first: a wait reports the time of the event that reached its count.
  const stored = members.map(async (m, i) => await m.rpc.call<{ at: number }>('waitStored', { count: before[i]!.stored + bundles, timeoutMs }))
  const startAt = nowMs() + 200
  const published = members.map(async (m, i) => {
    if (offer.kind === 'saturate') {
      return await m.rpc.call<{ startedAt: number }>('publish', { label: `${label}-${i}`, from: 0, count: shares[i], concurrency: offer.concurrency })
    }
    // Nodes take turns so the federation as a whole offers ratePerS, evenly spaced.
    const nodeRate = offer.ratePerS / n
    await m.rpc.call('publishPaced', { label: `${label}-${i}`, from: 0, count: shares[i], ratePerS: nodeRate, startAt: startAt + (i * 1000) / offer.ratePerS })
    return { startedAt: startAt }
  })
  const starts = await Promise.all(published)
  const ends = await Promise.all(stored)
  const began = Math.min(...starts.map(s => s.startedAt))
  const seconds = (Math.max(...ends.map(e => e.at)) - began) / 1000
  const machineAfter = machineTimes()
  // Delivery receipts leave up to RECEIPT_FLUSH_MS after the bundle is stored, later on a loaded
  // machine: read the byte counters once receipt traffic has stopped, so bytes_per_delivery includes it.
  const after = await settledStats(cluster)
  const { latencies, publishedAt } = await collectLatencies(cluster, n - 1)
  const deliveries = bundles * (n - 1)
  const envelopeBytes = delta(after, before, s => s.own.bytes) / delta(after, before, s => s.own.count)
  const bytesIn = delta(after, before, s => s.network?.bytesIn ?? 0)
  return {
    nodes: n,
    bundles,
    deliveries,
    seconds: round(seconds, 2),
    delivered_per_s: Math.round(deliveries / seconds),
    latency_ms: percentiles(latencies),
    bytes_per_delivery: round(bytesIn / deliveries / envelopeBytes, 3),
    receipt_bytes_per_delivery: round(delta(after, before, s => s.receiptNetwork?.bytesIn ?? 0) / deliveries, 1),
    envelope_bytes: Math.round(envelopeBytes),
    cpu_ms_per_delivery: round(delta(after, before, s => s.cpuMs) / deliveries, 3),
    machine_busy_cores: busyCores(machineBefore, machineAfter, availableParallelism()),
    ...(offer.kind === 'paced' ? { max_latency_ms_by_second: maxBySecond(latencies, publishedAt) } : {}),
    latencies
  }
}

/** Node stats once no receipt bytes arrived for RECEIPT_SETTLE_MS (at most RECEIPT_SETTLE_MAX_MS). */
async function settledStats (cluster: Cluster): Promise<NodeStats[]> {
  const deadline = nowMs() + RECEIPT_SETTLE_MAX_MS
  let stats = await cluster.stats()
  for (;;) {
    await new Promise(resolve => setTimeout(resolve, RECEIPT_SETTLE_MS))
    const next = await cluster.stats()
    const quiet = sum(next.map(s => s.receiptNetwork?.bytesIn ?? 0)) === sum(stats.map(s => s.receiptNetwork?.bytesIn ?? 0))
    stats = next
    if (quiet || nowMs() > deadline) return stats
  }
}

/** For every bundle published since the last call: the time from publish() returning to its last recipient storing it, and when it was published. */
async function collectLatencies (cluster: Cluster, recipients: number): Promise<{ latencies: number[], publishedAt: number[] }> {
  const publishedAt = new Map<string, number>()
  const lastStored = new Map<string, { at: number, count: number }>()
  for (const m of cluster.members) {
    const pubs = await m.rpc.call<{ ids: string[], at: number[] }>('takePublications')
    pubs.ids.forEach((id, i) => publishedAt.set(id, pubs.at[i]!))
    const arrivals = await m.rpc.call<{ ids: string[], at: number[] }>('takeArrivals')
    arrivals.ids.forEach((id, i) => {
      const entry = lastStored.get(id) ?? { at: 0, count: 0 }
      lastStored.set(id, { at: Math.max(entry.at, arrivals.at[i]!), count: entry.count + 1 })
    })
  }
  const latencies: number[] = []
  for (const [id, at] of publishedAt) {
    const stored = lastStored.get(id)
    if (stored == null || stored.count !== recipients) {
      throw new Error(`bench: bundle ${id} reached ${stored?.count ?? 0} of ${recipients} recipients`)
    }
    latencies.push(stored.at - at)
  }
  return { latencies, publishedAt: [...publishedAt.values()] }
}

/** The largest of `latencies` among the bundles published in each second since the first publication (ms, one decimal). */
export function maxBySecond (latencies: readonly number[], publishedAt: readonly number[]): number[] {
  const first = Math.min(...publishedAt)
  const slowest: number[] = []
  latencies.forEach((latency, i) => {
    const second = Math.floor((publishedAt[i]! - first) / 1000)
    slowest[second] = Math.max(slowest[second] ?? 0, round(latency, 1))
  })
  return Array.from(slowest, value => value ?? 0)
}

function delta (after: NodeStats[], before: NodeStats[], field: (s: NodeStats) => number): number {
  return sum(after.map(field)) - sum(before.map(field))
}

/** p50, p99 and max of `samples` (ms, one decimal). */
export function percentiles (samples: readonly number[]): { p50: number, p99: number, max: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0, 1)
  return { p50: at(0.5), p99: at(0.99), max: at(1) }
}

/** `value` rounded to `digits` decimals. */
export function round (value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
