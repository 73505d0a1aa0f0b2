// The physical limits of this machine, measured in the same run as the
// federation: bare libp2p message rate between two processes, and the
// receive pipeline's rate in one process.
import { spawnChild } from './bench-rpc.js'

/** What the bare libp2p baseline measured. */
export interface Libp2pBaseline {
  msgs_per_s: number
  mb_per_s: number
  messages: number
  message_bytes: number
  /** CPU of both processes (sender and receiver) per message: what carrying one message costs the machine. */
  cpu_ms_per_message: number
}

/** One-way length-prefixed messages per second between two bare libp2p processes, and their CPU per message. */
export async function libp2pBaseline (count: number, size: number): Promise<Libp2pBaseline> {
  const receiver = spawnChild('./bench-libp2p-peer.ts')
  const sender = spawnChild('./bench-libp2p-peer.ts')
  try {
    const { address } = await receiver.call<{ address: string }>('listen')
    // A short warm-up connection first: JIT, Noise handshake code paths.
    const warmup = Math.min(2000, Math.floor(count / 5))
    const warm = receiver.call('expect', { count: warmup })
    await sender.call('send', { address, count: warmup, size })
    await warm
    const expected = receiver.call<{ lastAt: number, cpuMs: number }>('expect', { count: warmup + count })
    const sent = await sender.call<{ startedAt: number, cpuMs: number }>('send', { address, count, size })
    const received = await expected
    const seconds = (received.lastAt - sent.startedAt) / 1000
    return {
      msgs_per_s: Math.round(count / seconds),
      mb_per_s: round1(count * size / seconds / 1e6),
      messages: count,
      message_bytes: size,
      cpu_ms_per_message: Math.round((sent.cpuMs + received.cpuMs) / count * 10_000) / 10_000
    }
  } finally {
    await Promise.all([receiver, sender].map(async child => {
      await child.call('exit').catch(() => {})
      await child.exited()
    }))
  }
}

/** What the pipeline baseline measured, with the origin's parts of a delivery's floor (bench-floor.ts). */
export interface PipelineBaseline {
  per_s: number
  cpu_ms_per_bundle: number
  bundles: number
  concurrency: number
  recipients: number
  envelope_bytes: number
  runs_per_s: number[]
  /** CPU ms of one publication to recipients − 1 members (the real Publisher, same process and concurrency). */
  publish_cpu_ms: number
  /** CPU ms to sign one delivery receipt and verify it. */
  receipt_cpu_ms: number
}

/** Measured runs of the pipeline baseline; the median is the figure (one run varied by 1.5× between full runs). */
const PIPELINE_RUNS = 3

/**
 * Bundles per second one process pushes through the receive pipeline into a
 * synced store: the median of PIPELINE_RUNS runs on fresh stores (every run
 * is reported in `runs_per_s`), so one slow or fast moment of a shared
 * machine does not move every ratio of the run.
 */
export async function pipelineBaseline (count: number, concurrency: number, recipients: number): Promise<PipelineBaseline> {
  const child = spawnChild('./bench-pipeline.ts')
  try {
    // Warm-up run (JIT), then the measured runs, each on a fresh store.
    await child.call('run', { count: Math.min(500, count), concurrency, recipients })
    const runs: Array<{ perSecond: number, cpuMsPerBundle: number, envelopeBytes: number }> = []
    for (let i = 0; i < PIPELINE_RUNS; i++) runs.push(await child.call('run', { count, concurrency, recipients }))
    const median = [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)]!
    const origin = await child.call<{ publishMs: number, receiptMs: number }>('originCosts', { count, members: recipients, concurrency })
    return {
      per_s: Math.round(median.perSecond),
      cpu_ms_per_bundle: Math.round(median.cpuMsPerBundle * 1000) / 1000,
      bundles: count,
      concurrency,
      recipients,
      envelope_bytes: median.envelopeBytes,
      runs_per_s: runs.map(r => Math.round(r.perSecond)),
      publish_cpu_ms: Math.round(origin.publishMs * 1000) / 1000,
      receipt_cpu_ms: Math.round(origin.receiptMs * 1000) / 1000
    }
  } finally {
    await child.call('exit').catch(() => {})
    await child.exited()
  }
}

function round1 (value: number): number {
  return Math.round(value * 10) / 10
}
