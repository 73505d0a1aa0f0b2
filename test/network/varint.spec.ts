import { expect } from 'chai'
import fc from 'fast-check'
import { Uint8ArrayList } from 'uint8arraylist'
import { encodeVarint, readVarint, varintLength } from '../../src/network/varint.js'

describe('network - varint', () => {
  const vectors: Array<[number, number[]]> = [
    [0, [0x00]], [1, [0x01]], [127, [0x7f]], [128, [0x80, 0x01]], [300, [0xac, 0x02]],
    [16_383, [0xff, 0x7f]], [16_384, [0x80, 0x80, 0x01]], [4_194_304, [0x80, 0x80, 0x80, 0x02]]
  ]
  for (const [value, bytes] of vectors) {
    it(`${value} <-> ${bytes.map(b => b.toString(16)).join(' ')}`, () => {
      expect([...encodeVarint(value)]).to.deep.equal(bytes)
      expect(varintLength(value)).to.equal(bytes.length)
      expect(readVarint(new Uint8ArrayList(Uint8Array.from(bytes)), 8)).to.deep.equal({ kind: 'value', value, bytes: bytes.length })
    })
  }

  it('round-trips every safe length and reads only the prefix', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.uint8Array({ maxLength: 4 }), (value, tail) => {
      const encoded = encodeVarint(value)
      const read = readVarint(new Uint8ArrayList(encoded, tail), 8)
      return read.kind === 'value' && read.value === value && read.bytes === encoded.length
    }))
  })

  it('reports incomplete prefixes, and prefixes longer than allowed', () => {
    expect(readVarint(new Uint8ArrayList(), 3)).to.deep.equal({ kind: 'incomplete' })
    expect(readVarint(new Uint8ArrayList(Uint8Array.from([0x80, 0x80])), 3)).to.deep.equal({ kind: 'incomplete' })
    expect(readVarint(new Uint8ArrayList(Uint8Array.from([0x80, 0x80, 0x80])), 3)).to.deep.equal({ kind: 'too-long' })
  })
})
