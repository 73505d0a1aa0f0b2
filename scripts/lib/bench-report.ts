// The benchmark's JSON document, the targets (issue 7, tightened by issue 14) checked against it, and
// the short human table printed on stderr.
import { round } from './bench-load.js'
import { deliveryFloor } from './bench-floor.js'
import type { Libp2pBaseline, PipelineBaseline } from './bench-baselines.js'
import type { BenchPlan } from './bench-plan.js'
import type { LoadResult } from './bench-load.js'

/** One point of the scale series. */
export type ScaleResult = LoadResult & { bundles_per_node: number, join_converge_ms: number }

/** Everything measured, as the phases returned it. */
export interface Measurements {
  plan: BenchPlan
  cores: number
  libp2p: Libp2pBaseline
  /** The libp2p baseline with large messages: the stack's CPU per byte moved. */
  libp2pBulk: Libp2pBaseline
  pipeline: PipelineBaseline
  saturation: LoadResult & { latencies?: number[] }
  paced: LoadResult & { latencies?: number[] }
  middle: LoadResult & { latencies?: number[] }
  light: LoadResult & { latencies?: number[] }
  catchup: { bundles: number, peers: number, seconds: number, bundles_per_s: number, connect_ms: number }
  noop: { ms: number, connect_ms: number, total_ms: number, stored: number, peers: number, restart_ms: number }
  scale: ScaleResult[]
  /** The scale point that could not be measured, and why. */
  failedScale?: { nodes: number, bundles_per_node: number, error: string, connected_peers_per_node: number[] }
  rssMb: number[]
  machine: Record<string, unknown>
  templates: Record<string, unknown>
  seconds: number
}

/** One checked target. */
interface Target { value: number, target: string, met: boolean }

/** The JSON document of a run. */
export function report (m: Measurements): Record<string, unknown> {
  const ratio = m.saturation.delivered_per_s / (m.pipeline.per_s * m.cores)
  const floor = deliveryFloor({
    receiveMs: m.pipeline.cpu_ms_per_bundle,
    publishMs: m.pipeline.publish_cpu_ms,
    recipients: m.pipeline.recipients - 1,
    // Bytes in bulk, at the stack's CPU per byte: batches of envelopes in one frame approach it, single frames cost more.
    transportMs: m.libp2pBulk.cpu_ms_per_message / m.libp2pBulk.message_bytes * m.pipeline.envelope_bytes,
    receiptMs: m.pipeline.receipt_cpu_ms,
    cores: m.cores,
    pipelinePerS: m.pipeline.per_s
  })
  const scale = m.scale.map(point => ({
    nodes: point.nodes,
    bundles: point.bundles,
    bundles_per_node: point.bundles_per_node,
    deliveries: point.deliveries,
    delivered_per_s: point.delivered_per_s,
    delivered_per_node_per_s: Math.round(point.delivered_per_s / point.nodes),
    // Every node gets cores/nodes of this machine: what a node delivers per core it is given.
    delivered_per_node_per_core_s: Math.round(point.delivered_per_s / m.cores),
    cpu_ms_per_delivery: point.cpu_ms_per_delivery,
    machine_busy_cores: point.machine_busy_cores,
    convergence_ms: Math.round(point.seconds * 1000),
    latency_ms: point.latency_ms,
    bytes_per_delivery: point.bytes_per_delivery,
    receipt_bytes_per_delivery: point.receipt_bytes_per_delivery,
    join_converge_ms: point.join_converge_ms
  }))
  const perCore = scale.map(p => p.delivered_per_node_per_core_s)
  const cpuPerDelivery = scale.map(p => p.cpu_ms_per_delivery)
  const targets: Record<string, Target> = {
    ratio_to_pipeline: { value: round(ratio, 3), target: '>= 0.5', met: ratio >= 0.5 },
    // Named by the offered load it was measured at; the issue states the target at 100/s.
    [`latency_p99_ms_at_${m.plan.pacedRate}_per_s`]: { value: m.paced.latency_ms.p99, target: '<= 100', met: m.paced.latency_ms.p99 <= 100 },
    catchup_over_pipeline: { value: round(m.catchup.bundles_per_s / m.pipeline.per_s, 3), target: '>= 0.7', met: m.catchup.bundles_per_s >= 0.7 * m.pipeline.per_s },
    noop_resync_ms: { value: m.noop.ms, target: '<= 100 (connected -> caught up)', met: m.noop.ms <= 100 },
    bytes_per_delivery: { value: m.saturation.bytes_per_delivery, target: '<= 1.1', met: m.saturation.bytes_per_delivery <= 1.1 }
  }
  if (scale.length > 1) {
    // A point that could not be measured (the mesh never formed) fails the series.
    const complete = m.failedScale == null
    const over = complete ? '' : ` over ${scale.map(p => p.nodes).join(', ')} nodes; ${m.failedScale?.nodes ?? ''} nodes not measured`
    const spread = Math.max(...perCore) / Math.min(...perCore)
    targets.scale_delivered_per_node_flat = { value: round(spread, 2), target: `max/min <= 2 (per node, per core it gets)${over}`, met: complete && spread <= 2 }
    const growth = Math.max(...cpuPerDelivery) / Math.min(...cpuPerDelivery)
    targets.scale_cpu_per_delivery_flat = { value: round(growth, 2), target: `max/min <= 2${over}`, met: complete && growth <= 2 }
  }
  return {
    run: { date: new Date().toISOString(), quick: m.plan.quick, seconds: m.seconds, ...m.machine },
    bundles_source: { corpus: '../shared/data/stix-corpus (2 KiB-class templates, unique ids per bundle)', ...m.templates },
    baseline: {
      libp2p_msgs_per_s: m.libp2p.msgs_per_s,
      libp2p: m.libp2p,
      libp2p_bulk: m.libp2pBulk,
      pipeline_per_s: m.pipeline.per_s,
      pipeline: m.pipeline,
      cores: m.cores,
      // What a delivery costs at the least here, from the parts above (bench-floor.ts), and the ratio that allows.
      delivery_floor: floor
    },
    federation: {
      nodes: m.saturation.nodes,
      bundles: m.saturation.bundles,
      recipients_per_bundle: m.saturation.nodes - 1,
      deliveries: m.saturation.deliveries,
      seconds: m.saturation.seconds,
      delivered_per_s: m.saturation.delivered_per_s,
      ratio_to_pipeline: round(ratio, 3),
      cpu_ms_per_delivery: m.saturation.cpu_ms_per_delivery,
      // Over baseline.delivery_floor.total_ms: how much more than the required work a delivery costs.
      cpu_over_floor: round(m.saturation.cpu_ms_per_delivery / floor.total_ms, 2),
      machine_busy_cores: m.saturation.machine_busy_cores,
      publish_concurrency_per_node: m.plan.concurrency
    },
    latency_ms: {
      offered_per_s: m.plan.pacedRate,
      bundles: m.paced.bundles,
      p50: m.paced.latency_ms.p50,
      p99: m.paced.latency_ms.p99,
      max: m.paced.latency_ms.max,
      max_by_second: m.paced.max_latency_ms_by_second,
      saturation: m.saturation.latency_ms,
      middle: { offered_per_s: m.plan.middleRate, bundles: m.middle.bundles, ...m.middle.latency_ms, max_by_second: m.middle.max_latency_ms_by_second, machine_busy_cores: m.middle.machine_busy_cores },
      light: { offered_per_s: m.plan.lightRate, bundles: m.light.bundles, ...m.light.latency_ms },
      cpu_ms_per_delivery_at_offered: m.paced.cpu_ms_per_delivery,
      machine_busy_cores_at_offered: m.paced.machine_busy_cores,
      light_machine_busy_cores: m.light.machine_busy_cores
    },
    catchup: m.catchup,
    noop_resync_ms: m.noop.ms,
    noop_resync: m.noop,
    bytes_per_delivery: m.saturation.bytes_per_delivery,
    receipt_bytes_per_delivery: m.saturation.receipt_bytes_per_delivery,
    envelope_bytes: m.saturation.envelope_bytes,
    scale,
    ...(m.failedScale == null ? {} : { scale_failed: m.failedScale }),
    scale_note: scaleNote(m),
    rss_mb: m.rssMb,
    targets
  }
}

function scaleNote (m: Measurements): string {
  const first = m.plan.scale[0]?.perNode
  const fewer = m.plan.scale.filter(p => p.perNode !== first).map(p => `${p.nodes} nodes run ${p.perNode}`)
  return [
    `equal load per node: every node publishes bundles_per_node bundles (${first ?? '-'}${fewer.length > 0 ? `; ${fewer.join(', ')} per node, as their deliveries grow with n²` : ''}) to all others, at saturation`,
    'one federation grows through the series (new members added to the running ones; join_converge_ms is how long the grown mesh took to connect and catch up, history included)',
    `all nodes share ${m.cores} cores: delivered_per_node_per_core_s = delivered_per_s / cores is what a node delivers per core it is given`
  ].join('; ')
}

/** A short human summary. */
export function table (doc: Record<string, unknown>): string {
  const targets = doc.targets as Record<string, Target>
  const rows = Object.entries(targets).map(([name, t]) => `  ${t.met ? 'met   ' : 'MISSED'}  ${name.padEnd(34)} ${String(t.value).padStart(10)}  ${t.target}`)
  const baseline = doc.baseline as { libp2p_msgs_per_s: number, pipeline_per_s: number, delivery_floor: { total_ms: number, ratio_at_floor: number } }
  const fed = doc.federation as { nodes: number, delivered_per_s: number }
  const lat = doc.latency_ms as { p50: number, p99: number, saturation: { p50: number, p99: number }, middle: { offered_per_s: number, p50: number, p99: number }, light: { offered_per_s: number, p50: number, p99: number } }
  const scale = (doc.scale as Array<{ nodes: number, delivered_per_s: number, cpu_ms_per_delivery: number, convergence_ms: number }>)
    .map(p => `  ${String(p.nodes).padStart(3)} nodes  ${String(p.delivered_per_s).padStart(7)} deliveries/s  ${String(p.cpu_ms_per_delivery).padStart(6)} cpu-ms/delivery  ${p.convergence_ms} ms to converge`)
  return [
    '',
    `libp2p ${baseline.libp2p_msgs_per_s} msgs/s · pipeline ${baseline.pipeline_per_s} bundles/s · ${fed.nodes} nodes deliver ${fed.delivered_per_s}/s`,
    `floor ${baseline.delivery_floor.total_ms} cpu-ms/delivery (receive, publish share, transport, receipt): ratio_to_pipeline can reach ${baseline.delivery_floor.ratio_at_floor} here at most`,
    `latency p50/p99 ${lat.p50}/${lat.p99} ms at 100/s, ${lat.middle.p50}/${lat.middle.p99} ms at ${lat.middle.offered_per_s}/s, ${lat.saturation.p50}/${lat.saturation.p99} ms at saturation, ${lat.light.p50}/${lat.light.p99} ms at ${lat.light.offered_per_s}/s`,
    ...scale,
    ...rows,
    ''
  ].join('\n')
}
