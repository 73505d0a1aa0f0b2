// What the store's commit window (src/store/commit-window.ts) does to a
// receiver fed by several origins at once: `npm run bench:commit-window`
// prints ONE JSON document.
//
// Four senders deliver to the real ReceivePipeline over a real LevelDB store,
// each at random (exponential gaps), open loop, at several total rates; each
// rate runs with the window off and on, alternately (`--rounds`), on fresh
// stores. Per bundle: synced batches (fsyncs), voluntary context switches of
// all the process's threads (each is a sleep and a wake), process CPU; and
// the latency of receive() (called → stored) p50/p99.
// Usage: npm run bench:commit-window [-- --rates 100,200,400 --seconds 3 --rounds 2 --window 2]
import { readdirSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { benchReceiver } from './lib/bench-receiver.js'

const { values } = parseArgs({ options: { rates: { type: 'string', default: '100,200,400' }, seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '2' }, window: { type: 'string', default: '2' } } })
const RATES = values.rates.split(',').map(Number)
const SECONDS = Number(values.seconds)
const ROUNDS = Number(values.rounds)
const WINDOW_MS = Number(values.window)
const SENDERS = 4

const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

/** Voluntary context switches of every thread of this process (Linux). */
function voluntarySwitches (): number {
  let total = 0
  for (const task of readdirSync('/proc/self/task')) {
    const status = readFileSync(`/proc/self/task/${task}/status`, 'utf8')
    total += Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0)
  }
  return total
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
const r3 = (x: number): number => Math.round(x * 1000) / 1000

async function run (rate: number, windowMs: number): Promise<Record<string, number>> {
  const count = Math.ceil(rate * SECONDS) + 20
  const { envelopes, pipeline, store, origin, close } = await benchReceiver(count + 100, 5, `window-${rate}-${windowMs}`, { commitWindowMs: windowMs })
  let next = 0
  // Warm-up: JIT, LevelDB files, the window's view of the arrival rate.
  await Promise.all(Array.from({ length: 100 }, async () => { await pipeline.receive(envelopes[next++]!, { from: origin }) }))
  const before = { ...store.commitCounts, switches: voluntarySwitches(), cpu: process.cpuUsage() }
  const latencies: number[] = []
  const inFlight: Array<Promise<void>> = []
  const end = next + count
  await Promise.all(Array.from({ length: SENDERS }, async () => {
    while (next < end) {
      await sleep(-Math.log(1 - Math.random()) * 1000 * SENDERS / rate)
      if (next >= end) break
      const started = performance.now()
      inFlight.push(pipeline.receive(envelopes[next++]!, { from: origin }).then((outcome) => {
        if (outcome.status !== 'stored') throw new Error(`bench commit window: not stored: ${JSON.stringify(outcome)}`)
        latencies.push(performance.now() - started)
      }))
    }
  }))
  await Promise.all(inFlight)
  const cpu = process.cpuUsage(before.cpu)
  const after = { ...store.commitCounts, switches: voluntarySwitches() }
  await close()
  latencies.sort((a, b) => a - b)
  return {
    bundles: count,
    batches_per_bundle: r3((after.batches - before.batches) / count),
    switches_per_bundle: r3((after.switches - before.switches) / count),
    cpu_ms_per_bundle: r3((cpu.user + cpu.system) / 1000 / count),
    p50_ms: r3(percentile(latencies, 0.5)),
    p99_ms: r3(percentile(latencies, 0.99))
  }
}

const results: Array<Record<string, number>> = []
for (const rate of RATES) {
  for (let round = 0; round < ROUNDS; round++) {
    for (const windowMs of round % 2 === 0 ? [0, WINDOW_MS] : [WINDOW_MS, 0]) {
      const result = { rate_per_s: rate, window_ms: windowMs, ...(await run(rate, windowMs)) }
      process.stderr.write(`${JSON.stringify(result)}\n`)
      results.push(result)
    }
  }
}
console.log(JSON.stringify({ senders: SENDERS, seconds: SECONDS, rounds: ROUNDS, results }, null, 2))
