// The physical limits of this machine, measured in the same run as the
// federation: bare libp2p message rate between two processes, and the
// receive pipeline's rate in one process.
import { spawnChild } from './bench-rpc.js'

/** One-way length-prefixed messages per second between two bare libp2p processes. */
export async function libp2pBaseline (count: number, size: number): Promise<{ msgs_per_s: number, mb_per_s: number, messages: number, message_bytes: number }> {
  const receiver = spawnChild('./bench-libp2p-peer.ts')
  const sender = spawnChild('./bench-libp2p-peer.ts')
  try {
    const { address } = await receiver.call<{ address: string }>('listen')
    // A short warm-up connection first: JIT, Noise handshake code paths.
    const warmup = Math.min(2000, Math.floor(count / 5))
    const warm = receiver.call('expect', { count: warmup })
    await sender.call('send', { address, count: warmup, size })
    await warm
    const expected = receiver.call<{ lastAt: number }>('expect', { count: warmup + count })
    const sent = await sender.call<{ startedAt: number }>('send', { address, count, size })
    const { lastAt } = await expected
    const seconds = (lastAt - sent.startedAt) / 1000
    return { msgs_per_s: Math.round(count / seconds), mb_per_s: round1(count * size / seconds / 1e6), messages: count, message_bytes: size }
  } finally {
    await Promise.all([receiver, sender].map(async child => {
      await child.call('exit').catch(() => {})
      await child.exited()
    }))
  }
}

/** Bundles per second one process pushes through the receive pipeline into a synced store. */
export async function pipelineBaseline (count: number, concurrency: number, recipients: number): Promise<{ per_s: number, cpu_ms_per_bundle: number, bundles: number, concurrency: number, recipients: number, envelope_bytes: number }> {
  const child = spawnChild('./bench-pipeline.ts')
  try {
    // Warm-up run (JIT), then the measured run on a fresh store.
    await child.call('run', { count: Math.min(500, count), concurrency, recipients })
    const result = await child.call<{ perSecond: number, cpuMsPerBundle: number, envelopeBytes: number }>('run', { count, concurrency, recipients })
    return { per_s: Math.round(result.perSecond), cpu_ms_per_bundle: Math.round(result.cpuMsPerBundle * 1000) / 1000, bundles: count, concurrency, recipients, envelope_bytes: result.envelopeBytes }
  } finally {
    await child.call('exit').catch(() => {})
    await child.exited()
  }
}

function round1 (value: number): number {
  return Math.round(value * 10) / 10
}
