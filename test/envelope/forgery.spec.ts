import { expect } from 'chai'
import nacl from 'tweetnacl'
import { concatBytes } from '../../src/crypto/bytes.js'
import { ENVELOPE_SIGNATURE_DOMAIN } from '../../src/crypto/hash.js'
import { verifyDomain } from '../../src/crypto/signature.js'
import { bundleId } from '../../src/envelope/derive.js'
import { Envelope, Header, Kind, Plaintext } from '../../src/envelope/envelope.js'
import { BadSignatureError, CiphertextHashError, DecryptionError, EnvelopeMalformedError, InnerBindingError, KeyCommitmentError, decodeEnvelope, decryptEnvelope, openEnvelope, verifyEnvelope } from '../../src/envelope/index.js'
import { CREATED, SMALL_STIX, makeNodes, thrown } from './fixtures.js'
import { handBuild } from './hand-built.js'
import type { TestNode } from './fixtures.js'

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('envelope - forged and inconsistent envelopes', () => {
  let origin: TestNode
  let alice: TestNode
  let bob: TestNode

  beforeEach(() => {
    [origin, alice, bob] = makeNodes(3) as [TestNode, TestNode, TestNode]
  })

  it('a hand-built envelope with no tricks opens for everyone (the builder is sound)', () => {
    const bytes = handBuild(origin, [alice, bob])
    for (const node of [origin, alice, bob]) {
      expect(toHex(openEnvelope(bytes, node.identity, node.wrapper, CREATED).content)).to.equal(toHex(SMALL_STIX))
    }
  })

  it('an origin wrapping a different K for one recipient is caught by the key commitment', () => {
    const otherKey = nacl.randomBytes(32)
    let victimIndex = -1
    const keys = [origin, alice, bob].map(n => n.identity.publicKey).sort(Buffer.compare)
    victimIndex = keys.findIndex(k => Buffer.compare(k, bob.identity.publicKey) === 0)
    // Everything else is valid: the signature covers the header as built.
    const bytes = handBuild(origin, [alice, bob], {
      keyFor: (index, key) => index === victimIndex ? otherKey : key,
      encryptionKey: undefined
    })
    expect(toHex(openEnvelope(bytes, alice.identity, alice.wrapper, CREATED).content)).to.equal(toHex(SMALL_STIX))
    const err = thrown(() => openEnvelope(bytes, bob.identity, bob.wrapper, CREATED))
    expect(err).to.be.instanceOf(KeyCommitmentError)
    expect((err as KeyCommitmentError).code).to.equal('ENVELOPE_KEY_COMMITMENT')
  })

  it('two plaintexts for two recipients cannot both pass: the second is refused', () => {
    // The origin encrypts under K2 but commits to K; whoever gets K2 fails the commitment.
    const k2 = nacl.randomBytes(32)
    const bytes = handBuild(origin, [alice, bob], { keyFor: () => k2, encryptionKey: k2 })
    for (const node of [alice, bob]) {
      expect(() => openEnvelope(bytes, node.identity, node.wrapper, CREATED)).to.throw(KeyCommitmentError)
    }
  })

  it('a relay changing the recipients of a signed header fails the signature', () => {
    const bytes = handBuild(origin, [alice, bob])
    const frame = Envelope.decode(bytes)
    const header = Header.decode(frame.header)
    const edits: Array<(h: Header) => void> = [
      h => { h.recipients = h.recipients.filter(r => Buffer.compare(r.key, bob.identity.publicKey) !== 0) },
      h => { (h.recipients[0] as Header['recipients'][number]).seq += 1n },
      h => { h.expires = BigInt(CREATED + 1) }
    ]
    for (const edit of edits) {
      const changed = Header.decode(frame.header)
      edit(changed)
      const forged = Envelope.encode({ header: Header.encode(changed), signature: frame.signature, ciphertext: frame.ciphertext })
      const err = thrown(() => openEnvelope(forged, alice.identity, alice.wrapper, CREATED))
      expect(err).to.be.instanceOf(BadSignatureError)
      expect((err as BadSignatureError).code).to.equal('ENVELOPE_BAD_SIGNATURE')
    }
    expect(header.recipients).to.have.length(3)
  })

  it('verifies the exact received header bytes, never a re-encoding', () => {
    // The origin signs a header with a field this version does not know
    // (field 15, varint 1): valid protobuf, re-encodes to different bytes.
    const base = Envelope.decode(handBuild(origin, [alice]))
    const headerBytes = concatBytes(base.header, Uint8Array.of(0x78, 0x01))
    const signature = origin.identity.sign(ENVELOPE_SIGNATURE_DOMAIN, headerBytes)
    const bytes = Envelope.encode({ header: headerBytes as Uint8Array<ArrayBuffer>, signature: signature as Uint8Array<ArrayBuffer>, ciphertext: base.ciphertext })

    const decoded = decodeEnvelope(bytes)
    verifyEnvelope(decoded)
    expect(toHex(decoded.headerBytes)).to.equal(toHex(headerBytes))
    expect(decoded.id).to.equal(bundleId(headerBytes))
    expect(toHex(openEnvelope(bytes, alice.identity, alice.wrapper, CREATED).content)).to.equal(toHex(SMALL_STIX))

    const reencoded = Header.encode(Header.decode(headerBytes))
    expect(toHex(reencoded)).to.not.equal(toHex(headerBytes))
    expect(verifyDomain(origin.identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, reencoded, signature)).to.equal(false)
    // A relay that re-encodes before forwarding breaks the envelope.
    const relayed = Envelope.encode({ header: reencoded, signature: signature as Uint8Array<ArrayBuffer>, ciphertext: base.ciphertext })
    expect(() => openEnvelope(relayed, alice.identity, alice.wrapper, CREATED)).to.throw(BadSignatureError)
  })

  it('a signature by someone other than the origin fails', () => {
    const base = Envelope.decode(handBuild(origin, [alice]))
    const signature = alice.identity.sign(ENVELOPE_SIGNATURE_DOMAIN, base.header)
    const bytes = Envelope.encode({ header: base.header, signature: signature as Uint8Array<ArrayBuffer>, ciphertext: base.ciphertext })
    expect(() => openEnvelope(bytes, alice.identity, alice.wrapper, CREATED)).to.throw(BadSignatureError)
  })

  it('a swapped ciphertext of the same length is CiphertextHashError', () => {
    const bytes = handBuild(origin, [alice], { swapCiphertext: c => nacl.randomBytes(c.length) })
    const decoded = decodeEnvelope(bytes)
    expect(() => verifyEnvelope(decoded)).to.throw(CiphertextHashError)
    expect(() => openEnvelope(bytes, alice.identity, alice.wrapper, CREATED)).to.throw(CiphertextHashError)
    // decryptEnvelope checks the hash itself when verifyEnvelope has not.
    expect(() => decryptEnvelope(decodeEnvelope(bytes), alice.identity, alice.wrapper)).to.throw(CiphertextHashError)
  })

  it('a wrapped key that does not open is DecryptionError', () => {
    const bytes = handBuild(origin, [alice], { edit: h => { for (const r of h.recipients) r.wrappedKey = nacl.randomBytes(48) as Uint8Array<ArrayBuffer> } })
    expect(() => openEnvelope(bytes, alice.identity, alice.wrapper, CREATED)).to.throw(DecryptionError)
  })

  it('a ciphertext under another key (commitment and hash consistent) is DecryptionError', () => {
    const bytes = handBuild(origin, [alice], { encryptionKey: nacl.randomBytes(32) })
    const err = thrown(() => openEnvelope(bytes, alice.identity, alice.wrapper, CREATED))
    expect(err).to.be.instanceOf(DecryptionError)
    expect((err as DecryptionError).code).to.equal('ENVELOPE_DECRYPTION_FAILED')
  })

  it('a plaintext naming another origin is InnerBindingError', () => {
    const plaintext = Plaintext.encode({ origin: bob.identity.publicKey as Uint8Array<ArrayBuffer>, content: SMALL_STIX as Uint8Array<ArrayBuffer> })
    const err = thrown(() => openEnvelope(handBuild(origin, [alice], { plaintext }), alice.identity, alice.wrapper, CREATED))
    expect(err).to.be.instanceOf(InnerBindingError)
    expect((err as InnerBindingError).code).to.equal('ENVELOPE_INNER_BINDING')
  })

  it('a plaintext that is not a Plaintext message is InnerBindingError', () => {
    for (const plaintext of [Uint8Array.of(0xff, 0xff, 0xff), Uint8Array.of(0x0a, 0x50), new Uint8Array(0)]) {
      expect(() => openEnvelope(handBuild(origin, [alice], { plaintext }), alice.identity, alice.wrapper, CREATED)).to.throw(InnerBindingError)
    }
  })

  describe('structurally invalid headers are EnvelopeMalformedError, even when signed', () => {
    const cases: Array<[string, (h: Header) => void]> = [
      ['version 2', h => { h.version = 2 }],
      ['version 0', h => { h.version = 0 }],
      ['origin of 31 bytes', h => { h.origin = h.origin.subarray(1) }],
      ['origin not listed', h => { h.recipients = h.recipients.filter(r => Buffer.compare(r.key, h.origin) !== 0) }],
      ['recipients unsorted', h => { h.recipients.reverse() }],
      ['a duplicate recipient', h => { h.recipients.push(h.recipients[h.recipients.length - 1] as Header['recipients'][number]) }],
      ['no recipients', h => { h.recipients = [] }],
      ['a recipient key of 33 bytes', h => { (h.recipients[0] as Header['recipients'][number]).key = new Uint8Array(33) }],
      ['a wrapped key of 47 bytes', h => { (h.recipients[0] as Header['recipients'][number]).wrappedKey = new Uint8Array(47) }],
      ['a wrapped key of 49 bytes', h => { (h.recipients[0] as Header['recipients'][number]).wrappedKey = new Uint8Array(49) }],
      ['a nonce of 23 bytes', h => { h.nonce = h.nonce.subarray(1) }],
      ['a ciphertext hash of 31 bytes', h => { h.ciphertextHash = h.ciphertextHash.subarray(1) }],
      ['a key commitment of 0 bytes', h => { h.keyCommitment = new Uint8Array(0) }],
      ['a ref of 31 bytes', h => { h.ref = new Uint8Array(31) }],
      ['a retraction without ref', h => { h.kind = Kind.RETRACTION }],
      ['ciphertextLength off by one', h => { h.ciphertextLength += 1 }],
      ['created 0', h => { h.created = 0n }],
      ['expires before created', h => { h.expires = h.created - 1n }],
      ['created beyond 2^53', h => { h.created = 2n ** 60n; h.expires = 0n }],
      ['a seq beyond 2^53', h => { (h.recipients[0] as Header['recipients'][number]).seq = 2n ** 63n }],
      ['no policy', h => { delete h.policy }],
      ['an empty allow entry', h => { (h.policy as NonNullable<Header['policy']>).allow = [''] }],
      ['a 65-character group', h => { (h.policy as NonNullable<Header['policy']>).groups = ['g'.repeat(65)] }],
      ['a control character in deny', h => { (h.policy as NonNullable<Header['policy']>).deny = ['D\u0000E'] }],
      ['a lone surrogate in allow', h => { (h.policy as NonNullable<Header['policy']>).allow = ['\ud800'] }],
      ['a policy member of 31 bytes', h => { (h.policy as NonNullable<Header['policy']>).members = [new Uint8Array(31)] }]
    ]
    for (const [name, edit] of cases) {
      it(name, () => {
        const err = thrown(() => openEnvelope(handBuild(origin, [alice, bob], { edit }), alice.identity, alice.wrapper, CREATED))
        expect(err, name).to.be.instanceOf(EnvelopeMalformedError)
        expect((err as EnvelopeMalformedError).code).to.equal('ENVELOPE_MALFORMED')
      })
    }

    it('an unknown kind value', () => {
      const base = Envelope.decode(handBuild(origin, [alice]))
      // field 5 (kind), varint 7: not a Kind.
      const bytes = Envelope.encode({ header: concatBytes(base.header, Uint8Array.of(0x28, 0x07)) as Uint8Array<ArrayBuffer>, signature: base.signature, ciphertext: base.ciphertext })
      expect(() => decodeEnvelope(bytes)).to.throw(EnvelopeMalformedError)
    })

    it('a signature of 63 bytes', () => {
      const base = Envelope.decode(handBuild(origin, [alice]))
      const bytes = Envelope.encode({ header: base.header, signature: base.signature.subarray(1), ciphertext: base.ciphertext })
      expect(() => decodeEnvelope(bytes)).to.throw(EnvelopeMalformedError)
    })
  })
})
