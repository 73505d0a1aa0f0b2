// Baseline: how many bundles per second ONE process pushes through the
// receive pipeline alone (decode, verify, unwrap, decrypt, parse, index,
// synced store) — the real ReceivePipeline over the real LevelDB Store in a
// temp folder, with envelopes in flight concurrently so group commit works.
// Envelopes are sealed before the clock starts: sealing is the origin's work.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeyWrapper, NodeIdentity } from '../../src/crypto/index.js'
import { Directory, buildJurisdictionGroups, loadJurisdictionData } from '../../src/directory/index.js'
import { DEFAULT_ENVELOPE_LIMITS, sealEnvelope } from '../../src/envelope/index.js'
import { ReceivePipeline } from '../../src/replication/receive-pipeline.js'
import { Store } from '../../src/store/store.js'
import { BENCH_TLP, loadTemplates, makeBundle } from './bench-corpus.js'
import { nowMs, serve } from './bench-rpc.js'
import type { Member } from '../../src/directory/types.js'

const POLICY = { tlp: BENCH_TLP, allow: [], deny: [], groups: [], members: [], authorities: true, personalData: false }

function member (identity: NodeIdentity, index: number): Member {
  return { key: identity.memberKey, name: `pipeline-${index}`, jurisdiction: 'DE', roles: ['member'], groups: [], addresses: [], status: 'active', added: 0, updated: 0 }
}

serve({
  /** Seals `count` envelopes for `recipients` members, then times receiving all of them with `concurrency` in flight. */
  run: async (args: { count: number, concurrency: number, recipients: number }) => {
    const templates = loadTemplates()
    const parties = Array.from({ length: args.recipients }, () => NodeIdentity.generate())
    const [origin, self] = parties as [NodeIdentity, NodeIdentity]
    const originWrapper = new KeyWrapper({ identity: origin })
    const created = Date.now()
    const envelopes = Array.from({ length: args.count }, (_, n) => sealEnvelope({
      identity: origin,
      wrapper: originWrapper,
      kind: 'INTEL',
      policy: POLICY,
      recipients: parties.map(p => ({ key: p.memberKey, seq: n + 1 })),
      content: new TextEncoder().encode(makeBundle(templates, 'pipeline', n)),
      created,
      expires: 0
    }).bytes)
    const groups = buildJurisdictionGroups(await loadJurisdictionData(), {})
    const directory = new Directory({}, { self: member(self, 1), members: parties.map(member), groups })
    const dir = await mkdtemp(join(tmpdir(), 'intelmesh-bench-pipeline-'))
    const store = await Store.open(join(dir, 'db'))
    const pipeline = new ReceivePipeline({ identity: self, wrapper: new KeyWrapper({ identity: self }), directory, store, groups: () => groups, now: Date.now }, { limits: DEFAULT_ENVELOPE_LIMITS })
    const envelopeBytes = envelopes.reduce((n, e) => n + e.byteLength, 0) / envelopes.length
    let next = 0
    let storedCount = 0
    const worker = async (): Promise<void> => {
      while (next < envelopes.length) {
        const outcome = await pipeline.receive(envelopes[next++]!, { from: origin.memberKey })
        if (outcome.status !== 'stored') throw new Error(`bench pipeline: envelope not stored: ${JSON.stringify(outcome)}`)
        storedCount++
      }
    }
    const startedAt = nowMs()
    const cpuBefore = process.cpuUsage()
    await Promise.all(Array.from({ length: args.concurrency }, worker))
    const cpu = process.cpuUsage(cpuBefore)
    const seconds = (nowMs() - startedAt) / 1000
    await store.close()
    await rm(dir, { recursive: true, force: true })
    return { stored: storedCount, seconds, perSecond: storedCount / seconds, cpuMsPerBundle: (cpu.user + cpu.system) / 1000 / storedCount, envelopeBytes: Math.round(envelopeBytes) }
  },
  exit: async () => {
    setImmediate(() => process.exit(0))
    return {}
  }
})
