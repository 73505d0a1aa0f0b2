// What a bundle costs when bundles come one at a time, against the batched
// baseline: `npm run bench:pacing [-- --quick]` prints one JSON document.
// --quick: a tenth of the sleeps and bundles, a few seconds (checks the script
// runs; its figures are noisier).
//
// - wake: a process that sleeps 10 ms and wakes, 500 times, doing nothing:
//   its own CPU (process.cpuUsage, charged by timer tick on this kernel) and
//   the machine's busy time (/proc/stat, idle measured without ticks).
// - pipeline: the real ReceivePipeline over a real LevelDB store, envelopes
//   sealed beforehand, at 64 in flight (the baseline of `npm run bench`), one
//   at a time back to back, and one every 10 ms (live delivery at 100/s).
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { benchReceiver } from './lib/bench-receiver.js'
import { busyCores, machineTimes } from './lib/machine-cpu.js'

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } })
/** A size of the full run, or its tenth with --quick. */
const size = (n: number): number => values.quick ? n / 10 : n
const cores = availableParallelism()

const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

/** CPU of this process (ms) and busy cores of the machine while `work` runs. */
async function measure (work: () => Promise<void>): Promise<{ cpuMs: number, busyCores: number | undefined, wallMs: number }> {
  const machine = machineTimes()
  const cpu = process.cpuUsage()
  const started = performance.now()
  await work()
  const used = process.cpuUsage(cpu)
  return { cpuMs: (used.user + used.system) / 1000, busyCores: busyCores(machine, machineTimes(), cores), wallMs: performance.now() - started }
}

const wakes = size(500)
const wake = await measure(async () => { for (let i = 0; i < wakes; i++) await sleep(10) })

const { envelopes, pipeline, origin, close } = await benchReceiver(size(1500), 5, 'pacing')
let next = 0

/** Receives `count` envelopes, `concurrency` in flight, each worker pausing `gapMs` after each. */
async function receive (count: number, concurrency: number, gapMs: number): Promise<{ cpu_ms_per_bundle: number, machine_busy_ms_per_bundle: number | undefined }> {
  const end = next + count
  const m = await measure(async () => {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < end) {
        const outcome = await pipeline.receive(envelopes[next++]!, { from: origin })
        if (outcome.status !== 'stored') throw new Error(`bench pacing: envelope not stored: ${JSON.stringify(outcome)}`)
        if (gapMs > 0) await sleep(gapMs)
      }
    }))
  })
  const round = (x: number): number => Math.round(x * 1000) / 1000
  return { cpu_ms_per_bundle: round(m.cpuMs / count), machine_busy_ms_per_bundle: m.busyCores == null ? undefined : round(m.busyCores * m.wallMs / count) }
}

await receive(size(300), 64, 0) // warm-up
const result = {
  wake: {
    sleeps: wakes,
    sleep_ms: 10,
    cpu_us_per_wake: Math.round(wake.cpuMs * 1000 / wakes),
    machine_busy_us_per_wake: wake.busyCores == null ? undefined : Math.round(wake.busyCores * wake.wallMs * 1000 / wakes)
  },
  pipeline: {
    concurrency_64: await receive(size(400), 64, 0),
    one_at_a_time: await receive(size(400), 1, 0),
    one_every_10_ms: await receive(size(300), 1, 10)
  }
}
await close()
console.log(JSON.stringify(result, null, 2))
