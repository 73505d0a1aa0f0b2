// Federation benchmark, against the limits of this machine measured in the
// same run. Every node is its own OS process on 127.0.0.1 (scripts/lib/bench-node.ts),
// publishing 2 KiB-class bundles made from the shared STIX corpus.
// Usage: npm run bench [-- --nodes 5 --bundles 10000 --quick --scale 4,8,16,32|none --rate 100 --catchup 20000 --profile DIR]
// (--profile DIR: CPU profiles of node 0 at saturation and at the offered rate, and of the catch-up node)
// Prints ONE JSON document on stdout; progress and a short table on stderr.
// The cost of growth apart from CPU contention (8–128 nodes in one process): npm run bench:scale.
import { execFileSync } from 'node:child_process'
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
import type { ScaleResult } from './lib/bench-report.js'

const { values } = parseArgs({
  options: {
    nodes: { type: 'string' },
    bundles: { type: 'string' },
    quick: { type: 'boolean', default: false },
    scale: { type: 'string' },
    profile: { type: 'string' },
    rate: { type: 'string' },
    catchup: { type: 'string' }
  }
})
const plan = benchPlan({ quick: values.quick, nodes: values.nodes, bundles: values.bundles, scale: values.scale, rate: values.rate, catchup: values.catchup })
const cores = availableParallelism()
const root = await mkdtemp(join(tmpdir(), 'intelmesh-bench-'))
const began = Date.now()
const say = (message: string): void => { process.stderr.write(`[bench +${((Date.now() - began) / 1000).toFixed(1)}s] ${message}\n`) }
const profile = values.profile == null ? undefined : resolve(values.profile)
const saturate = { kind: 'saturate', concurrency: plan.concurrency } as const
const loadBefore = loadavg()
const federation = new Cluster(join(root, 'federation'))
// The scale series runs on its own federation with fresh data, after the main
// phases: a member joining the main federation would first have to catch up on
// everything those phases stored (over 500,000 deliveries for 16 new members
// at 32), which measures catch-up, not how cost grows with the federation.
const scaling = new Cluster(join(root, 'scale'))

/**
 * How long a grown federation may take to connect and catch up before its
 * scale point counts as failed. Growing 16 → 32 took 285 s on 2 vCPUs: the 16
 * new members each fetch the ~1,500 bundles the series published so far.
 */
const SCALE_READY_TIMEOUT_MS = 600_000

/** Message size of the bulk libp2p baseline: large enough that per-message costs vanish, under its 64 KiB frame limit. */
const BULK_MESSAGE_BYTES = 60 * 1024

/** One point of the scale series: grow the scale federation to `nodes`, then every node publishes `perNode`. */
async function scalePoint (nodes: number, perNode: number): Promise<ScaleResult> {
  say(`scale: ${nodes} nodes × ${perNode} bundles each`)
  const grown = await scaling.grow(nodes, SCALE_READY_TIMEOUT_MS)
  say(`scale: ${nodes} nodes connected and caught up ${grown.converge_ms} ms after the introductions`)
  await runLoad(scaling, 'scale-warmup', nodes * 2, saturate)
  const result = await runLoad(scaling, `scale-${nodes}`, nodes * perNode, saturate)
  return logged(`scale ${nodes}`, { ...result, latencies: undefined, bundles_per_node: perNode, join_converge_ms: grown.converge_ms })
}

/** The commit measured (with "+dirty" for uncommitted changes), so a saved run names its code. */
function gitCommit (): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== ''
    return dirty ? `${head}+dirty` : head
  } catch {
    return 'unknown (not a git checkout)'
  }
}

/** Prints a phase's figures on stderr as soon as it ends, so a later failure loses nothing. */
function logged<T> (phase: string, result: T): T {
  say(`${phase}: ${JSON.stringify(result, (key, value: unknown) => key === 'latencies' ? undefined : value)}`)
  return result
}

try {
  const templates = loadTemplates()
  say(`${templates.length} corpus templates, mean ${meanTemplateBytes(templates)} B of STIX JSON`)
  say('baseline: bare libp2p, two processes')
  const libp2p = logged('libp2p', await libp2pBaseline(plan.libp2pMessages, 2048))
  // The same stack moving bytes in bulk: its CPU per byte is the least an envelope's transport can cost (bench-floor.ts).
  const libp2pBulk = logged('libp2p bulk', await libp2pBaseline(Math.ceil(plan.libp2pMessages / 16), BULK_MESSAGE_BYTES))
  say(`baseline: receive pipeline, one process (${plan.pipelineBundles} bundles)`)
  const pipeline = logged('pipeline', await pipelineBaseline(plan.pipelineBundles, 64, plan.nodes))

  say(`federation: ${plan.nodes} node processes`)
  await federation.grow(plan.nodes)
  await runLoad(federation, 'warmup', plan.warmupBundles, saturate)
  say(`federation: saturation, ${plan.bundles} bundles`)
  if (profile != null) await federation.members[0]!.rpc.call('profileStart')
  const saturation = logged('saturation', await runLoad(federation, 'saturation', plan.bundles, saturate))
  if (profile != null) {
    await mkdir(profile, { recursive: true })
    await federation.members[0]!.rpc.call('profileStop', { path: join(profile, 'node0-saturation.cpuprofile') })
  }
  say(`federation: ${plan.pacedRate} bundles/s offered, ${plan.pacedBundles} bundles`)
  if (profile != null) await federation.members[0]!.rpc.call('profileStart')
  const paced = logged('paced', await runLoad(federation, 'paced', plan.pacedBundles, { kind: 'paced', ratePerS: plan.pacedRate }))
  if (profile != null) await federation.members[0]!.rpc.call('profileStop', { path: join(profile, 'node0-paced.cpuprofile') })
  say(`federation: ${plan.middleRate} bundles/s offered, ${plan.middleBundles} bundles`)
  const middle = logged('middle', await runLoad(federation, 'middle', plan.middleBundles, { kind: 'paced', ratePerS: plan.middleRate }))
  say(`federation: ${plan.lightRate} bundles/s offered (no queueing: the latency of the path itself)`)
  const light = logged('light', await runLoad(federation, 'light', plan.lightBundles, { kind: 'paced', ratePerS: plan.lightRate }))
  say(`catch-up: one node offline for ${plan.catchupBundles} bundles`)
  const catchup = logged('catch-up', await catchUp(federation, plan.catchupBundles, plan.concurrency, profile == null ? undefined : join(profile, 'catchup.cpuprofile')))
  say(`no-op resync: node 0 stores ${plan.noopStored} more bundles, then restarts with nothing new`)
  const noop = logged('no-op resync', await noopResync(federation, plan.noopStored, plan.concurrency))
  const rssMb = logged('rss_mb', (await federation.stats()).map(s => s.rssMb))
  await federation.exit()

  const scale: ScaleResult[] = []
  let failedScale: { nodes: number, bundles_per_node: number, error: string, connected_peers_per_node: number[] } | undefined
  for (const point of plan.scale) {
    try {
      scale.push(await scalePoint(point.nodes, point.perNode))
    } catch (err) {
      // Reported in the JSON; a bigger federation would fail the same way.
      say(`scale: ${point.nodes} nodes failed: ${(err as Error).message.split('\n')[0] ?? ''}`)
      const connected = await Promise.all(scaling.members.map(async m => (await m.rpc.call<{ peers: { connected: number } }>('status').catch(() => ({ peers: { connected: -1 } }))).peers.connected))
      failedScale = { nodes: point.nodes, bundles_per_node: point.perNode, error: (err as Error).message.split('\n')[0] ?? '', connected_peers_per_node: connected }
      break
    }
  }
  await scaling.exit()

  const doc = report({
    plan, cores, libp2p, libp2pBulk, pipeline, saturation, paced, middle, light, catchup, noop, scale, failedScale, rssMb,
    machine: { commit: gitCommit(), cores, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadavg_before: loadBefore, loadavg_after: loadavg() },
    templates: { files: templates.length, mean_json_bytes: meanTemplateBytes(templates) },
    seconds: Math.round((Date.now() - began) / 1000)
  })
  process.stderr.write(table(doc))
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`)
} finally {
  await federation.exit().catch(() => {})
  await scaling.exit().catch(() => {})
  await rm(root, { recursive: true, force: true })
}
