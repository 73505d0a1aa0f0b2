import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { Network } from '../../src/network/network.js'
import type { Membership, NetworkInit } from '../../src/network/types.js'
import type { PrivateKey } from '@libp2p/interface'

/** An in-memory directory view: the real Membership contract, kept by the test. */
export class TestMembership implements Membership {
  private readonly entries = new Map<string, { addresses: string[], active: boolean }>()

  /** Adds or updates an active member. */
  set (key: string, addresses: string[] = []): void {
    this.entries.set(key, { addresses, active: true })
  }

  /** Marks a member suspended (kept, but no longer active). */
  suspend (key: string): void {
    const entry = this.entries.get(key)
    if (entry != null) {
      entry.active = false
    }
  }

  /** Removes a member. */
  remove (key: string): void {
    this.entries.delete(key)
  }

  isActiveMember (peer: string): boolean {
    return this.entries.get(peer)?.active === true
  }

  activeMembers (): Array<{ key: string, addresses: string[] }> {
    return [...this.entries].filter(([, e]) => e.active).map(([key, e]) => ({ key, addresses: [...e.addresses] }))
  }
}

/** A test node: its key, its membership view and its network. */
export interface TestNode {
  key: PrivateKey
  id: string
  membership: TestMembership
  network: Network
}

/** Settings that keep tests fast: quick backoff, short dial timeout. */
export const FAST: NetworkInit = {
  reconnect: { initialDelayMs: 50, maxDelayMs: 400, factor: 2 },
  dialTimeoutMs: 2_000
}

/** A fresh Ed25519 key and its PeerId string. */
export async function newKey (): Promise<{ key: PrivateKey, id: string }> {
  const key = await generateKeyPair('Ed25519')
  return { key, id: peerIdFromPrivateKey(key).toString() }
}

/** A network (not started) on a given or fresh key, with an empty membership view. */
export async function newNode (init: NetworkInit = {}, key?: PrivateKey): Promise<TestNode> {
  const k = key ?? (await newKey()).key
  const membership = new TestMembership()
  const network = new Network({ privateKey: k, membership }, { ...FAST, ...init })
  return { key: k, id: network.peerId, membership, network }
}

/** Resolves once `condition()` holds; rejects after `timeoutMs`. */
export async function until (condition: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<number> {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    }
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  return Date.now() - start
}

/** Waits `ms`. */
export async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/** Two started members that know each other's addresses, once connected. */
export async function connectedPair (init: NetworkInit = {}): Promise<[TestNode, TestNode]> {
  const a = await newNode(init)
  const b = await newNode(init)
  await b.network.start()
  b.membership.set(a.id)
  a.membership.set(b.id, b.network.listenAddresses())
  await a.network.start()
  await until(() => a.network.connectedPeers().includes(b.id) && b.network.connectedPeers().includes(a.id), 3_000, 'pair connected')
  return [a, b]
}

/** Stops every node of a test (idempotent). */
export async function stopAll (nodes: TestNode[]): Promise<void> {
  await Promise.all(nodes.map(async n => { await n.network.stop() }))
  nodes.length = 0
}
