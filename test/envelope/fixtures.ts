import { NodeIdentity } from '../../src/crypto/identity.js'
import { KeyWrapper } from '../../src/crypto/key-wrap.js'
import { ENVELOPE_SIGNATURE_DOMAIN } from '../../src/crypto/hash.js'
import { Envelope, Header } from '../../src/envelope/envelope.js'
import type { Policy } from '../../src/policy/types.js'

/** A node for tests: identity plus its key wrapper. */
export interface TestNode {
  identity: NodeIdentity
  wrapper: KeyWrapper
}

/** A fresh node with a random identity. */
export function makeNode (): TestNode {
  const identity = NodeIdentity.generate()
  return { identity, wrapper: new KeyWrapper({ identity }) }
}

/** `count` fresh nodes. */
export function makeNodes (count: number): TestNode[] {
  return Array.from({ length: count }, makeNode)
}

/** A permissive AMBER policy. */
export function amberPolicy (overrides: Partial<Policy> = {}): Policy {
  return { tlp: 'AMBER', allow: ['DE', 'FR'], deny: ['RU'], groups: ['finance-isac'], members: [], authorities: true, personalData: false, ...overrides }
}

/** UTF-8 bytes of `text`. */
export function utf8 (text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/** A small STIX bundle as UTF-8 bytes. */
export const SMALL_STIX = utf8(JSON.stringify({
  type: 'bundle',
  id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
  objects: [{
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    pattern: "[url:value = 'http://x4z9arb.cn/4712/']",
    pattern_type: 'stix',
    valid_from: '2024-01-01T00:00:00Z'
  }]
}))

/** Fixed creation time used by tests (ms). */
export const CREATED = 1_717_171_717_000

/**
 * Encodes `header` once, signs it as the origin would and frames it: lets a
 * test build envelopes a correct implementation would never seal, with a
 * valid signature, to prove the receiver's other checks catch them.
 */
export function frameSigned (origin: NodeIdentity, header: Header | Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const headerBytes = header instanceof Uint8Array ? header : Header.encode(header)
  const signature = origin.sign(ENVELOPE_SIGNATURE_DOMAIN, headerBytes)
  return Envelope.encode({ header: headerBytes as Uint8Array<ArrayBuffer>, signature: signature as Uint8Array<ArrayBuffer>, ciphertext: ciphertext as Uint8Array<ArrayBuffer> })
}

/** Runs `fn` and returns what it threw; fails when it returns. */
export function thrown (fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected an exception')
}
