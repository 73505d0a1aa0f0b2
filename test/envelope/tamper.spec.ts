import { expect } from 'chai'
import nacl from 'tweetnacl'
import { EnvelopeError, EnvelopeTooLargeError, openEnvelope, sealEnvelope } from '../../src/envelope/index.js'
import { CREATED, amberPolicy, makeNodes, utf8 } from './fixtures.js'
import type { TestNode } from './fixtures.js'

/** openEnvelope must throw an EnvelopeError; any other outcome fails with a description. */
function expectEnvelopeError (bytes: Uint8Array, node: TestNode, what: string): void {
  let content: Uint8Array | undefined
  try {
    content = openEnvelope(bytes, node.identity, node.wrapper, CREATED).content
  } catch (err) {
    if (!(err instanceof EnvelopeError)) {
      throw new Error(`${what}: threw ${(err as Error).name}: ${(err as Error).message}, not an EnvelopeError`)
    }
    expect(err.code).to.match(/^ENVELOPE_/)
    return
  }
  throw new Error(`${what}: opened (${content.length} bytes of content)`)
}

describe('envelope - tampering and garbage', () => {
  let origin: TestNode
  let reader: TestNode
  let sealed: Uint8Array

  before(() => {
    const nodes = makeNodes(2)
    origin = nodes[0] as TestNode
    reader = nodes[1] as TestNode
    sealed = sealEnvelope({
      identity: origin.identity,
      wrapper: origin.wrapper,
      kind: 'INTEL',
      ref: '01'.repeat(32),
      policy: amberPolicy({ members: [reader.identity.memberKey] }),
      recipients: [{ key: origin.identity.memberKey, seq: 7 }, { key: reader.identity.memberKey, seq: 300 }],
      content: utf8('{"type":"bundle","id":"bundle--1","objects":[]}'),
      created: CREATED,
      expires: CREATED + 1000
    }).bytes
  })

  it('the untouched envelope opens', () => {
    expect(openEnvelope(sealed, reader.identity, reader.wrapper, CREATED).content).to.have.length.above(0)
  })

  for (const mask of [0x01, 0x80, 0xff]) {
    it(`flipping any single byte (XOR 0x${mask.toString(16).padStart(2, '0')}) gives an EnvelopeError`, () => {
      for (let i = 0; i < sealed.length; i++) {
        const copy = Uint8Array.from(sealed)
        copy[i] = (copy[i] as number) ^ mask
        expectEnvelopeError(copy, reader, `byte ${i} of ${sealed.length}`)
        expectEnvelopeError(copy, origin, `byte ${i} of ${sealed.length} (origin)`)
      }
    })
  }

  it('every truncation gives an EnvelopeError', () => {
    for (let length = 0; length < sealed.length; length++) {
      expectEnvelopeError(sealed.subarray(0, length), reader, `first ${length} bytes`)
    }
  })

  it('trailing bytes give an EnvelopeError', () => {
    for (const tail of [[0], [0xff], [0x08, 0x01], [0x22, 0x00]]) {
      expectEnvelopeError(Uint8Array.from([...sealed, ...tail]), reader, `tail ${tail.join(',')}`)
    }
  })

  it('random garbage gives an EnvelopeError', () => {
    for (let i = 0; i < 3000; i++) {
      expectEnvelopeError(nacl.randomBytes(i % 400), reader, `garbage #${i}`)
    }
  })

  it('garbage inside a well-formed outer frame gives an EnvelopeError', () => {
    for (let i = 0; i < 1000; i++) {
      const header = nacl.randomBytes(i % 300)
      const frame = Uint8Array.from([0x0a, ...varint(header.length), ...header, 0x12, 0x40, ...nacl.randomBytes(64), 0x1a, 0x03, 1, 2, 3])
      expectEnvelopeError(frame, reader, `framed garbage #${i}`)
    }
  })

  it('a frame over the limit is EnvelopeTooLargeError before decoding', () => {
    const huge = new Uint8Array(4 * 1024 * 1024 + 1)
    expect(() => openEnvelope(huge, reader.identity, reader.wrapper, CREATED)).to.throw(EnvelopeTooLargeError)
  })

  it('a header over the limit is EnvelopeTooLargeError', () => {
    const limits = { maxFrameBytes: 1 << 20, maxHeaderBytes: 100, maxRecipients: 10, maxPlaintextBytes: 1 << 16 }
    expect(() => openEnvelope(sealed, reader.identity, reader.wrapper, CREATED, limits)).to.throw(EnvelopeTooLargeError)
  })

  it('more recipients than the limit is EnvelopeTooLargeError', () => {
    const limits = { maxFrameBytes: 1 << 20, maxHeaderBytes: 1 << 16, maxRecipients: 1, maxPlaintextBytes: 1 << 16 }
    expect(() => openEnvelope(sealed, reader.identity, reader.wrapper, CREATED, limits)).to.throw(EnvelopeTooLargeError)
  })

  it('a header claiming a huge recipient list is refused without decoding it all', () => {
    // 100,000 minimal recipient entries: protons stops at the limit.
    const entry = [0x42, 0x00]
    const body = new Uint8Array(entry.length * 100_000)
    for (let i = 0; i < 100_000; i++) body.set(entry, i * 2)
    const frame = Uint8Array.from([0x0a, ...varint(body.length), ...body, 0x12, 0x40, ...new Uint8Array(64), 0x1a, 0x01, 0x00])
    expect(() => openEnvelope(frame, reader.identity, reader.wrapper, CREATED)).to.throw(EnvelopeTooLargeError)
  })
})

function varint (value: number): number[] {
  const out: number[] = []
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80)
    value >>>= 7
  }
  out.push(value)
  return out
}
