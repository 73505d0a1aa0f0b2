import { expect } from 'chai'
import sodium from 'sodium-native'
import nacl from 'tweetnacl'
import { WeakKeyError } from '../../src/crypto/errors.js'
import { memberKeyToString } from '../../src/crypto/member-key.js'
import { bundleId } from '../../src/envelope/derive.js'
import { checkNotExpired, decodeEnvelope, decryptEnvelope, openEnvelope, sealEnvelope, verifyEnvelope } from '../../src/envelope/index.js'
import { DuplicateRecipientError, EnvelopeExpiredError, EnvelopeTooLargeError, NotARecipientError, SealInputError } from '../../src/envelope/errors.js'
import { CREATED, SMALL_STIX, amberPolicy, makeNode, makeNodes, thrown, utf8 } from './fixtures.js'
import type { SealInput } from '../../src/envelope/index.js'
import type { TestNode } from './fixtures.js'

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

function sealFor (origin: TestNode, others: TestNode[], overrides: Partial<SealInput> = {}): ReturnType<typeof sealEnvelope> {
  return sealEnvelope({
    identity: origin.identity,
    wrapper: origin.wrapper,
    kind: 'INTEL',
    policy: amberPolicy(),
    recipients: [origin, ...others].map((node, i) => ({ key: node.identity.memberKey, seq: i + 1 })),
    content: SMALL_STIX,
    created: CREATED,
    expires: CREATED + 86_400_000,
    ...overrides
  })
}

describe('envelope - seal and open', () => {
  let nodes: TestNode[]
  let origin: TestNode

  beforeEach(() => {
    nodes = makeNodes(5)
    origin = nodes[0] as TestNode
  })

  it('opens for each of 5 listed recipients, origin included', () => {
    const sealed = sealFor(origin, nodes.slice(1))
    for (const node of nodes) {
      const { envelope, content } = openEnvelope(sealed.bytes, node.identity, node.wrapper, CREATED)
      expect(toHex(content)).to.equal(toHex(SMALL_STIX))
      expect(envelope.id).to.equal(sealed.id)
    }
  })

  it('refuses an outsider with NotARecipientError', () => {
    const sealed = sealFor(origin, nodes.slice(1))
    const outsider = makeNode()
    const err = thrown(() => openEnvelope(sealed.bytes, outsider.identity, outsider.wrapper, CREATED))
    expect(err).to.be.instanceOf(NotARecipientError)
    expect((err as NotARecipientError).code).to.equal('ENVELOPE_NOT_RECIPIENT')
  })

  it('decodes to the header it sealed, keeping the exact bytes', () => {
    const members = [nodes[1], nodes[2]].map(n => (n as TestNode).identity.memberKey)
    const ref = 'ab'.repeat(32)
    const sealed = sealFor(origin, nodes.slice(1), { ref, policy: amberPolicy({ tlp: 'AMBER+STRICT', members, personalData: true }) })
    const decoded = decodeEnvelope(sealed.bytes)
    verifyEnvelope(decoded)
    expect(decoded.id).to.match(/^[0-9a-f]{64}$/)
    expect(decoded.id).to.equal(sealed.id)
    expect(decoded.id).to.equal(bundleId(decoded.headerBytes))
    expect(toHex(decoded.headerBytes)).to.equal(toHex(sealed.headerBytes))
    expect(toHex(decoded.signature)).to.equal(toHex(sealed.signature))
    expect(decoded.bytes).to.equal(sealed.bytes)
    const { header } = decoded
    expect(header.version).to.equal(1)
    expect(header.origin).to.equal(origin.identity.memberKey)
    expect(toHex(header.originKey)).to.equal(toHex(origin.identity.publicKey))
    expect(header.kind).to.equal('INTEL')
    expect(header.ref).to.equal(ref)
    expect(header.created).to.equal(CREATED)
    expect(header.expires).to.equal(CREATED + 86_400_000)
    expect(header.policy).to.deep.equal(amberPolicy({ tlp: 'AMBER+STRICT', members, personalData: true }))
    expect(header.nonce).to.have.length(24)
    expect(header.ciphertextLength).to.equal(decoded.ciphertext.length)
    const keys = header.recipients.map(r => r.keyRaw)
    const sorted = [...keys].sort(Buffer.compare)
    expect(keys.map(toHex)).to.deep.equal(sorted.map(toHex))
    expect(header.recipients.map(r => r.key).sort()).to.deep.equal(nodes.map(n => n.identity.memberKey).sort())
    const originEntry = header.recipients.find(r => r.key === origin.identity.memberKey)
    expect(originEntry?.seq).to.equal(1)
    expect(sealed.header.toJSON()).to.deep.equal(decoded.header.toJSON())
    expect(JSON.parse(JSON.stringify(decoded.header)).origin).to.equal(origin.identity.memberKey)
  })

  it('seals and opens a retraction', () => {
    const reason = utf8(JSON.stringify({ reason: 'false positive' }))
    const sealed = sealFor(origin, nodes.slice(1, 2), { kind: 'RETRACTION', ref: 'cd'.repeat(32), content: reason, expires: 0 })
    const node = nodes[1] as TestNode
    const { envelope, content } = openEnvelope(sealed.bytes, node.identity, node.wrapper, CREATED + 10 ** 12)
    expect(envelope.header.kind).to.equal('RETRACTION')
    expect(envelope.header.expires).to.equal(0)
    expect(new TextDecoder().decode(content)).to.equal('{"reason":"false positive"}')
  })

  it('two seals of the same input differ (fresh nonce and key) but both open', () => {
    const a = sealFor(origin, nodes.slice(1))
    const b = sealFor(origin, nodes.slice(1))
    expect(a.id).to.not.equal(b.id)
    expect(toHex(a.header.nonce)).to.not.equal(toHex(b.header.nonce))
    const node = nodes[3] as TestNode
    expect(toHex(openEnvelope(b.bytes, node.identity, node.wrapper, CREATED).content)).to.equal(toHex(SMALL_STIX))
  })

  it('the staged API gives the same content as openEnvelope', () => {
    const sealed = sealFor(origin, nodes.slice(1))
    const node = nodes[2] as TestNode
    const decoded = decodeEnvelope(sealed.bytes)
    verifyEnvelope(decoded)
    checkNotExpired(decoded.header, CREATED)
    expect(toHex(decryptEnvelope(decoded, node.identity, node.wrapper))).to.equal(toHex(SMALL_STIX))
  })

  describe('expiry', () => {
    it('is valid until expires and expired from then on', () => {
      const sealed = sealFor(origin, [])
      const { header } = decodeEnvelope(sealed.bytes)
      checkNotExpired(header, CREATED)
      checkNotExpired(header, header.expires - 1)
      expect(() => checkNotExpired(header, header.expires)).to.throw(EnvelopeExpiredError)
      const err = thrown(() => openEnvelope(sealed.bytes, origin.identity, origin.wrapper, header.expires + 1))
      expect(err).to.be.instanceOf(EnvelopeExpiredError)
      expect((err as EnvelopeExpiredError).code).to.equal('ENVELOPE_EXPIRED')
    })

    it('expires = 0 never expires', () => {
      const sealed = sealFor(origin, [], { expires: 0 })
      checkNotExpired(decodeEnvelope(sealed.bytes).header, Number.MAX_SAFE_INTEGER)
    })
  })

  describe('refuses bad seal input with typed errors', () => {
    const cases: Array<[string, (o: TestNode, others: TestNode[]) => Partial<SealInput>, new (...args: any[]) => Error]> = [
      ['a duplicate recipient', (o, others) => ({ recipients: [o, ...others, others[0] as TestNode].map(n => ({ key: n.identity.memberKey, seq: 1 })) }), DuplicateRecipientError],
      ['origin not listed', (_o, others) => ({ recipients: others.map(n => ({ key: n.identity.memberKey, seq: 1 })) }), SealInputError],
      ['a recipient that is not a member key', o => ({ recipients: [{ key: o.identity.memberKey, seq: 1 }, { key: 'not-a-key', seq: 1 }] }), SealInputError],
      ['a negative seq', o => ({ recipients: [{ key: o.identity.memberKey, seq: -1 }] }), SealInputError],
      ['a retraction without ref', () => ({ kind: 'RETRACTION' }), SealInputError],
      ['an unknown kind', () => ({ kind: 'OTHER' as 'INTEL' }), SealInputError],
      ['a ref that is not a bundle id', () => ({ ref: 'AB'.repeat(32) }), SealInputError],
      ['created = 0', () => ({ created: 0 }), SealInputError],
      ['expires before created', () => ({ expires: CREATED - 1 }), SealInputError],
      ['an unknown TLP', () => ({ policy: amberPolicy({ tlp: 'WHITE' as 'CLEAR' }) }), SealInputError],
      ['an empty policy string', () => ({ policy: amberPolicy({ allow: [''] }) }), SealInputError],
      ['a control character in a group', () => ({ policy: amberPolicy({ groups: ['a\nb'] }) }), SealInputError],
      ['a policy member that is not a key', () => ({ policy: amberPolicy({ members: ['12D3KooWnope'] }) }), SealInputError],
      ['a short nonce', () => ({ random: { nonce: new Uint8Array(23), contentKey: new Uint8Array(32) } }), SealInputError],
      ['a short content key', () => ({ random: { nonce: new Uint8Array(24), contentKey: new Uint8Array(31) } }), SealInputError],
      ['content over the limit', () => ({ limits: { maxFrameBytes: 1 << 20, maxHeaderBytes: 1 << 16, maxRecipients: 10, maxPlaintextBytes: 100 } }), EnvelopeTooLargeError],
      ['more recipients than the limit', () => ({ limits: { maxFrameBytes: 1 << 20, maxHeaderBytes: 1 << 16, maxRecipients: 2, maxPlaintextBytes: 1 << 16 } }), EnvelopeTooLargeError],
      ['a header over the limit', () => ({ limits: { maxFrameBytes: 1 << 20, maxHeaderBytes: 200, maxRecipients: 10, maxPlaintextBytes: 1 << 16 } }), EnvelopeTooLargeError],
      ['a frame over the limit', () => ({ limits: { maxFrameBytes: 1000, maxHeaderBytes: 1 << 16, maxRecipients: 10, maxPlaintextBytes: 1 << 16 } }), EnvelopeTooLargeError]
    ]
    for (const [name, overrides, errorClass] of cases) {
      it(name, () => {
        const others = nodes.slice(1, 4)
        expect(() => sealFor(origin, others, overrides(origin, others))).to.throw(errorClass)
      })
    }

    it('a low-order recipient key (WeakKeyError from the wrapper)', () => {
      const lowOrder = memberKeyToString(Uint8Array.from(Buffer.from('0100000000000000000000000000000000000000000000000000000000000000', 'hex')))
      expect(() => sealFor(origin, [], { recipients: [{ key: origin.identity.memberKey, seq: 1 }, { key: lowOrder, seq: 1 }] })).to.throw(WeakKeyError)
    })
  })

  it('seal with 100 recipients runs secretbox once and box.after 100 times, open runs no scalar multiplication', () => {
    const others = makeNodes(99)
    sealFor(origin, others) // warm the shared-key cache, as a running node has
    // XSalsa20-Poly1305 runs in libsodium: a 32-byte message is a wrapped content key (box.after), any other the content.
    const counts = { secretbox: 0, boxAfter: 0, before: 0, scalarMult: 0 }
    const original = { easy: sodium.crypto_secretbox_easy, before: nacl.box.before, scalarMult: nacl.scalarMult }
    const native = sodium as { crypto_secretbox_easy: typeof sodium.crypto_secretbox_easy }
    const box = nacl.box as { before: typeof nacl.box.before }
    try {
      native.crypto_secretbox_easy = (c, m, n, k) => { if (m.length === 32) counts.boxAfter++; else counts.secretbox++; original.easy(c, m, n, k) }
      box.before = (p, s) => { counts.before++; return original.before(p, s) }
      ;(nacl as { scalarMult: typeof nacl.scalarMult }).scalarMult = Object.assign((n: Uint8Array, p: Uint8Array) => { counts.scalarMult++; return original.scalarMult(n, p) }, original.scalarMult)
      const sealed = sealFor(origin, others)
      expect(counts).to.deep.equal({ secretbox: 1, boxAfter: 100, before: 0, scalarMult: 0 })
      const reader = others[50] as TestNode
      openEnvelope(sealed.bytes, reader.identity, reader.wrapper, CREATED)
      openEnvelope(sealed.bytes, reader.identity, reader.wrapper, CREATED)
      expect(counts.before + counts.scalarMult).to.equal(0)
    } finally {
      native.crypto_secretbox_easy = original.easy
      box.before = original.before
      ;(nacl as { scalarMult: typeof nacl.scalarMult }).scalarMult = original.scalarMult
    }
  })
})

describe('envelope - decode of a Buffer', () => {
  it('gives plain Uint8Array views of the same bytes', () => {
    const [origin, other] = makeNodes(2) as [TestNode, TestNode]
    const sealed = sealEnvelope({ identity: origin.identity, wrapper: origin.wrapper, kind: 'INTEL', policy: amberPolicy(), recipients: [origin, other].map(n => ({ key: n.identity.memberKey, seq: 0 })), content: SMALL_STIX, created: CREATED, expires: 0 })
    const decoded = decodeEnvelope(Buffer.from(sealed.bytes))
    for (const field of [decoded.bytes, decoded.headerBytes, decoded.signature, decoded.ciphertext, decoded.header.originKey, decoded.header.nonce]) {
      expect(field.constructor).to.equal(Uint8Array)
    }
    expect(decoded.id).to.equal(sealed.id)
    expect(Buffer.compare(decoded.bytes, sealed.bytes)).to.equal(0)
  })

  it('an expiry beyond the Date range still gives a typed error', () => {
    const header = { expires: Number.MAX_SAFE_INTEGER } as unknown as Parameters<typeof checkNotExpired>[0]
    expect(() => checkNotExpired(header, Number.MAX_SAFE_INTEGER)).to.throw(EnvelopeExpiredError)
  })
})
