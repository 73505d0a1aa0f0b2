import { createHash } from 'node:crypto'
import { KeyWrapper, NodeIdentity } from '../../src/crypto/index.js'
import { Directory, buildJurisdictionGroups, loadJurisdictionData } from '../../src/directory/index.js'
import { sealEnvelope } from '../../src/envelope/index.js'
import { Network } from '../../src/network/index.js'
import { validatePolicy } from '../../src/policy/index.js'
import { deriveIndexes } from '../../src/replication/derive-indexes.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import type { JurisdictionGroups, Member, Role } from '../../src/directory/types.js'
import type { Policy } from '../../src/policy/types.js'
import type { Store } from '../../src/store/store.js'

/** The jurisdiction groups of config/jurisdictions.json. */
export async function defaultGroups (): Promise<JurisdictionGroups> {
  return buildJurisdictionGroups(await loadJurisdictionData())
}

/** A directory entry (active unless told). */
export function member (key: string, jurisdiction: string, extra: { roles?: Role[], groups?: string[], status?: 'active' | 'suspended' } = {}): Member {
  return { key, name: `${key.slice(-6)} CERT`, jurisdiction, roles: extra.roles ?? ['member'], groups: extra.groups ?? [], addresses: [], status: extra.status ?? 'active', added: 1, updated: 1 }
}

/** A fresh member key. */
export function newMemberKey (): string {
  return NodeIdentity.generate().memberKey
}

/** A directory as `self` sees the others. */
export function directoryOf (self: Member, others: Member[], groups: JurisdictionGroups): Directory {
  return new Directory({}, { self, members: others, groups })
}

/** A normalised policy. */
export function policy (input: Record<string, unknown>, groups: JurisdictionGroups): Policy {
  return validatePolicy(input, groups)
}

/** A made-up bundle id for `n` (64 hex). */
export function fakeId (label: string, n: number): string {
  return createHash('sha256').update(`${label}/${n}`).digest('hex')
}

/**
 * Stores `count` made-up bundles (opaque bytes, no crypto: the feed and fetch
 * servers only read records and bytes) from `origin` to `recipients`, in
 * parallel groups so the store commits them together. Returns their ids in log order.
 */
export async function fillStore (store: Store, spec: { count: number, origin: string, recipients: string[], policy: Policy, label?: string, bytes?: number, from?: string, expires?: number }): Promise<string[]> {
  const ids: string[] = []
  const label = spec.label ?? 'fake'
  for (let start = 0; start < spec.count; start += 500) {
    const jobs = []
    for (let n = start; n < Math.min(spec.count, start + 500); n++) {
      const id = fakeId(label, n)
      ids.push(id)
      const envelope = new Uint8Array(spec.bytes ?? 64).fill(n % 251)
      jobs.push(store.accept({
        id,
        envelope,
        record: { id, origin: spec.origin, kind: 'INTEL', created: 1, expires: spec.expires ?? 0, tlp: spec.policy.tlp, policy: spec.policy, recipients: spec.recipients, receivedAt: 1, from: spec.from ?? spec.origin, size: envelope.byteLength, types: ['indicator'], objects: [] },
        observables: [],
        audit: { type: 'publish', at: 1, id }
      }))
    }
    await Promise.all(jobs)
  }
  return ids
}

/** A started network on 127.0.0.1 with its identity. */
export interface TestNet { identity: NodeIdentity, key: string, network: Network }

/** `count` started networks that all admit each other, fully connected. */
export async function networkMesh (count: number): Promise<{ nets: TestNet[], stop: () => Promise<void> }> {
  const known = new Map<string, string[]>()
  const nets: TestNet[] = []
  for (let i = 0; i < count; i++) {
    const identity = NodeIdentity.generate()
    const self = identity.memberKey
    const network = new Network({
      privateKey: identity.toLibp2pPrivateKey(),
      membership: {
        isActiveMember: peer => peer !== self && known.has(peer),
        activeMembers: () => [...known].filter(([key]) => key !== self).map(([key, addresses]) => ({ key, addresses }))
      }
    }, { reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2 } })
    await network.start()
    known.set(self, network.listenAddresses())
    nets.push({ identity, key: self, network })
  }
  for (const net of nets) await net.network.membershipChanged()
  for (let i = 0; i < 400 && !nets.every(n => n.network.connectedPeers().length === count - 1); i++) await new Promise(resolve => setTimeout(resolve, 25))
  return { nets, stop: async () => { for (const net of nets) await net.network.stop() } }
}

/**
 * Seals `count` real envelopes (unique indicator bundles) from `origin` to
 * `recipients` under `policy` and stores them as the origin's publisher
 * would. Returns their ids in log order.
 */
export async function storeSealed (store: Store, spec: { origin: NodeIdentity, recipients: string[], policy: Policy, count: number, label: string }): Promise<string[]> {
  const wrapper = new KeyWrapper({ identity: spec.origin })
  const keys = [...new Set([spec.origin.memberKey, ...spec.recipients])]
  const ids: string[] = []
  for (let n = 0; n < spec.count; n++) {
    const content = new TextEncoder().encode(JSON.stringify(indicatorBundle(n, { label: spec.label }).stix))
    const envelope = sealEnvelope({ identity: spec.origin, wrapper, kind: 'INTEL', policy: spec.policy, recipients: keys.map(key => ({ key, seq: 0 })), content, created: Date.now(), expires: 0 })
    const derived = deriveIndexes(envelope, content)
    await store.accept({ id: envelope.id, envelope: envelope.bytes, record: { ...derived.record, receivedAt: Date.now(), from: spec.origin.memberKey }, observables: derived.observables, audit: { type: 'publish', at: Date.now(), id: envelope.id } })
    ids.push(envelope.id)
  }
  return ids
}
