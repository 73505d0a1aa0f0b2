import { expect } from 'chai'
import { fromCursor, keys, pad, toCursor, unpad, valueKeyPart } from '../../src/store/keys.js'

describe('store - keys', () => {
  it('pads numbers so that string order is numeric order', () => {
    const numbers = [0, 1, 9, 10, 99, 100, 1_700_000_000_000, Number.MAX_SAFE_INTEGER]
    const padded = numbers.map(pad)
    expect([...padded].sort()).to.deep.equal(padded)
    expect(padded.map(unpad)).to.deep.equal(numbers)
    expect(new Set(padded.map((p) => p.length)).size).to.equal(1)
  })

  it('refuses numbers that cannot be keys', () => {
    for (const n of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => pad(n)).to.throw().with.property('code', 'STORE_INVALID_INPUT')
    }
  })

  it('keeps a value prefix out of a longer value\'s range', () => {
    const short = keys.val('a.example', 'f'.repeat(64), 'x--1')
    const long = keys.val('a.example.org', '0'.repeat(64), 'x--1')
    expect(short < long).to.equal(true)
    expect(long.startsWith('a.example\x00')).to.equal(false)
  })

  it('hashes long values and values with control characters, and nothing else', () => {
    expect(valueKeyPart('evil.example')).to.equal('evil.example')
    expect(valueKeyPart('x'.repeat(513))).to.match(/^\x01sha256:[0-9a-f]{64}$/)
    expect(valueKeyPart('a\x00b')).to.match(/^\x01sha256:/)
    expect(valueKeyPart('a\x00b')).to.not.equal(valueKeyPart('a\x00c'))
  })

  it('round-trips cursors and refuses malformed ones', () => {
    expect(fromCursor(toCursor(['0001', 'abc']), 2)).to.equal('0001\x00abc')
    for (const bad of ['', 'a', 'a:b:c', 'a:', 'a:\x00']) {
      expect(() => fromCursor(bad, 2)).to.throw().with.property('code', 'STORE_INVALID_INPUT')
    }
  })
})
