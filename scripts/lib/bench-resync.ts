// Catch-up and no-op resync: a node goes offline, the federation moves on
// (or not), and the node comes back on the same data folder.
import { runLoad, round } from './bench-load.js'
import type { BenchMember, Cluster, NodeStats } from './bench-cluster.js'

/** Restart timings reported by a node process. */
interface Restart { beginAt: number, startedAt: number, connectedAt: number, caughtUp: boolean, caughtUpAt: number, addresses: string[] }

/**
 * The last member of `cluster` stops; the others publish `bundles` (every
 * one to every member); it starts again and fetches them from all its peers
 * at once, each of which announces all of them. Measured from its start()
 * returning (listening, dialling) to the last missing bundle stored.
 */
export async function catchUp (cluster: Cluster, bundles: number, concurrency: number, profilePath?: string): Promise<{ bundles: number, peers: number, seconds: number, bundles_per_s: number, connect_ms: number }> {
  const offline = cluster.members[cluster.members.length - 1]!
  const online = cluster.subset(cluster.members.slice(0, -1))
  const before = await offline.rpc.call<{ stored: number }>('stats')
  await offline.rpc.call('stop')
  await runLoad(online, 'catchup', bundles, { kind: 'saturate', concurrency })
  const stored = offline.rpc.call<{ at: number }>('waitStored', { count: before.stored + bundles, timeoutMs: Math.max(600_000, bundles * 20) })
  if (profilePath != null) await offline.rpc.call('profileStart')
  const restart = await offline.rpc.call<Restart>('restartTimed', { peers: online.members.length, timeoutMs: 1 })
  offline.addresses = restart.addresses
  const { at } = await stored
  if (profilePath != null) await offline.rpc.call('profileStop', { path: profilePath })
  await cluster.caughtUp()
  await cluster.forget()
  const seconds = (at - restart.startedAt) / 1000
  return { bundles, peers: online.members.length, seconds: round(seconds, 2), bundles_per_s: Math.round(bundles / seconds), connect_ms: round(restart.connectedAt - restart.startedAt, 1) }
}

/**
 * The first member of `cluster` publishes `extra` bundles only it may
 * receive (the policy allows only its jurisdiction): the fastest honest way
 * to give a node a large store, while its peers' feeds of it still read to
 * the end of that log. It stops and starts again with nothing new on either
 * side. Measured from every peer connected to every feed reporting caught
 * up; the connecting (from start() returning) is reported beside it.
 */
export async function noopResync (cluster: Cluster, extra: number, concurrency: number): Promise<{ ms: number, connect_ms: number, total_ms: number, stored: number, peers: number, restart_ms: number }> {
  const resyncer = cluster.members[0] as BenchMember
  const others = cluster.members.slice(1)
  await resyncer.rpc.call('publish', { label: 'noop-own', from: 0, count: extra, concurrency, allow: [resyncer.jurisdiction] })
  const head = (await resyncer.rpc.call<NodeStats>('stats')).stored
  // Every peer's feed of the resyncer must have reached the end of its log (it announces none of it).
  for (const peer of others) {
    while (((await peer.rpc.call<NodeStats>('stats')).progress?.find(p => p.peer === resyncer.key)?.checkpoint ?? 0) < head) {
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }
  await cluster.caughtUp()
  await cluster.forget()
  await resyncer.rpc.call('stop')
  const restart = await resyncer.rpc.call<Restart>('restartTimed', { peers: others.length, timeoutMs: 60_000 })
  if (!restart.caughtUp) throw new Error('bench: no-op resync did not catch up in 60 s')
  resyncer.addresses = restart.addresses
  await cluster.caughtUp()
  return {
    // The resync itself: from every peer connected to every feed caught up.
    ms: round(restart.caughtUpAt - restart.connectedAt, 1),
    // start() returned -> TCP, Noise and Yamux up with every peer.
    connect_ms: round(restart.connectedAt - restart.startedAt, 1),
    total_ms: round(restart.caughtUpAt - restart.startedAt, 1),
    stored: head,
    peers: others.length,
    restart_ms: round(restart.startedAt - restart.beginAt, 1)
  }
}
