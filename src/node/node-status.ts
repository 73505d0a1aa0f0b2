import { NODE_VERSION } from './constants.js'
import type { NodeConfig } from '../config/types.js'
import type { Directory } from '../directory/directory.js'
import type { Network } from '../network/index.js'
import type { Store } from '../store/store.js'
import type { OutcomeHandler } from './outcome-handler.js'
import type { NodeStatus } from './types.js'

/** What `nodeStatus` reads: the node's parts, narrowed to the calls it makes. */
export interface StatusSources {
  config: Pick<NodeConfig, 'name' | 'jurisdiction' | 'roles'>
  memberKey: string
  store: Pick<Store, 'stats' | 'gaps' | 'logId'>
  directory: Pick<Directory, 'list'>
  network: Pick<Network, 'listenAddresses' | 'connectedPeers'>
  outcomes: Pick<OutcomeHandler, 'rejectCounts'>
  /** When the node started (ms since epoch); 0 while it has not. */
  startedAt: number
  now: () => number
}

/** Assembles the node's status from its parts; reads only, changes nothing. */
export async function nodeStatus (sources: StatusSources): Promise<NodeStatus> {
  const { config, memberKey, store, directory, network, outcomes, startedAt, now } = sources
  const stats = await store.stats()
  const members = directory.list()
  const gaps = await store.gaps()
  return {
    memberKey,
    name: config.name,
    jurisdiction: config.jurisdiction,
    roles: config.roles,
    version: NODE_VERSION,
    uptimeMs: startedAt === 0 ? 0 : now() - startedAt,
    listen: network.listenAddresses(),
    logId: store.logId,
    logHead: stats.logHead,
    peers: {
      // The directory lists this node too: it is not its own peer.
      directory: members.length - 1,
      active: members.filter(m => m.key !== memberKey && m.status === 'active').length,
      connected: network.connectedPeers().length
    },
    bundles: { stored: stats.bundles, retracted: stats.retracted, tombstones: stats.tombstones },
    gaps: gaps.map(g => ({ origin: g.origin, missing: g.missing })),
    rejects: outcomes.rejectCounts()
  }
}
