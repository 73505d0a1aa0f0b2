// Sizes of every benchmark phase: the full run, and --quick (under a minute).

/** One point of the scale series: federation size and bundles each node publishes. */
export interface ScalePoint { nodes: number, perNode: number }

/** Everything the benchmark will run. */
export interface BenchPlan {
  quick: boolean
  nodes: number
  /** Bundles of the saturation phase, over all publishers. */
  bundles: number
  warmupBundles: number
  /** Publications in flight per node at saturation (closed loop). */
  concurrency: number
  pacedRate: number
  pacedBundles: number
  /** A middle offered load (issue 14 asks for p99 at 50/s beside 100/s). */
  middleRate: number
  middleBundles: number
  /** A light offered load, to separate the path's own latency from queueing. */
  lightRate: number
  lightBundles: number
  catchupBundles: number
  /** Bundles the no-op resync node publishes for itself alone, on top of what the earlier phases stored. */
  noopStored: number
  libp2pMessages: number
  pipelineBundles: number
  scale: ScalePoint[]
}

/** Bundles per node of the scale series; the 32-node point runs fewer (its deliveries grow with n²). */
const SCALE_PER_NODE = 50
const SCALE_PER_NODE_32 = 16
const QUICK_SCALE_PER_NODE = 15

/** The plan for the given command-line options. */
export function benchPlan (options: { quick: boolean, nodes?: string, bundles?: string, scale?: string, rate?: string, catchup?: string }): BenchPlan {
  const quick = options.quick
  const nodes = positive(options.nodes, 5, '--nodes')
  // --scale none: skip the scale series (e.g. a profiling run)
  const sizes = options.scale === 'none'
    ? []
    : options.scale != null
      ? options.scale.split(',').map(s => positive(s, 0, '--scale'))
      : quick ? [4, 8] : [4, 8, 16, 32]
  return {
    quick,
    nodes,
    bundles: positive(options.bundles, quick ? 400 : 10_000, '--bundles'),
    warmupBundles: quick ? 50 : 500,
    concurrency: 16,
    // --rate R: the offered load of the latency phase (the target is stated at 100)
    pacedRate: positive(options.rate, 100, '--rate'),
    pacedBundles: quick ? 200 : 1500,
    middleRate: 50,
    middleBundles: quick ? 100 : 750,
    lightRate: 10,
    lightBundles: quick ? 20 : 100,
    // --catchup N: bundles the returning node catches up on (e.g. a longer catch-up profile with --quick)
    catchupBundles: positive(options.catchup, quick ? 600 : 20_000, '--catchup'),
    noopStored: quick ? 1000 : 100_000,
    libp2pMessages: quick ? 5000 : 50_000,
    pipelineBundles: quick ? 600 : 5000,
    scale: sizes.map(n => ({ nodes: n, perNode: quick ? QUICK_SCALE_PER_NODE : n >= 32 ? SCALE_PER_NODE_32 : SCALE_PER_NODE }))
  }
}

function positive (raw: string | undefined, fallback: number, flag: string): number {
  if (raw == null) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer, not "${raw}"`)
  return value
}
