import { expect } from 'chai'
import nacl from 'tweetnacl'
import { Envelope } from '../../src/envelope/envelope.js'
import { EnvelopeMalformedError } from '../../src/envelope/errors.js'
import { parseFrame } from '../../src/envelope/frame.js'

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('envelope - frame', () => {
  const header = nacl.randomBytes(200)
  const signature = nacl.randomBytes(64)
  const ciphertext = nacl.randomBytes(20_000)
  const canonical = Envelope.encode({ header: header as Uint8Array<ArrayBuffer>, signature: signature as Uint8Array<ArrayBuffer>, ciphertext: ciphertext as Uint8Array<ArrayBuffer> })

  it('parses what Envelope.encode writes, as views into the frame', () => {
    const parts = parseFrame(canonical)
    expect(toHex(parts.header)).to.equal(toHex(header))
    expect(toHex(parts.signature)).to.equal(toHex(signature))
    expect(toHex(parts.ciphertext)).to.equal(toHex(ciphertext))
    expect(parts.ciphertext.buffer).to.equal(canonical.buffer)
  })

  // Each of these decodes with protons to the same three fields: a relay could
  // forward any of them for the same envelope if the frame were not strict.
  const variants: Array<[string, () => Uint8Array]> = [
    ['another wire type on the header tag', () => Uint8Array.from([0x0b, ...canonical.subarray(1)])],
    ['an unknown field at the end', () => Uint8Array.from([...canonical, 0x22, 0x00])],
    ['an unknown varint field at the start', () => Uint8Array.from([0x20, 0x01, ...canonical])],
    ['fields out of order', () => Uint8Array.from([0x12, 0x40, ...signature, 0x0a, 0x01, 0x00, 0x1a, 0x01, 0x00])],
    ['a repeated header field', () => Uint8Array.from([0x0a, 0x01, 0x00, ...canonical])],
    ['a non-minimal length varint', () => Uint8Array.from([0x0a, 0xc8, 0x81, 0x00, ...canonical.subarray(3)])],
    ['a missing ciphertext', () => Envelope.encode({ header: header as Uint8Array<ArrayBuffer>, signature: signature as Uint8Array<ArrayBuffer> })],
    ['an empty frame', () => new Uint8Array(0)],
    ['a length past the end', () => canonical.subarray(0, canonical.length - 1)],
    ['a length varint that never ends', () => Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x01])]
  ]
  for (const [name, make] of variants) {
    it(`refuses ${name}`, () => {
      expect(() => parseFrame(make())).to.throw(EnvelopeMalformedError)
    })
  }
})
