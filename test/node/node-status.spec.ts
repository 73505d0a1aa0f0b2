import { expect } from 'chai'
import { NODE_VERSION } from '../../src/node/constants.js'
import { nodeStatus } from '../../src/node/node-status.js'
import type { Member, MemberStatus } from '../../src/directory/types.js'
import type { StatusSources } from '../../src/node/node-status.js'

const SELF = '12D3KooWSelf'

function member (key: string, status: MemberStatus = 'active'): Member {
  return { key, name: `${key} CERT`, jurisdiction: 'DK', roles: ['member'], groups: [], addresses: [], status, added: 1, updated: 1 }
}

/** Plain values standing in for the node's parts: `nodeStatus` only reads them. */
function sources (overrides: Partial<StatusSources> = {}): StatusSources {
  return {
    config: { name: 'dk CERT', jurisdiction: 'DK', roles: ['member'] },
    memberKey: SELF,
    store: {
      logId: 'log-1',
      stats: async () => ({ bundles: 7, retracted: 2, purged: 1, tombstones: 3, bytes: 900, logHead: 12, auditHead: 30, byKind: { INTEL: 6, RETRACTION: 1 } }),
      gaps: async () => [{ origin: 'origin-a', missing: [3, 4], truncated: true }]
    },
    directory: { list: () => [member(SELF), member('a'), member('b', 'suspended'), member('c')] },
    network: { listenAddresses: () => ['/ip4/127.0.0.1/tcp/4001'], connectedPeers: () => ['a'] },
    outcomes: { rejectCounts: () => ({ BAD_SIGNATURE: 2 }) },
    startedAt: 1_000,
    now: () => 4_500,
    ...overrides
  }
}

describe('node - status', () => {
  it('reports identity, log, peers, bundles, gaps and rejects from the parts', async () => {
    expect(await nodeStatus(sources())).to.deep.equal({
      memberKey: SELF,
      name: 'dk CERT',
      jurisdiction: 'DK',
      roles: ['member'],
      version: NODE_VERSION,
      uptimeMs: 3_500,
      listen: ['/ip4/127.0.0.1/tcp/4001'],
      logId: 'log-1',
      logHead: 12,
      // Self is in the directory but is not a peer; a suspended member is listed but not active.
      peers: { directory: 3, active: 2, connected: 1 },
      bundles: { stored: 7, retracted: 2, tombstones: 3 },
      gaps: [{ origin: 'origin-a', missing: [3, 4] }],
      rejects: { BAD_SIGNATURE: 2 }
    })
  })

  it('reports zero uptime before the node has started', async () => {
    expect((await nodeStatus(sources({ startedAt: 0 }))).uptimeMs).to.equal(0)
  })
})
