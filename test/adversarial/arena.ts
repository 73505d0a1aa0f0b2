import { expect } from 'chai'
import { lpStream } from '@libp2p/utils'
import { KeyWrapper, NodeIdentity } from '../../src/crypto/index.js'
import { sealEnvelope } from '../../src/envelope/index.js'
import { FETCH_PROTOCOL, PENALTY_THRESHOLD } from '../../src/replication/constants.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { eventually, holds, introduceAll, startMember, tempRoot } from '../node/federation-helpers.js'
import { RogueNode } from './rogue-node.js'
import type { DecodedEnvelope, EnvelopeKind } from '../../src/envelope/index.js'
import type { Policy } from '../../src/policy/types.js'
import type { TestMember } from '../node/federation-helpers.js'

/** A signer that is not a running node: an identity and its key wrapper. */
export interface Signer {
  identity: NodeIdentity
  wrapper: KeyWrapper
  key: string
}

/** Creates a signer with a fresh key. */
export function newSigner (identity = NodeIdentity.generate()): Signer {
  return { identity, wrapper: new KeyWrapper({ identity }), key: identity.memberKey }
}

/**
 * The stage of the adversarial suite: a victim and an honest member (real
 * nodes, DK), plus `ghost`, an active member of the victim's directory that
 * runs no node: its key signs "genuine" bundles a rogue got hold of.
 */
export interface Arena {
  victim: TestMember
  honest: TestMember
  ghost: Signer
  stop: () => Promise<void>
}

/** Starts the victim and the honest member, introduces them, and adds the ghost to the victim's directory. */
export async function openArena (): Promise<Arena> {
  const { root, remove } = await tempRoot()
  const victim = await startMember({ label: 'victim', jurisdiction: 'DK' }, root)
  const honest = await startMember({ label: 'honest', jurisdiction: 'DK' }, root)
  await introduceAll([victim, honest])
  const ghost = newSigner()
  await victim.node.addPeer({ key: ghost.key, name: 'ghost CERT', jurisdiction: 'DK' })
  expect(await eventually(() => victim.node.listPeers().some(p => p.key === honest.key && p.connected))).to.equal(true)
  return {
    victim,
    honest,
    ghost,
    stop: async () => {
      await victim.node.stop().catch(() => {})
      await honest.node.stop().catch(() => {})
      await remove()
    }
  }
}

/** Starts a rogue, has the victim's admin add it as an active member (DK unless told), and waits for the connection. */
export async function admitRogue (arena: Arena, options: { identity?: NodeIdentity, jurisdiction?: string, prepare?: (rogue: RogueNode) => void } = {}): Promise<RogueNode> {
  const rogue = await RogueNode.start(options.identity)
  options.prepare?.(rogue)
  // Only the victim dials (it knows the rogue's address): no simultaneous dial, so one connection.
  await arena.victim.node.addPeer({ key: rogue.key, name: 'rogue CERT', jurisdiction: options.jurisdiction ?? 'DK', addresses: rogue.addresses() })
  // Connected once the victim subscribed: its connection is up and its handlers run.
  expect(await eventually(() => rogue.subscriptions > 0), 'the victim subscribed to the rogue').to.equal(true)
  return rogue
}

/** What `seal` builds: who signs, for whom, under which policy. */
export interface SealSpec {
  recipients: string[]
  policy?: Partial<Policy>
  n?: number
  label?: string
  created?: number
  expires?: number
  kind?: EnvelopeKind
  ref?: string
  content?: Uint8Array
}

/** An envelope sealed by `origin` (listed automatically) with the project's own sealEnvelope. */
export function seal (origin: Signer, spec: SealSpec): DecodedEnvelope {
  const keys = [...new Set([origin.key, ...spec.recipients])]
  const stix = indicatorBundle(spec.n ?? Math.floor(Math.random() * 1e9), { label: spec.label ?? 'adversarial' }).stix
  return sealEnvelope({
    identity: origin.identity,
    wrapper: origin.wrapper,
    kind: spec.kind ?? 'INTEL',
    ref: spec.ref,
    policy: { tlp: 'GREEN', allow: [], deny: [], groups: [], members: [], authorities: false, personalData: false, ...spec.policy },
    recipients: keys.map(key => ({ key, seq: 0 })),
    content: spec.content ?? new TextEncoder().encode(JSON.stringify(stix)),
    created: spec.created ?? Date.now(),
    expires: spec.expires ?? 0
  })
}

/** The audit records of rejections of what `peer` sent, oldest first. */
export async function rejectsFrom (member: TestMember, peer: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = []
  let after = 0
  for (;;) {
    const page = await member.node.audit({ after, limit: 1000 })
    if (page.length === 0) return out
    out.push(...page.filter(r => r.type === 'reject' && r.peer === peer))
    after = page[page.length - 1]!.seq as number
  }
}

/** Waits for the victim to audit a rejection of `code` caused by `peer`; returns the record. */
export async function expectRejected (member: TestMember, peer: string, code: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  let found: Record<string, unknown> | undefined
  await eventually(async () => {
    found = (await rejectsFrom(member, peer)).find(r => r.code === code)
    return found != null
  }, timeoutMs)
  expect(found, `audit record of ${code} from the rogue`).to.not.equal(undefined)
  expect(found!.reason, 'the audit record says why').to.be.a('string').and.not.equal('')
  return found!
}

/** The honest member publishes a GREEN bundle and the victim stores it: the victim still serves members. */
export async function expectHonestServed (arena: Arena, timeoutMs = 10_000): Promise<void> {
  const { id } = await arena.honest.node.publish({ stix: indicatorBundle(Math.floor(Math.random() * 1e9), { label: 'honest' }).stix, policy: { tlp: 'GREEN' } })
  expect(await eventually(async () => holds(arena.victim, id), timeoutMs), 'victim still receives from an honest member').to.equal(true)
  // A read can see the bundle a moment before its batch is acknowledged: callers compare heads next.
  const { pos } = await arena.victim.node.getBundle(id)
  expect(await eventually(async () => (await arena.victim.node.status()).logHead >= pos), 'delivery acknowledged').to.equal(true)
}

/** The victim does not hold `id`, and no listing shows it. */
export async function expectNotHeld (member: TestMember, id: string): Promise<void> {
  expect(await holds(member, id), `victim holds ${id}`).to.equal(false)
  const page = await member.node.listBundles({ limit: 1000 })
  expect(page.items.map(b => b.id)).to.not.include(id)
}

/** One protocol violation on purpose: a fetch request naming a 5-byte id. */
export async function strikeOnce (rogue: RogueNode, victim: string): Promise<void> {
  const stream = await rogue.openStream(victim, FETCH_PROTOCOL)
  const lp = lpStream(stream)
  await lp.write(new Uint8Array([0x0a, 0x05, 1, 2, 3, 4, 5]))
  await stream.close().catch(() => {})
}

/**
 * Proves how many strikes the victim holds against `rogue`, given that the
 * case under test caused `caused` of them: tops up with deliberate protocol
 * violations to exactly the threshold (the rogue must still be connected),
 * then one more (it must be disconnected, and stay refused).
 */
export async function expectStrikes (arena: Arena, rogue: RogueNode, caused: number): Promise<void> {
  const { victim } = arena
  const target = (await rejectsFrom(victim, rogue.key)).length + PENALTY_THRESHOLD - caused
  await Promise.all(Array.from({ length: PENALTY_THRESHOLD - caused }, async () => strikeOnce(rogue, victim.key)))
  expect(await eventually(async () => (await rejectsFrom(victim, rogue.key)).length >= target), 'violations audited').to.equal(true)
  await new Promise(resolve => setTimeout(resolve, 100))
  expect(rogue.connectedTo(victim.key), `still connected at ${PENALTY_THRESHOLD} strikes (the case caused ${caused})`).to.equal(true)
  await strikeOnce(rogue, victim.key)
  expect(await eventually(() => !victimSees(arena, rogue), 5_000), 'disconnected after one strike more').to.equal(true)
  await expectShutOut(arena, rogue)
}

/** The victim lists the rogue as connected. */
function victimSees (arena: Arena, rogue: RogueNode): boolean {
  return arena.victim.node.listPeers().some(p => p.key === rogue.key && p.connected)
}

/**
 * The rogue cannot open a stream to the victim. (Its dial may still resolve:
 * Noise completes before the victim's gater drops the connection.)
 */
export async function expectShutOut (arena: Arena, rogue: RogueNode): Promise<void> {
  const opened = await rogue.openStream(arena.victim.key, FETCH_PROTOCOL, AbortSignal.timeout(2_000)).then(async stream => {
    // A stream that opened in a dying connection's last moment must not carry anything.
    const lp = lpStream(stream)
    return await lp.read({ signal: AbortSignal.timeout(2_000) }).then(() => true, () => false)
  }, () => false)
  expect(opened, 'the shut-out rogue got a stream with data').to.equal(false)
  expect(victimSees(arena, rogue), 'the victim holds no connection to the shut-out rogue').to.equal(false)
}
