// The cost of growth, measured apart from CPU contention between processes:
// federations of 8 to 128 real IntelmeshNode instances in ONE process, on real
// libp2p over 127.0.0.1, each running the same workloads (a fixed number of
// publications to every member, and to a fixed number of named members), and
// the protocol messages, bytes and CPU per delivery and per publication at
// every size, as ratios to the smallest size. Full mesh and bounded mesh
// (`replication.meshDegree`).
// Usage: npm run bench:scale [-- --sizes 8,32,64,128 --bundles 64 --mesh 0,8 --store memory|level --join-batch 8 --quick]
// Prints ONE JSON document on stdout; progress on stderr.
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { loadTemplates } from './lib/bench-corpus.js'
import { installMeter } from './lib/bench-scale-meter.js'
import { measureSize, ratios } from './lib/bench-scale-size.js'
import type { ScaleStoreKind } from './lib/bench-scale-federation.js'
import type { SizeResult } from './lib/bench-scale-size.js'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    bundles: { type: 'string' },
    publishers: { type: 'string' },
    named: { type: 'string' },
    mesh: { type: 'string' },
    store: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'form-timeout': { type: 'string' },
    'join-batch': { type: 'string' }
  }
})
const quick = values.quick
const sizes = (values.sizes ?? (quick ? '8,32' : '8,32,64,128')).split(',').map(Number)
const bundles = Number(values.bundles ?? (quick ? 16 : 64))
const publishers = Number(values.publishers ?? 8)
const named = Number(values.named ?? 7)
const degrees = (values.mesh ?? '0,8').split(',').map(Number)
const store = (values.store ?? 'memory') as ScaleStoreKind
const formTimeoutS = values['form-timeout'] == null ? undefined : Number(values['form-timeout'])
// Members that join the growing federation at once (ScaleFederation.start).
const joinBatch = Number(values['join-batch'] ?? 8)
if (sizes.some(s => !Number.isInteger(s) || s < 2) || !Number.isInteger(bundles) || bundles < 1 || degrees.some(d => !Number.isInteger(d) || d < 0) || !['memory', 'level'].includes(store) || !Number.isInteger(joinBatch) || joinBatch < 1) {
  throw new Error('bench-scale: --sizes are integers ≥ 2, --bundles a positive integer, --mesh degrees ≥ 0 (0 = full mesh), --store memory|level, --join-batch ≥ 1')
}

const began = Date.now()
const say = (message: string): void => { process.stderr.write(`[bench-scale +${((Date.now() - began) / 1000).toFixed(1)}s] ${message}\n`) }
const root = await mkdtemp(join(tmpdir(), 'intelmesh-bench-scale-'))
const loadBefore = loadavg()
installMeter()
try {
  const templates = loadTemplates()
  const modes: Array<{ mesh: string, mesh_degree: number, sizes: SizeResult[], ratios_last_to_first: Record<string, number | null> }> = []
  for (const degree of degrees) {
    const results: SizeResult[] = []
    for (const size of sizes) {
      const mesh = degree === 0 ? 'full mesh' : `bounded mesh D=${degree}`
      say(`${mesh}, ${size} members: creating`)
      const result = await measureSize({ size, degree, store, templates, root: join(root, `d${degree}-n${size}`), bundles, publishers, named, say, formTimeoutMs: formTimeoutS == null ? undefined : formTimeoutS * 1000, joinBatch })
      say(`${mesh}, ${size} members: ${JSON.stringify(result, (key, value: unknown) => key === 'counts' ? undefined : value)}`)
      results.push(result)
    }
    modes.push({ mesh: degree === 0 ? 'full' : 'bounded', mesh_degree: degree, sizes: results, ratios_last_to_first: ratios(results) })
  }
  const doc = {
    benchmark: 'scale (in-process)',
    command: `npm run bench:scale -- ${process.argv.slice(2).join(' ')}`.trim(),
    settings: { sizes, bundles_per_workload: bundles, publishers, named_others: named, store, mesh_degrees: degrees, join_batch: joinBatch },
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadavg_before: loadBefore, loadavg_after: loadavg() },
    modes,
    seconds: Math.round((Date.now() - began) / 1000)
  }
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`)
} finally {
  await rm(root, { recursive: true, force: true })
}
// Timers of 128 stopped libp2p nodes can keep the loop alive for a while; the document is out.
process.exit(0)
