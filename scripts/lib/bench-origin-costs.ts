// The origin's side of a delivery, alone in one process, for the floor of a
// delivery's cost (bench-floor.ts): the real Publisher over the real LevelDB
// Store (parse and validate the STIX, seal for every recipient, one synced
// group commit), and a delivery receipt signed by a recipient and checked by
// the origin (the Ed25519 pair every delivery carries).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeyWrapper, NodeIdentity } from '../../src/crypto/index.js'
import { Directory, buildJurisdictionGroups, loadJurisdictionData } from '../../src/directory/index.js'
import { DEFAULT_ENVELOPE_LIMITS } from '../../src/envelope/index.js'
import { Publisher } from '../../src/node/publisher.js'
import { signReceipt, verifyReceipt } from '../../src/replication/receipt.js'
import { Store } from '../../src/store/store.js'
import { BENCH_POLICY, loadTemplates, makeBundle } from './bench-corpus.js'
import { benchMember } from './bench-receiver.js'
import { cpuMsSince } from './machine-cpu.js'

/** CPU ms per publication: `count` corpus bundles published to `members` − 1 recipients, `concurrency` in flight. */
export async function publishCpuMs (count: number, members: number, concurrency: number, label: string): Promise<number> {
  const templates = loadTemplates()
  const parties = Array.from({ length: members }, () => NodeIdentity.generate())
  const groups = buildJurisdictionGroups(await loadJurisdictionData(), {})
  const entries = parties.map(benchMember)
  const dir = await mkdtemp(join(tmpdir(), `intelmesh-bench-${label}-`))
  const store = await Store.open(join(dir, 'db'))
  try {
    const publisher = new Publisher({ identity: parties[0]!, wrapper: new KeyWrapper({ identity: parties[0]! }), directory: new Directory({}, { self: entries[0]!, members: entries, groups }), store, groups: () => groups, now: Date.now }, { limits: DEFAULT_ENVELOPE_LIMITS })
    const stix = Array.from({ length: count }, (_, n) => makeBundle(templates, label, n))
    let next = 0
    const cpu = process.cpuUsage()
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) await publisher.publishIntel(stix[next++], BENCH_POLICY)
    }))
    return cpuMsSince(cpu) / count
  } finally {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** CPU ms to sign one delivery receipt (recipient) and verify it (origin), over `count` receipts. */
export function receiptCpuMs (count: number): number {
  const recipient = NodeIdentity.generate()
  const ids = Array.from({ length: count }, (_, n) => n.toString(16).padStart(64, '0'))
  const cpu = process.cpuUsage()
  for (const id of ids) {
    if (!verifyReceipt(signReceipt(recipient, id, Date.now()), recipient.memberKey)) throw new Error('bench: a receipt did not verify')
  }
  return cpuMsSince(cpu) / count
}
