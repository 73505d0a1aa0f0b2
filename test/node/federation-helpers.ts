import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { createLogger } from '../../src/node/logger.js'
import { initDataDir } from '../../src/node/init-data-dir.js'
import { IntelmeshNode } from '../../src/node/node.js'
import type { Role } from '../../src/directory/types.js'

/** One member of a test federation: its node, data folder and directory facts. */
export interface TestMember {
  label: string
  node: IntelmeshNode
  dataDir: string
  key: string
  name: string
  jurisdiction: string
  roles: Role[]
  groups: string[]
}

/** What to create for each member. */
export interface MemberSpec {
  label: string
  jurisdiction: string
  roles?: Role[]
  groups?: string[]
}

// INTELMESH_TEST_LOG=debug shows the nodes' logs while debugging a test.
const silent = createLogger({ level: process.env.INTELMESH_TEST_LOG ?? 'silent' })

/** Creates and starts one node with a fresh data folder on 127.0.0.1. */
export async function startMember (spec: MemberSpec, root: string): Promise<TestMember> {
  const dataDir = join(root, spec.label)
  const name = `${spec.label} CERT`
  const { memberKey } = await initDataDir(dataDir, {
    name,
    jurisdiction: spec.jurisdiction,
    roles: spec.roles,
    groups: spec.groups,
    listen: ['/ip4/127.0.0.1/tcp/0'],
    api: { host: '127.0.0.1', port: 0 }
  })
  const node = await IntelmeshNode.create({ dataDir, env: {}, logger: silent })
  await node.start()
  return { label: spec.label, node, dataDir, key: memberKey, name, jurisdiction: spec.jurisdiction, roles: spec.roles ?? ['member'], groups: spec.groups ?? [] }
}

/** Restarts a stopped member on the same data folder (new port). */
export async function restartMember (member: TestMember): Promise<void> {
  member.node = await IntelmeshNode.create({ dataDir: member.dataDir, env: {}, logger: silent })
  await member.node.start()
}

/** Every admin adds every other member by key, with its current addresses. */
export async function introduceAll (members: TestMember[]): Promise<void> {
  for (const admin of members) {
    for (const peer of members) {
      if (peer === admin) continue
      await admin.node.addPeer({
        key: peer.key,
        name: peer.name,
        jurisdiction: peer.jurisdiction,
        roles: peer.roles,
        groups: peer.groups,
        addresses: peer.node.listenAddresses()
      })
    }
  }
}

/** Polls `check` until it holds or `timeoutMs` passes; returns its last value. */
export async function eventually (check: () => Promise<boolean> | boolean, timeoutMs = 10_000, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() > deadline) return false
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
}

/** A temp folder for a test federation. */
export async function tempRoot (): Promise<{ root: string, remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'intelmesh-fed-'))
  return { root, remove: async () => rm(root, { recursive: true, force: true }) }
}

/** Holds the bundle? (by listing the node's store through its public interface). */
export async function holds (member: TestMember, id: string): Promise<boolean> {
  try {
    await member.node.getBundle(id)
    return true
  } catch {
    return false
  }
}

/** Every audit record of a member (optionally of one type), paging through the whole log. */
export async function auditRecords (member: TestMember, type?: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = []
  let after = 0
  for (;;) {
    const page = await member.node.audit({ after, limit: 1000 })
    if (page.length === 0) return out
    for (const record of page) if (type == null || record.type === type) out.push(record)
    after = page[page.length - 1]!.seq as number
  }
}

/** Every bundle id a member stores, paging through its log. */
export async function storedIds (member: TestMember): Promise<string[]> {
  const ids: string[] = []
  let after: number | undefined
  for (;;) {
    const page = await member.node.listBundles({ after, limit: 1000 })
    ids.push(...page.items.map(b => b.id))
    if (page.next == null) return ids
    after = page.next
  }
}

/** Publishes `count` bundles from `member` in parallel batches (the store commits each batch as a group). */
export async function publishMany (member: TestMember, count: number, make: (n: number) => { stix: unknown, policy: unknown }, batch = 50): Promise<string[]> {
  const ids: string[] = []
  for (let start = 0; start < count; start += batch) {
    const jobs = []
    for (let n = start; n < Math.min(count, start + batch); n++) jobs.push(member.node.publish(make(n)))
    ids.push(...(await Promise.all(jobs)).map(r => r.id))
  }
  return ids
}

/** Waits until every member in `members` is connected to `count` peers. */
export async function connected (members: TestMember[], count = members.length - 1, timeoutMs = 15_000): Promise<boolean> {
  return await eventually(() => members.every(m => m.node.listPeers().filter(p => p.connected).length >= count), timeoutMs)
}

/** A federation set up by `useFederation`; its members exist once its `before` hook has run. */
export interface TestFederation {
  /** The members, in the order of their specs. */
  readonly members: TestMember[]
  /** The member with this label. */
  by: (label: string) => TestMember
}

/** Options for `useFederation`. */
export interface FederationInit {
  /** Fills the members' directories (default: `introduceAll`, then every member must be connected to every other). */
  introduce?: (members: TestMember[]) => Promise<void>
}

/** Introduces every member to every other and asserts that they all connect. */
async function introduceAndConnect (members: TestMember[]): Promise<void> {
  await introduceAll(members)
  expect(await connected(members)).to.equal(true)
}

/**
 * Registers, in the calling `describe`, a `before` hook that starts one member
 * per spec on 127.0.0.1 in a fresh temp folder and introduces them, and an
 * `after` hook that stops every member and removes the folder. The hooks run
 * under the suite's timeout.
 */
export function useFederation (specs: MemberSpec[], init: FederationInit = {}): TestFederation {
  let members: TestMember[] = []
  let remove = async (): Promise<void> => {}
  const introduce = init.introduce ?? introduceAndConnect

  before(async () => {
    const temp = await tempRoot()
    remove = temp.remove
    members = await Promise.all(specs.map(async spec => startMember(spec, temp.root)))
    await introduce(members)
  })

  after(async () => {
    // A test may have left a member stopped (or stopping it may fail): stop the rest regardless.
    for (const m of members) await m.node.stop().catch(() => {})
    await remove()
  })

  return {
    get members () { return members },
    by: (label: string) => {
      const member = members.find(m => m.label === label)
      if (member == null) throw new Error(`federation has no member labelled ${label}`)
      return member
    }
  }
}
