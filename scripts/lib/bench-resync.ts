// Catch-up and no-op resync: a node goes offline, the federation moves on
// (or not), and the node comes back on the same data folder.
import { runLoad, round } from './bench-load.js'
import type { BenchMember, Cluster } from './bench-cluster.js'

/** Restart timings reported by a node process. */
interface Restart { beginAt: number, startedAt: number, connectedAt: number, caughtUp: boolean, caughtUpAt: number }

/**
 * The last member of `cluster` stops; the others publish `bundles`; it starts
 * again and fetches them from every peer at once. Measured from its start()
 * returning (listening, dialling) to the last missing bundle stored.
 */
export async function catchUp (cluster: Cluster, bundles: number, concurrency: number, profilePath?: string): Promise<{ bundles: number, seconds: number, bundles_per_s: number, connect_ms: number }> {
  const offline = cluster.members[cluster.members.length - 1]!
  const online = cluster.subset(cluster.members.slice(0, -1))
  const before = await offline.rpc.call<{ stored: number }>('stats')
  await offline.rpc.call('stop')
  await runLoad(online, 'catchup', bundles, { kind: 'saturate', concurrency })
  const stored = offline.rpc.call<{ at: number }>('waitStored', { count: before.stored + bundles, timeoutMs: Math.max(300_000, bundles * 20) })
  if (profilePath != null) await offline.rpc.call('profileStart')
  const restart = await offline.rpc.call<Restart>('restartTimed', { peers: online.members.length, timeoutMs: 1 })
  const { at } = await stored
  if (profilePath != null) await offline.rpc.call('profileStop', { path: profilePath })
  await cluster.forget()
  const seconds = (at - restart.startedAt) / 1000
  return { bundles, seconds: round(seconds, 2), bundles_per_s: Math.round(bundles / seconds), connect_ms: round(restart.connectedAt - restart.startedAt, 1) }
}

/**
 * Two members; one publishes `stored` bundles to the other, which then stops
 * and starts again with nothing new to fetch. Measured from its start()
 * returning to every feed reporting caught up (the connect time included).
 */
export async function noopResync (pair: Cluster, stored: number, concurrency: number): Promise<{ ms: number, connect_ms: number, stored: number, restart_ms: number }> {
  const resyncer = pair.members[1] as BenchMember
  // Both publish half; each ends up storing all `stored` bundles.
  await runLoad(pair, 'noop', stored, { kind: 'saturate', concurrency })
  await pair.caughtUp()
  await resyncer.rpc.call('stop')
  const restart = await resyncer.rpc.call<Restart>('restartTimed', { peers: 1, timeoutMs: 60_000 })
  if (!restart.caughtUp) throw new Error('bench: no-op resync did not catch up in 60 s')
  return {
    ms: round(restart.caughtUpAt - restart.startedAt, 1),
    connect_ms: round(restart.connectedAt - restart.startedAt, 1),
    stored: stored,
    restart_ms: round(restart.startedAt - restart.beginAt, 1)
  }
}
