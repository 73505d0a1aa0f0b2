// Baseline: how many bundles per second ONE process pushes through the
// receive pipeline alone (decode, verify, unwrap, decrypt, parse, index,
// synced store) — the real ReceivePipeline over the real LevelDB Store in a
// temp folder, with envelopes in flight concurrently so group commit works.
// Envelopes are sealed before the clock starts: sealing is the origin's work,
// measured on its own by `originCosts` (for the floor, bench-floor.ts).
import { publishCpuMs, receiptCpuMs } from './bench-origin-costs.js'
import { benchReceiver } from './bench-receiver.js'
import { nowMs, serve } from './bench-rpc.js'

serve({
  /** Seals `count` envelopes for `recipients` members, then times receiving all of them with `concurrency` in flight. */
  run: async (args: { count: number, concurrency: number, recipients: number }) => {
    const { envelopes, envelopeBytes, pipeline, origin, close } = await benchReceiver(args.count, args.recipients, 'pipeline')
    let next = 0
    let storedCount = 0
    const worker = async (): Promise<void> => {
      while (next < envelopes.length) {
        const outcome = await pipeline.receive(envelopes[next++]!, { from: origin })
        if (outcome.status !== 'stored') throw new Error(`bench pipeline: envelope not stored: ${JSON.stringify(outcome)}`)
        storedCount++
      }
    }
    const startedAt = nowMs()
    const cpuBefore = process.cpuUsage()
    await Promise.all(Array.from({ length: args.concurrency }, worker))
    const cpu = process.cpuUsage(cpuBefore)
    const seconds = (nowMs() - startedAt) / 1000
    await close()
    return { stored: storedCount, seconds, perSecond: storedCount / seconds, cpuMsPerBundle: (cpu.user + cpu.system) / 1000 / storedCount, envelopeBytes: Math.round(envelopeBytes) }
  },
  /** The origin's parts of the floor (bench-floor.ts), after a warm-up of each: CPU ms per publication and per receipt signed and checked. */
  originCosts: async (args: { count: number, members: number, concurrency: number }) => {
    await publishCpuMs(Math.min(300, args.count), args.members, args.concurrency, 'publish-warmup')
    receiptCpuMs(200)
    return { publishMs: await publishCpuMs(args.count, args.members, args.concurrency, 'publish'), receiptMs: receiptCpuMs(args.count) }
  },
  exit: async () => {
    setImmediate(() => process.exit(0))
    return {}
  }
})
