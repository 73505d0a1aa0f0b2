// A receiving node's pipeline, alone, for the baselines: envelopes sealed for
// `recipients` members (sealing is the origin's work, done before any clock
// starts) and the real ReceivePipeline over the real LevelDB Store in a temp folder.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeyWrapper, NodeIdentity } from '../../src/crypto/index.js'
import { Directory, buildJurisdictionGroups, loadJurisdictionData } from '../../src/directory/index.js'
import { DEFAULT_ENVELOPE_LIMITS, sealEnvelope } from '../../src/envelope/index.js'
import { ReceivePipeline } from '../../src/replication/receive-pipeline.js'
import { Store } from '../../src/store/store.js'
import { BENCH_POLICY, loadTemplates, makeBundle } from './bench-corpus.js'
import type { Member } from '../../src/directory/types.js'
import type { StoreInit } from '../../src/store/store.js'

/** The sealed envelopes, the pipeline that receives them, and how to clean up. */
export interface BenchReceiver {
  envelopes: Uint8Array[]
  /** Mean envelope size in bytes. */
  envelopeBytes: number
  pipeline: ReceivePipeline
  store: Store
  /** Member key of the origin (the sender of every envelope). */
  origin: string
  close: () => Promise<void>
}

/** A directory entry for a benchmark party. */
export function benchMember (identity: NodeIdentity, index: number): Member {
  return { key: identity.memberKey, name: `bench-${index}`, jurisdiction: 'DE', roles: ['member'], groups: [], addresses: [], status: 'active', added: 0, updated: 0 }
}

/** Seals `count` corpus bundles from one member to `recipients` members and opens the second one's pipeline. */
export async function benchReceiver (count: number, recipients: number, label: string, storeInit: StoreInit = {}): Promise<BenchReceiver> {
  const templates = loadTemplates()
  const parties = Array.from({ length: recipients }, () => NodeIdentity.generate())
  const [origin, self] = parties as [NodeIdentity, NodeIdentity]
  const originWrapper = new KeyWrapper({ identity: origin })
  const created = Date.now()
  const envelopes = Array.from({ length: count }, (_, n) => sealEnvelope({
    identity: origin,
    wrapper: originWrapper,
    kind: 'INTEL',
    policy: BENCH_POLICY,
    recipients: parties.map(p => ({ key: p.memberKey, seq: n + 1 })),
    content: new TextEncoder().encode(makeBundle(templates, label, n)),
    created,
    expires: 0
  }).bytes)
  const groups = buildJurisdictionGroups(await loadJurisdictionData(), {})
  const directory = new Directory({}, { self: benchMember(self, 1), members: parties.map(benchMember), groups })
  const dir = await mkdtemp(join(tmpdir(), `intelmesh-bench-${label}-`))
  const store = await Store.open(join(dir, 'db'), storeInit)
  const pipeline = new ReceivePipeline({ identity: self, wrapper: new KeyWrapper({ identity: self }), directory, store, groups: () => groups, now: Date.now }, { limits: DEFAULT_ENVELOPE_LIMITS })
  return {
    envelopes,
    envelopeBytes: envelopes.reduce((n, e) => n + e.byteLength, 0) / envelopes.length,
    pipeline,
    store,
    origin: origin.memberKey,
    close: async () => {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
