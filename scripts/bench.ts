// Federation benchmark, against the limits of this machine measured in the
// same run. Every node is its own OS process on 127.0.0.1 (scripts/lib/bench-node.ts),
// publishing 2 KiB-class bundles made from the shared STIX corpus.
// Usage: npm run bench [-- --nodes 5 --bundles 10000 --quick --scale 4,8,16,32|none --profile DIR]
// Prints ONE JSON document on stdout; progress and a short table on stderr.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { libp2pBaseline, pipelineBaseline } from './lib/bench-baselines.js'
import { Cluster } from './lib/bench-cluster.js'
import { loadTemplates, meanTemplateBytes } from './lib/bench-corpus.js'
import { runLoad } from './lib/bench-load.js'
import { benchPlan } from './lib/bench-plan.js'
import { report, table } from './lib/bench-report.js'
import { catchUp, noopResync } from './lib/bench-resync.js'
import type { LoadResult } from './lib/bench-load.js'

const { values } = parseArgs({
  options: {
    nodes: { type: 'string' },
    bundles: { type: 'string' },
    quick: { type: 'boolean', default: false },
    scale: { type: 'string' },
    profile: { type: 'string' }
  }
})
const plan = benchPlan({ quick: values.quick, nodes: values.nodes, bundles: values.bundles, scale: values.scale })
const cores = availableParallelism()
const root = await mkdtemp(join(tmpdir(), 'intelmesh-bench-'))
const began = Date.now()
const say = (message: string): void => { process.stderr.write(`[bench +${((Date.now() - began) / 1000).toFixed(1)}s] ${message}\n`) }
const loadBefore = loadavg()

try {
  const templates = loadTemplates()
  say(`${templates.length} corpus templates, mean ${meanTemplateBytes(templates)} B of STIX JSON`)
  say('baseline: bare libp2p, two processes')
  const libp2p = await libp2pBaseline(plan.libp2pMessages, 2048)
  say(`baseline: receive pipeline, one process (${plan.pipelineBundles} bundles)`)
  const pipeline = await pipelineBaseline(plan.pipelineBundles, 64, plan.nodes)

  say(`federation: starting ${plan.nodes} node processes`)
  const federation = await Cluster.start(plan.nodes, join(root, 'federation'))
  await runLoad(federation, 'warmup', plan.warmupBundles, { kind: 'saturate', concurrency: plan.concurrency })
  say(`federation: saturation, ${plan.bundles} bundles`)
  // --profile DIR: node 0 records a V8 CPU profile of the saturation phase.
  const profiled = federation.members[0]!.rpc
  if (values.profile != null) await profiled.call('profileStart')
  const saturation = await runLoad(federation, 'saturation', plan.bundles, { kind: 'saturate', concurrency: plan.concurrency })
  if (values.profile != null) {
    await mkdir(values.profile, { recursive: true })
    say(`profile: ${(await profiled.call<{ path: string }>('profileStop', { path: resolve(values.profile, 'node0-saturation.cpuprofile') })).path}`)
  }
  say(`federation: ${plan.pacedRate} bundles/s offered, ${plan.pacedBundles} bundles`)
  const paced = await runLoad(federation, 'paced', plan.pacedBundles, { kind: 'paced', ratePerS: plan.pacedRate })
  say(`catch-up: one node offline for ${plan.catchupBundles} bundles`)
  const catchup = await catchUp(federation, plan.catchupBundles, plan.concurrency, values.profile == null ? undefined : resolve(values.profile, 'catchup.cpuprofile'))
  const endStats = await federation.stats()
  await federation.exit()

  say(`no-op resync: two nodes, ${plan.noopStored} bundles stored`)
  const pair = await Cluster.start(2, join(root, 'noop'))
  const noop = await noopResync(pair, plan.noopStored, plan.concurrency)
  await pair.exit()

  const scale: Array<LoadResult & { bundles_per_node: number }> = []
  for (const point of plan.scale) {
    say(`scale: ${point.nodes} nodes × ${point.perNode} bundles each`)
    const cluster = await Cluster.start(point.nodes, join(root, `scale-${point.nodes}`))
    await runLoad(cluster, 'warmup', point.nodes * 5, { kind: 'saturate', concurrency: plan.concurrency })
    const result = await runLoad(cluster, 'scale', point.nodes * point.perNode, { kind: 'saturate', concurrency: plan.concurrency })
    await cluster.exit()
    scale.push({ ...result, bundles_per_node: point.perNode })
  }

  const doc = report({
    plan, cores, libp2p, pipeline, saturation, paced, catchup, noop, scale,
    rssMb: endStats.map(s => s.rssMb),
    machine: { cores, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadavg_before: loadBefore, loadavg_after: loadavg() },
    templates: { files: templates.length, mean_json_bytes: meanTemplateBytes(templates) },
    seconds: Math.round((Date.now() - began) / 1000)
  })
  process.stderr.write(table(doc))
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`)
} finally {
  await rm(root, { recursive: true, force: true })
}
