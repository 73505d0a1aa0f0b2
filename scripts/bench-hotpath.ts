// What one bundle costs in CPU on each side of a delivery, in one process:
// `npm run bench:hotpath` prints ONE JSON document.
//
// - publish: the real Publisher over a real LevelDB store (parse and validate
//   the STIX, seal for 5 members, one synced group commit), 64 in flight;
// - receive: the real ReceivePipeline over a real LevelDB store, receiving
//   exactly those envelopes, 64 in flight;
// - pieces: the pure steps of both, in µs of CPU per call (no I/O).
//
// CPU time (process.cpuUsage) rather than wall time: it is what the machine
// pays, and it stays meaningful when other processes share the cores. Each
// figure is the median of `--rounds` rounds. `--profile DIR` writes a V8 CPU
// profile of the publish and receive phases (read it with cpu-profile-summary).
// Usage: npm run bench:hotpath [-- --bundles 2000 --rounds 3 --profile DIR]
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { KeyWrapper, NodeIdentity } from '../src/crypto/index.js'
import { Directory, buildJurisdictionGroups, loadJurisdictionData } from '../src/directory/index.js'
import { DEFAULT_ENVELOPE_LIMITS, decodeEnvelope, decryptEnvelope, sealEnvelope, verifyEnvelope } from '../src/envelope/index.js'
import { Publisher } from '../src/node/publisher.js'
import { deriveIndexes } from '../src/replication/derive-indexes.js'
import { ReceivePipeline } from '../src/replication/receive-pipeline.js'
import { parseStixBundle } from '../src/stix/index.js'
import { nextAuditRecord, AUDIT_START } from '../src/store/audit-chain.js'
import { Store } from '../src/store/store.js'
import { BENCH_POLICY, loadTemplates, makeBundle } from './lib/bench-corpus.js'
import { cpuMsSince } from './lib/machine-cpu.js'
import type { Member } from '../src/directory/types.js'

const { values } = parseArgs({ options: { bundles: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '3' }, profile: { type: 'string' } } })
const BUNDLES = Number(values.bundles)
const ROUNDS = Number(values.rounds)
const IN_FLIGHT = 64
const MEMBERS = 5

const templates = loadTemplates()
const groups = buildJurisdictionGroups(await loadJurisdictionData(), {})
const parties = Array.from({ length: MEMBERS }, () => NodeIdentity.generate())
const members = parties.map((p, i): Member => ({ key: p.memberKey, name: `bench-${i}`, jurisdiction: 'DE', roles: ['member'], groups: [], addresses: [], status: 'active', added: 0, updated: 0 }))
const [origin, receiver] = parties as [NodeIdentity, NodeIdentity]
const originWrapper = new KeyWrapper({ identity: origin })
const receiverWrapper = new KeyWrapper({ identity: receiver })

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const round3 = (x: number): number => Math.round(x * 1000) / 1000

async function withStore<T> (label: string, work: (store: Store) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `intelmesh-hotpath-${label}-`))
  const store = await Store.open(join(dir, 'db'))
  try {
    return await work(store)
  } finally {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Runs `count` jobs, IN_FLIGHT at a time; returns process CPU ms per job. */
async function perJob (count: number, job: (n: number) => Promise<void>): Promise<number> {
  let next = 0
  const cpu = process.cpuUsage()
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => { while (next < count) await job(next++) }))
  return cpuMsSince(cpu) / count
}

let profiler: Session | undefined
async function profiled<T> (name: string, round: number, work: () => Promise<T>): Promise<T> {
  if (values.profile == null || round !== ROUNDS - 1) return await work()
  profiler = new Session()
  profiler.connect()
  await profiler.post('Profiler.enable')
  await profiler.post('Profiler.start')
  const result = await work()
  const { profile } = await profiler.post('Profiler.stop')
  await writeFile(join(values.profile, `hotpath-${name}.cpuprofile`), JSON.stringify(profile))
  profiler.disconnect()
  return result
}

/** One round: publish BUNDLES at the origin, receive them at a recipient; CPU ms per bundle each. */
async function endToEnd (round: number): Promise<{ publish: number, receive: number }> {
  const label = `hotpath-${round}`
  const stix = Array.from({ length: BUNDLES }, (_, n) => makeBundle(templates, label, n))
  const envelopes: Uint8Array[] = []
  const publish = await withStore('origin', async (store) => {
    const publisher = new Publisher({ identity: origin, wrapper: originWrapper, directory: new Directory({}, { self: members[0]!, members, groups }), store, groups: () => groups, now: Date.now }, { limits: DEFAULT_ENVELOPE_LIMITS })
    return await profiled('publish', round, async () => await perJob(BUNDLES, async (n) => {
      envelopes[n] = (await publisher.publishIntel(stix[n], BENCH_POLICY)).envelope.bytes
    }))
  })
  const receive = await withStore('receiver', async (store) => {
    const pipeline = new ReceivePipeline({ identity: receiver, wrapper: receiverWrapper, directory: new Directory({}, { self: members[1]!, members, groups }), store, groups: () => groups, now: Date.now }, { limits: DEFAULT_ENVELOPE_LIMITS })
    return await profiled('receive', round, async () => await perJob(BUNDLES, async (n) => {
      const outcome = await pipeline.receive(envelopes[n]!, { from: origin.memberKey })
      if (outcome.status !== 'stored') throw new Error(`bench hotpath: envelope not stored: ${JSON.stringify(outcome)}`)
    }))
  })
  return { publish, receive }
}

/** µs of CPU per call of `fn` over `count` inputs (after one warm-up pass). */
function microsPerCall (count: number, fn: (n: number) => void): number {
  for (let n = 0; n < Math.min(count, 200); n++) fn(n)
  const cpu = process.cpuUsage()
  for (let n = 0; n < count; n++) fn(n)
  return cpuMsSince(cpu) * 1000 / count
}

function pieces (round: number): Record<string, number> {
  const stix = Array.from({ length: BUNDLES }, (_, n) => new TextEncoder().encode(makeBundle(templates, `pieces-${round}`, n)))
  const recipients = parties.map((p, i) => ({ key: p.memberKey, seq: i + 1 }))
  const seal = (n: number): ReturnType<typeof sealEnvelope> => sealEnvelope({ identity: origin, wrapper: originWrapper, kind: 'INTEL', policy: BENCH_POLICY, recipients, content: stix[n]!, created: Date.now(), expires: 0 })
  const sealed = stix.map((_, n) => seal(n))
  return {
    parse_stix_us: microsPerCall(BUNDLES, n => { parseStixBundle(stix[n]!) }),
    seal_us: microsPerCall(BUNDLES, n => { seal(n) }),
    decode_verify_decrypt_us: microsPerCall(BUNDLES, n => {
      const decoded = decodeEnvelope(sealed[n]!.bytes)
      verifyEnvelope(decoded)
      decryptEnvelope(decoded, receiver, receiverWrapper)
    }),
    derive_indexes_us: microsPerCall(BUNDLES, n => { deriveIndexes(sealed[n]!, stix[n]!) }),
    audit_record_us: microsPerCall(BUNDLES, n => {
      nextAuditRecord({ type: 'receive', at: Date.now(), peer: origin.memberKey, id: sealed[n]!.id, detail: { origin: origin.memberKey, kind: 'INTEL' } }, AUDIT_START)
    })
  }
}

const rounds: Array<{ publish: number, receive: number, pieces: Record<string, number> }> = []
for (let round = 0; round < ROUNDS; round++) {
  const e2e = await endToEnd(round)
  rounds.push({ ...e2e, pieces: pieces(round) })
  process.stderr.write(`round ${round + 1}/${ROUNDS}: publish ${e2e.publish.toFixed(3)} ms, receive ${e2e.receive.toFixed(3)} ms CPU per bundle\n`)
}
const pieceNames = Object.keys(rounds[0]!.pieces)
console.log(JSON.stringify({
  node: process.version,
  bundles: BUNDLES,
  rounds: ROUNDS,
  in_flight: IN_FLIGHT,
  members: MEMBERS,
  publish_cpu_ms_per_bundle: round3(median(rounds.map(r => r.publish))),
  receive_cpu_ms_per_bundle: round3(median(rounds.map(r => r.receive))),
  pieces_cpu_us: Object.fromEntries(pieceNames.map(name => [name, Math.round(median(rounds.map(r => r.pieces[name]!)) * 10) / 10])),
  per_round: rounds.map(r => ({ publish: round3(r.publish), receive: round3(r.receive) }))
}, null, 2))
