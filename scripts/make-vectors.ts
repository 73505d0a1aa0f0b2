// Regenerates the golden envelope vectors in test/vectors/ from fixed inputs.
// The vectors pin the version-1 wire format: if this script changes their
// bytes, the format changed, and ENVELOPE_VERSION must be bumped instead.
import { writeFileSync } from 'node:fs'
import { NodeIdentity } from '../src/crypto/identity.js'
import { sealEnvelope } from '../src/envelope/index.js'
import { VECTOR_COMMENT, VECTOR_DIR, vectorParties, vectorSealInput } from '../test/vectors/vector.js'
import type { Vector, VectorInputs } from '../test/vectors/vector.js'

const ORIGIN_SEED = '11'.repeat(32)
const RECIPIENT_SEEDS = ['22'.repeat(32), '33'.repeat(32)]
const memberKeys = RECIPIENT_SEEDS.map(seed => NodeIdentity.fromSeed(Buffer.from(seed, 'hex')).memberKey)

const STIX = JSON.stringify({
  type: 'bundle',
  id: 'bundle--6f8c1a3e-2b7d-4e0f-9a51-3c2d1e0f9a8b',
  objects: [{
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--d81f86b9-975b-4c0b-875e-810c5ad45a4f',
    created: '2024-06-01T12:00:00.000Z',
    modified: '2024-06-01T12:00:00.000Z',
    name: 'Malicious site hosting downloader',
    pattern: "[url:value = 'http://x4z9arb.cn/4712/']",
    pattern_type: 'stix',
    valid_from: '2024-06-01T12:00:00Z'
  }]
})

const VECTORS: Array<{ name: string, inputs: VectorInputs }> = [
  {
    name: 'v1-intel-amber',
    inputs: {
      originSeed: ORIGIN_SEED,
      recipientSeeds: RECIPIENT_SEEDS,
      kind: 'INTEL',
      created: 1_717_243_200_000,
      expires: 1_719_835_200_000,
      policy: { tlp: 'AMBER', allow: ['DE', 'FR', 'eu-cert-group'], deny: ['RU'], groups: ['finance-isac'], members: [], authorities: true, personalData: false },
      seqs: [1, 17, 42],
      content: STIX,
      nonce: '000102030405060708090a0b0c0d0e0f1011121314151617',
      contentKey: '202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f'
    }
  },
  {
    name: 'v1-retraction-red',
    inputs: {
      originSeed: ORIGIN_SEED,
      recipientSeeds: RECIPIENT_SEEDS,
      kind: 'RETRACTION',
      ref: 'a5'.repeat(32),
      created: 1_717_329_600_000,
      expires: 0,
      policy: { tlp: 'RED', allow: [], deny: [], groups: [], members: memberKeys, authorities: false, personalData: false },
      seqs: [2, 18, 43],
      content: JSON.stringify({ reason: 'false positive: sinkholed domain' }),
      nonce: 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff0001020304050607',
      contentKey: 'c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf'
    }
  },
  {
    name: 'v1-intel-amber-strict-personal-data',
    inputs: {
      originSeed: ORIGIN_SEED,
      recipientSeeds: RECIPIENT_SEEDS,
      kind: 'INTEL',
      ref: '5a'.repeat(32),
      created: 1_717_416_000_000,
      expires: 1_717_502_400_000,
      policy: { tlp: 'AMBER+STRICT', allow: ['DE'], deny: [], groups: [], members: [memberKeys[0] as string], authorities: false, personalData: true },
      seqs: [3, 19, 0],
      content: STIX,
      nonce: '5555555555555555555555555555555555555555aaaaaaaa',
      contentKey: '0f0e0d0c0b0a09080706050403020100ffeeddccbbaa99887766554433221100'
    }
  }
]

for (const { name, inputs } of VECTORS) {
  const sealed = sealEnvelope(vectorSealInput(inputs))
  const parties = vectorParties(inputs)
  const vector: Vector = {
    comment: VECTOR_COMMENT,
    name,
    inputs,
    expected: {
      originMemberKey: parties[0]?.identity.memberKey as string,
      recipientMemberKeys: parties.slice(1).map(party => party.identity.memberKey),
      id: sealed.id,
      envelope: Buffer.from(sealed.bytes).toString('hex')
    }
  }
  const file = new URL(`${name}.json`, VECTOR_DIR)
  writeFileSync(file, `${JSON.stringify(vector, null, 2)}\n`)
  process.stdout.write(`${name}: id ${sealed.id}, ${sealed.bytes.length} bytes\n`)
}
