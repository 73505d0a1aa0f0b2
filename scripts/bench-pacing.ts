// What a bundle costs when bundles come one at a time, against the batched
// baseline: `npm run bench:pacing` prints one JSON document.
//
// - wake: a process that sleeps 10 ms and wakes, 500 times, doing nothing:
//   its own CPU (process.cpuUsage, charged by timer tick on this kernel) and
//   the machine's busy time (/proc/stat, idle measured without ticks).
// - pipeline: the real ReceivePipeline over a real LevelDB store, envelopes
//   sealed beforehand, at 64 in flight (the baseline of `npm run bench`), one
//   at a time back to back, and one every 10 ms (live delivery at 100/s).
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeyWrapper, NodeIdentity } from '../src/crypto/index.js'
import { Directory, buildJurisdictionGroups, loadJurisdictionData } from '../src/directory/index.js'
import { DEFAULT_ENVELOPE_LIMITS, sealEnvelope } from '../src/envelope/index.js'
import { ReceivePipeline } from '../src/replication/receive-pipeline.js'
import { Store } from '../src/store/store.js'
import { BENCH_TLP, loadTemplates, makeBundle } from './lib/bench-corpus.js'
import { busyCores, machineTimes } from './lib/machine-cpu.js'
import type { Member } from '../src/directory/types.js'

const POLICY = { tlp: BENCH_TLP, allow: [], deny: [], groups: [], members: [], authorities: true, personalData: false }
const cores = availableParallelism()

function member (identity: NodeIdentity, index: number): Member {
  return { key: identity.memberKey, name: `pacing-${index}`, jurisdiction: 'DE', roles: ['member'], groups: [], addresses: [], status: 'active', added: 0, updated: 0 }
}

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

const wakes = 500
const wake = await measure(async () => { for (let i = 0; i < wakes; i++) await sleep(10) })

const templates = loadTemplates()
const parties = Array.from({ length: 5 }, () => NodeIdentity.generate())
const [origin, self] = parties as [NodeIdentity, NodeIdentity]
const originWrapper = new KeyWrapper({ identity: origin })
const total = 1500
const envelopes = Array.from({ length: total }, (_, n) => sealEnvelope({
  identity: origin,
  wrapper: originWrapper,
  kind: 'INTEL',
  policy: POLICY,
  recipients: parties.map(p => ({ key: p.memberKey, seq: n + 1 })),
  content: new TextEncoder().encode(makeBundle(templates, 'pacing', n)),
  created: Date.now(),
  expires: 0
}).bytes)
const groups = buildJurisdictionGroups(await loadJurisdictionData(), {})
const directory = new Directory({}, { self: member(self, 1), members: parties.map(member), groups })
const dir = await mkdtemp(join(tmpdir(), 'intelmesh-bench-pacing-'))
const store = await Store.open(join(dir, 'db'))
const pipeline = new ReceivePipeline({ identity: self, wrapper: new KeyWrapper({ identity: self }), directory, store, groups: () => groups, now: Date.now }, { limits: DEFAULT_ENVELOPE_LIMITS })
let next = 0

/** Receives `count` envelopes, `concurrency` in flight, each worker pausing `gapMs` after each. */
async function receive (count: number, concurrency: number, gapMs: number): Promise<{ cpu_ms_per_bundle: number, machine_busy_ms_per_bundle: number | undefined }> {
  const end = next + count
  const m = await measure(async () => {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < end) {
        const outcome = await pipeline.receive(envelopes[next++]!, { from: origin.memberKey })
        if (outcome.status !== 'stored') throw new Error(`bench pacing: envelope not stored: ${JSON.stringify(outcome)}`)
        if (gapMs > 0) await sleep(gapMs)
      }
    }))
  })
  const round = (x: number): number => Math.round(x * 1000) / 1000
  return { cpu_ms_per_bundle: round(m.cpuMs / count), machine_busy_ms_per_bundle: m.busyCores == null ? undefined : round(m.busyCores * m.wallMs / count) }
}

await receive(300, 64, 0) // warm-up
const result = {
  wake: {
    sleeps: wakes,
    sleep_ms: 10,
    cpu_us_per_wake: Math.round(wake.cpuMs * 1000 / wakes),
    machine_busy_us_per_wake: wake.busyCores == null ? undefined : Math.round(wake.busyCores * wake.wallMs * 1000 / wakes)
  },
  pipeline: {
    concurrency_64: await receive(400, 64, 0),
    one_at_a_time: await receive(400, 1, 0),
    one_every_10_ms: await receive(300, 1, 10)
  }
}
await store.close()
await rm(dir, { recursive: true, force: true })
console.log(JSON.stringify(result, null, 2))
