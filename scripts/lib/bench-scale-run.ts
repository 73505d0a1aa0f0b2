// One workload of the scale benchmark on an in-process federation: a fixed
// set of publishers publish a fixed number of bundles, either to every member
// (TLP:GREEN, all EU) or to a fixed number of named members, whatever the
// size of the federation. The run lasts until every recipient stored every
// bundle AND the protocols went quiet (relayed ids are announced up to a
// second after their delivery), and reports its protocol messages, bytes and
// CPU per delivery and per publication.
import { BENCH_TLP, makeBundle } from './bench-corpus.js'
import { meterDelta, meterSnapshot } from './bench-scale-meter.js'
import { round } from './bench-load.js'
import type { Template } from './bench-corpus.js'
import type { ScaleFederation } from './bench-scale-federation.js'
import type { MeterCounts } from './bench-scale-meter.js'

/** Who receives the workload's bundles. */
export type Audience = { kind: 'all' } | { kind: 'named', others: number }

/** A workload: `publishers` members publish `perPublisher` bundles each, one at a time. */
export interface Workload {
  audience: Audience
  publishers: number
  perPublisher: number
}

/** Totals of a run divided by its deliveries or its publications. */
export interface PerUnit {
  /** Frames of our protocols received: feed batches, fetch requests and fetch responses. */
  messages: number
  feed_batches: number
  announced_ids: number
  pushed_envelopes: number
  fetch_requests: number
  fetched_envelopes: number
  /** Announcements beyond one per delivery (ids the receiver held, or heard from another peer too). */
  redundant_announcements: number
  /** Envelopes that crossed the wire beyond one per delivery. */
  duplicate_envelopes: number
  /** Bytes of our protocols' frames. */
  protocol_bytes: number
  /** Bytes written to TCP (our protocols + Noise + Yamux + identify, ping, DHT). */
  tcp_bytes: number
  tcp_writes: number
  cpu_ms: number
}

/** What one workload measured. */
export interface WorkloadResult {
  audience: string
  publications: number
  deliveries: number
  envelope_bytes: number
  /** First publish → last delivery; and last delivery → protocols quiet. Wall time: not robust on a shared machine. */
  deliver_s: number
  settle_s: number
  complete: boolean
  /** Bundles of this workload stored by a member that was not a recipient (must be 0). */
  leaked: number
  per_delivery: PerUnit
  per_publication: PerUnit
  /** protocol_bytes and tcp_bytes per delivery over the mean envelope size. */
  protocol_bytes_per_envelope: number
  tcp_bytes_per_envelope: number
  /**
   * The same less what the idle federation spends in as long (pings, DHT
   * upkeep: measured just before, per second, for all nodes): an estimate of
   * what the workload itself cost. At 64 nodes idle upkeep is most of a
   * small workload's TCP bytes and CPU.
   */
  above_idle?: { tcp_bytes_per_envelope: number, cpu_ms_per_delivery: number }
  counts: MeterCounts
}

/** What the idle federation spends per second, all nodes together. */
export interface IdleRate {
  tcpBytesPerS: number
  cpuMsPerS: number
}

/** The protocols are quiet once no frame arrived for this long. */
const QUIET_MS = 2500
const MAX_SETTLE_MS = 30_000

/** Runs `workload`; `label` makes its bundles unique. */
export async function runWorkload (fed: ScaleFederation, templates: readonly Template[], workload: Workload, label: string, timeoutMs: number, idle?: IdleRate): Promise<WorkloadResult> {
  const members = fed.members
  const n = members.length
  const publishers = Array.from({ length: Math.min(workload.publishers, n) }, (_, i) => Math.floor((i * n) / Math.min(workload.publishers, n)))
  const expected = members.map(() => new Set<string>())
  const ownBefore = members.map(m => ({ ...m.own }))
  const before = meterSnapshot()
  const cpuBefore = process.cpuUsage()
  const began = performance.now()
  const ids: string[] = []
  await Promise.all(publishers.map(async (p, which) => {
    for (let k = 0; k < workload.perPublisher; k++) {
      const named = recipientsOf(workload.audience, p, which * workload.perPublisher + k, n)
      const policy = { tlp: BENCH_TLP, allow: [], deny: [], groups: [], members: named.map(i => members[i]!.key), authorities: true, personalData: false }
      const result = await members[p]!.node.publish({ stix: makeBundle(templates, `${label}-${p}`, k), policy })
      ids.push(result.id)
      for (const r of result.recipients) {
        const index = members.findIndex(m => m.key === r.key)
        if (index !== p) expected[index]!.add(result.id)
      }
    }
  }))
  const deliveries = expected.reduce((sum, set) => sum + set.size, 0)
  const complete = await fed.waitUntil(() => members.every((m, i) => [...expected[i]!].every(id => m.received.has(id))), timeoutMs)
  const deliveredAt = performance.now()
  await quiet()
  const settledAt = performance.now()
  const counts = meterDelta(meterSnapshot(), before)
  const cpu = process.cpuUsage(cpuBefore)
  const cpuMs = (cpu.user + cpu.system) / 1000
  const published = new Set(ids)
  const leaked = members.reduce((sum, m, i) => sum + [...m.received].filter(id => published.has(id) && !expected[i]!.has(id)).length, 0)
  const ownBytes = members.reduce((sum, m, i) => sum + m.own.bytes - ownBefore[i]!.bytes, 0)
  const envelopeBytes = ownBytes / ids.length
  const perDelivery = perUnit(counts, cpuMs, deliveries, deliveries)
  const seconds = (settledAt - began) / 1000
  const aboveIdle = idle == null || deliveries === 0
    ? undefined
    : {
        tcp_bytes_per_envelope: round((counts.tcpBytes - idle.tcpBytesPerS * seconds) / deliveries / envelopeBytes, 3),
        cpu_ms_per_delivery: round((cpuMs - idle.cpuMsPerS * seconds) / deliveries, 3)
      }
  return {
    audience: workload.audience.kind === 'all' ? 'all members' : `${workload.audience.others} named members`,
    publications: ids.length,
    deliveries,
    envelope_bytes: Math.round(envelopeBytes),
    deliver_s: round((deliveredAt - began) / 1000, 2),
    settle_s: round((settledAt - deliveredAt) / 1000, 2),
    complete,
    leaked,
    per_delivery: perDelivery,
    per_publication: perUnit(counts, cpuMs, deliveries, ids.length),
    protocol_bytes_per_envelope: round(perDelivery.protocol_bytes / envelopeBytes, 3),
    tcp_bytes_per_envelope: round(perDelivery.tcp_bytes / envelopeBytes, 3),
    ...(aboveIdle == null ? {} : { above_idle: aboveIdle }),
    counts
  }
}

/** Member indexes a publication names (empty = the policy's default: every eligible member). */
function recipientsOf (audience: Audience, origin: number, serial: number, n: number): number[] {
  if (audience.kind === 'all') return []
  // Spread over the federation, different for every publication, never the origin.
  const others = Math.min(audience.others, n - 1)
  const chosen = new Set<number>()
  let x = (Math.imul(serial, 2654435761) + Math.imul(origin, 40503)) >>> 0
  while (chosen.size < others) {
    // 32-bit LCG (Math.imul: a float product would drop the low bits); the high bits are the random ones.
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    const candidate = (x >>> 8) % n
    if (candidate !== origin) chosen.add(candidate)
  }
  return [...chosen]
}

/** Waits until no protocol frame arrived for QUIET_MS (at most MAX_SETTLE_MS). */
async function quiet (): Promise<void> {
  const frames = (c: MeterCounts): number => c.feedBatches + c.fetchRequests + c.fetchedEnvelopes + c.fetchRefused
  const deadline = performance.now() + MAX_SETTLE_MS
  let last = frames(meterSnapshot())
  let lastChange = performance.now()
  while (performance.now() < deadline && performance.now() - lastChange < QUIET_MS) {
    await new Promise(resolve => setTimeout(resolve, 100))
    const now = frames(meterSnapshot())
    if (now !== last) {
      last = now
      lastChange = performance.now()
    }
  }
}

function perUnit (c: MeterCounts, cpuMs: number, deliveries: number, units: number): PerUnit {
  const per = (value: number): number => round(value / units, 3)
  return {
    messages: per(c.feedBatches + c.fetchRequests + c.fetchedEnvelopes + c.fetchRefused),
    feed_batches: per(c.feedBatches),
    announced_ids: per(c.announcedIds),
    pushed_envelopes: per(c.pushedEnvelopes),
    fetch_requests: per(c.fetchRequests),
    fetched_envelopes: per(c.fetchedEnvelopes),
    redundant_announcements: per(Math.max(0, c.announcedIds + c.pushedEnvelopes - deliveries)),
    duplicate_envelopes: per(Math.max(0, c.pushedEnvelopes + c.fetchedEnvelopes - deliveries)),
    protocol_bytes: per(c.feedBytes + c.fetchBytes),
    tcp_bytes: per(c.tcpBytes),
    tcp_writes: per(c.tcpWrites),
    cpu_ms: per(cpuMs)
  }
}
