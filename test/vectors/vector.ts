import { readFileSync, readdirSync } from 'node:fs'
import { NodeIdentity } from '../../src/crypto/identity.js'
import { KeyWrapper } from '../../src/crypto/key-wrap.js'
import type { EnvelopeKind, SealInput } from '../../src/envelope/index.js'
import type { Policy } from '../../src/policy/types.js'

// Golden envelope vectors. They pin the version-1 wire format byte for byte:
// any change to the format (proto, field order, domain tags, nonce derivation,
// key commitment) must bump Header.version (ENVELOPE_VERSION) and add new
// vectors, never silently regenerate these. Regenerate with `npm run make:vectors`.

/** The comment written into every vector file. */
export const VECTOR_COMMENT = 'intelmesh envelope v1 golden vector. Any change to the envelope format must bump the header version (ENVELOPE_VERSION); do not regenerate these for a format change. Seeds and keys here are test-only.'

/** Fixed inputs of one vector. */
export interface VectorInputs {
  /** Ed25519 seed of the origin (hex). */
  originSeed: string
  /** Ed25519 seeds of the other recipients (hex). */
  recipientSeeds: string[]
  kind: EnvelopeKind
  ref?: string
  created: number
  expires: number
  policy: Policy
  /** seq of the origin, then of each other recipient in recipientSeeds order. */
  seqs: number[]
  /** The content, as UTF-8 text. */
  content: string
  /** Bundle nonce (hex, 24 bytes). */
  nonce: string
  /** Content key K (hex, 32 bytes). */
  contentKey: string
}

/** One vector file. */
export interface Vector {
  comment: string
  name: string
  inputs: VectorInputs
  expected: {
    originMemberKey: string
    recipientMemberKeys: string[]
    id: string
    envelope: string
  }
}

/** A party of a vector: identity and wrapper. */
export interface VectorParty {
  identity: NodeIdentity
  wrapper: KeyWrapper
}

/** The origin (first) and the other recipients of a vector. */
export function vectorParties (inputs: VectorInputs): VectorParty[] {
  return [inputs.originSeed, ...inputs.recipientSeeds].map(seed => {
    const identity = NodeIdentity.fromSeed(Buffer.from(seed, 'hex'))
    return { identity, wrapper: new KeyWrapper({ identity }) }
  })
}

/** The SealInput that reproduces a vector. */
export function vectorSealInput (inputs: VectorInputs): SealInput {
  const parties = vectorParties(inputs)
  const origin = parties[0] as VectorParty
  return {
    identity: origin.identity,
    wrapper: origin.wrapper,
    kind: inputs.kind,
    ...(inputs.ref === undefined ? {} : { ref: inputs.ref }),
    policy: inputs.policy,
    recipients: parties.map((party, i) => ({ key: party.identity.memberKey, seq: inputs.seqs[i] as number })),
    content: new TextEncoder().encode(inputs.content),
    created: inputs.created,
    expires: inputs.expires,
    random: { nonce: Uint8Array.from(Buffer.from(inputs.nonce, 'hex')), contentKey: Uint8Array.from(Buffer.from(inputs.contentKey, 'hex')) }
  }
}

/** Folder of the vector files. */
export const VECTOR_DIR = new URL('./', import.meta.url)

/** Every vector file in test/vectors/, by name. */
export function loadVectors (): Vector[] {
  return readdirSync(VECTOR_DIR)
    .filter(name => name.endsWith('.json'))
    .sort()
    .map(name => JSON.parse(readFileSync(new URL(name, VECTOR_DIR), 'utf8')) as Vector)
}
