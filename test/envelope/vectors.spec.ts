import { createHash } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { expect } from 'chai'
import nacl from 'tweetnacl'
import { ENVELOPE_VERSION } from '../../src/envelope/constants.js'
import { Envelope, Header, Plaintext } from '../../src/envelope/envelope.js'
import { decodeEnvelope, openEnvelope, sealEnvelope, verifyEnvelope } from '../../src/envelope/index.js'
import { loadVectors, vectorParties, vectorSealInput } from '../vectors/vector.js'
import type { VectorParty } from '../vectors/vector.js'

// The golden vectors pin the v1 wire format. If a test here fails after a
// code change, the format changed: bump ENVELOPE_VERSION and add vectors for
// the new version instead of regenerating these.

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'))
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('envelope - golden vectors', () => {
  const vectors = loadVectors()

  it('there are vectors for the current version', () => {
    expect(vectors.length).to.be.at.least(3)
    expect(ENVELOPE_VERSION).to.equal(1)
    for (const vector of vectors) expect(vector.name).to.match(/^v1-/)
  })

  for (const vector of vectors) {
    describe(vector.name, () => {
      const bytes = fromHex(vector.expected.envelope)

      it('seeds give the recorded member keys', () => {
        const parties = vectorParties(vector.inputs)
        expect(parties.map(p => p.identity.memberKey)).to.deep.equal([vector.expected.originMemberKey, ...vector.expected.recipientMemberKeys])
      })

      it('re-sealing the fixed inputs gives the same bytes and id', () => {
        const sealed = sealEnvelope(vectorSealInput(vector.inputs))
        expect(toHex(sealed.bytes)).to.equal(vector.expected.envelope)
        expect(sealed.id).to.equal(vector.expected.id)
      })

      it('opens for the origin and each recipient', () => {
        for (const party of vectorParties(vector.inputs)) {
          const { envelope, content } = openEnvelope(bytes, party.identity, party.wrapper, vector.inputs.created)
          expect(new TextDecoder().decode(content)).to.equal(vector.inputs.content)
          expect(envelope.id).to.equal(vector.expected.id)
          expect(envelope.header.kind).to.equal(vector.inputs.kind)
          expect(envelope.header.ref).to.equal(vector.inputs.ref)
          expect(envelope.header.created).to.equal(vector.inputs.created)
          expect(envelope.header.expires).to.equal(vector.inputs.expires)
          expect(envelope.header.policy).to.deep.equal(vector.inputs.policy)
          expect(envelope.header.origin).to.equal(vector.expected.originMemberKey)
        }
      })

      it('decodes and verifies independently of the open path (tweetnacl, noble, node hash)', () => {
        const decoded = decodeEnvelope(bytes)
        verifyEnvelope(decoded)
        const frame = Envelope.decode(bytes)
        const header = Header.decode(frame.header)
        const signed = Uint8Array.from([...utf8('intelmesh/envelope/v1\0'), ...frame.header])
        expect(nacl.sign.detached.verify(signed, frame.signature, header.origin)).to.equal(true)
        const id = createHash('sha256').update(utf8('intelmesh/id/v1\0')).update(frame.header).digest('hex')
        expect(id).to.equal(vector.expected.id)
        expect(createHash('sha256').update(frame.ciphertext).digest('hex')).to.equal(toHex(header.ciphertextHash))

        const reader = vectorParties(vector.inputs)[1] as VectorParty
        const index = header.recipients.findIndex(r => toHex(r.key) === toHex(reader.identity.publicKey))
        const position = Buffer.alloc(4)
        position.writeUInt32BE(index)
        const wrapNonce = createHash('sha256').update(utf8('intelmesh/wrap-nonce/v1\0')).update(header.nonce).update(position).digest().subarray(0, 24)
        const recipientSecret = ed25519.utils.toMontgomerySecret(fromHex(vector.inputs.recipientSeeds[0] as string))
        const key = nacl.box.open((header.recipients[index] as Header['recipients'][number]).wrappedKey, wrapNonce, ed25519.utils.toMontgomery(header.origin), recipientSecret)
        expect(key).to.not.equal(null)
        expect(toHex(key as Uint8Array)).to.equal(vector.inputs.contentKey)
        expect(createHash('sha256').update(utf8('intelmesh/commit/v1')).update(key as Uint8Array).digest('hex')).to.equal(toHex(header.keyCommitment))
        const plaintext = nacl.secretbox.open(frame.ciphertext, header.nonce, key as Uint8Array)
        expect(plaintext).to.not.equal(null)
        const inner = Plaintext.decode(plaintext as Uint8Array)
        expect(toHex(inner.origin)).to.equal(toHex(header.origin))
        expect(new TextDecoder().decode(inner.content)).to.equal(vector.inputs.content)
      })
    })
  }
})
