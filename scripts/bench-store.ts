// Store benchmark: `npm run bench:store -- --bundles 100000`. Prints one JSON document:
// synced accepts per second (sequential, and concurrent through group commit),
// observable search latency over the stored bundles, and disk bytes per bundle.
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Store } from '../src/store/store.js'
import type { AcceptInput } from '../src/store/types.js'

const { values } = parseArgs({
  options: {
    bundles: { type: 'string', default: '100000' },
    sequential: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '64' },
    lookups: { type: 'string', default: '10000' },
    dir: { type: 'string' }
  }
})
const BUNDLES = Number(values.bundles)
const SEQUENTIAL = Number(values.sequential)
const CONCURRENCY = Number(values.concurrency)
const LOOKUPS = Number(values.lookups)
const ORIGIN = '12D3KooWAHoEkEqnKzM5PXFygh2movVBCSX3k8tDsT2cneU68Gyt'
const ENVELOPE_BYTES = 2048
const POLICY = { tlp: 'GREEN' as const, allow: [], deny: [], groups: [], members: [], authorities: false, personalData: false }

/** The five observable values of synthetic bundle n. */
function values5 (n: number): string[] {
  const ip = `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
  return [ip, `host${n}.bench.example`, `http://host${n}.bench.example/p/${n}`, `x${n}@bench.example`,
    (n.toString(16).padStart(8, '0')).repeat(8)]
}

/** Synthetic bundle n: ~2 KiB incompressible envelope (like ciphertext), 5 observables, 2 objects. */
function input (n: number): AcceptInput {
  const id = randomBytes(32).toString('hex')
  const envelope = randomBytes(ENVELOPE_BYTES)
  const objects = [{ id: `indicator--${id.slice(0, 8)}-0000-4000-8000-${id.slice(8, 20)}`, type: 'indicator' },
    { id: `observed-data--${id.slice(20, 28)}-0000-4000-8000-${id.slice(28, 40)}`, type: 'observed-data' }]
  const created = 1_700_000_000_000 + n * 1000
  return {
    id,
    envelope,
    record: {
      id, origin: ORIGIN, kind: 'INTEL', created, expires: 0, tlp: 'GREEN', policy: POLICY, recipients: [ORIGIN], receivedAt: created,
      from: ORIGIN, size: envelope.byteLength, types: ['indicator', 'observed-data'], objects, seqs: { [ORIGIN]: n + 1 }
    },
    observables: values5(n).map((value, i) => ({ value, objectId: (objects[i % 2] as { id: string }).id })),
    audit: { type: 'publish', at: created, peer: ORIGIN }
  }
}

async function timed (run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint()
  await run()
  return Number(process.hrtime.bigint() - start) / 1e9
}

async function loadConcurrently (store: Store, from: number, count: number): Promise<number> {
  let next = from
  const worker = async (): Promise<void> => { while (next < from + count) await store.accept(input(next++)) }
  return await timed(async () => { await Promise.all(Array.from({ length: CONCURRENCY }, worker)) })
}

async function loadSequentially (store: Store, from: number, count: number): Promise<number> {
  return await timed(async () => { for (let n = from; n < from + count; n++) await store.accept(input(n)) })
}

function percentiles (samples: number[]): { p50: number, p99: number, max: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0)
  return { p50: at(0.5), p99: at(0.99), max: at(1) }
}

async function searchLatency (store: Store, stored: number, hit: boolean): Promise<{ p50: number, p99: number, max: number }> {
  const samples: number[] = []
  for (let i = 0; i < LOOKUPS; i++) {
    const n = Math.floor(Math.random() * stored)
    const value = hit ? values5(n)[i % 5] as string : `missing${n}.bench.example`
    const start = process.hrtime.bigint()
    const hits = await store.findByValue(value)
    samples.push(Number(process.hrtime.bigint() - start) / 1000)
    if (hit && hits.length === 0) throw new Error(`bench: value of bundle ${n} not found`)
  }
  return percentiles(samples)
}

async function diskUsage (dir: string): Promise<{ allocated: number, apparent: number }> {
  let allocated = 0
  let apparent = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const s = await stat(join(entry.parentPath, entry.name))
    allocated += s.blocks * 512
    apparent += s.size
  }
  return { allocated, apparent }
}

const base = values.dir ?? await mkdtemp(join(tmpdir(), 'intelmesh-bench-'))
const dbPath = join(base, 'db')
let store = await Store.open(dbPath)
const loadSeconds = await loadConcurrently(store, 0, BUNDLES)
const sequentialSeconds = await loadSequentially(store, BUNDLES, SEQUENTIAL)
const stored = BUNDLES + SEQUENTIAL
await store.close()
store = await Store.open(dbPath)
const hitLatency = await searchLatency(store, stored, true)
const missLatency = await searchLatency(store, stored, false)
const checkSeconds = await timed(async () => { const r = await store.check(); if (!r.ok) throw new Error(r.problems.join('\n')) })
await store.close()
const disk = await diskUsage(dbPath)

const noSyncStore = await Store.open(join(base, 'nosync'), { sync: false })
const noSyncSeconds = await loadSequentially(noSyncStore, 0, SEQUENTIAL)
await noSyncStore.close()
if (values.dir === undefined) await rm(base, { recursive: true, force: true })

const perSecond = (count: number, seconds: number): number => Math.round(count / seconds)
process.stdout.write(JSON.stringify({
  bundles: stored,
  envelopeBytes: ENVELOPE_BYTES,
  observablesPerBundle: 5,
  cpus: cpus().length,
  node: process.version,
  acceptsPerSecond: {
    sequentialSync: perSecond(SEQUENTIAL, sequentialSeconds),
    concurrentSyncGroupCommit: perSecond(BUNDLES, loadSeconds),
    concurrency: CONCURRENCY,
    sequentialNoSync: perSecond(SEQUENTIAL, noSyncSeconds)
  },
  findByValueMicros: { hit: hitLatency, miss: missLatency, lookups: LOOKUPS },
  diskBytesPerBundle: { allocated: Math.round(disk.allocated / stored), apparent: Math.round(disk.apparent / stored) },
  integrityCheckSeconds: Number(checkSeconds.toFixed(2))
}, null, 2) + '\n')
