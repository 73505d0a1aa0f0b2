import { createHash } from 'node:crypto'
import { expect } from 'chai'
import fc from 'fast-check'
import nacl from 'tweetnacl'
import { KeyLengthError } from '../../src/crypto/errors.js'
import { sha256 } from '../../src/crypto/hash.js'
import { SECRETBOX_MAC_LENGTH, secretboxOpen, secretboxSeal } from '../../src/crypto/secretbox.js'

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const bytes = (length: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: length, maxLength: length })
// Lengths around the 64-byte Salsa20 block and the 16-byte Poly1305 block, and bundle-sized ones.
const message = fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ minLength: 2000, maxLength: 70_000 }))

describe('crypto - secretbox (libsodium) against tweetnacl', () => {
  it('seals byte for byte as nacl.secretbox', () => {
    fc.assert(fc.property(message, bytes(24), bytes(32), (m, n, k) => {
      expect(toHex(secretboxSeal(m, n, k))).to.equal(toHex(nacl.secretbox(m, n, k)))
    }), { numRuns: 60 })
  })

  it('opens what nacl.secretbox sealed, and nacl opens what it sealed', () => {
    fc.assert(fc.property(message, bytes(24), bytes(32), (m, n, k) => {
      expect(toHex(secretboxOpen(nacl.secretbox(m, n, k), n, k) ?? new Uint8Array([1]))).to.equal(toHex(m))
      expect(toHex(nacl.secretbox.open(secretboxSeal(m, n, k), n, k) ?? new Uint8Array([1]))).to.equal(toHex(m))
    }), { numRuns: 60 })
  })

  it('refuses a flipped bit anywhere, as nacl does', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), bytes(24), bytes(32), fc.nat(), (m, n, k, at) => {
      const box = secretboxSeal(m, n, k)
      box[at % box.length]! ^= 1
      expect(secretboxOpen(box, n, k)).to.equal(null)
      expect(nacl.secretbox.open(box, n, k)).to.equal(null)
    }), { numRuns: 60 })
  })

  it('returns null for a box shorter than its tag and under another key', () => {
    const n = nacl.randomBytes(24)
    const k = nacl.randomBytes(32)
    expect(secretboxOpen(new Uint8Array(SECRETBOX_MAC_LENGTH - 1), n, k)).to.equal(null)
    expect(secretboxOpen(secretboxSeal(Uint8Array.of(1, 2, 3), n, k), n, nacl.randomBytes(32))).to.equal(null)
    expect(secretboxOpen(secretboxSeal(new Uint8Array(0), n, k), n, k)).to.deep.equal(new Uint8Array(0))
  })

  it('throws KeyLengthError for a wrong nonce or key length', () => {
    const m = Uint8Array.of(1)
    expect(() => secretboxSeal(m, new Uint8Array(23), new Uint8Array(32))).to.throw(KeyLengthError)
    expect(() => secretboxSeal(m, new Uint8Array(24), new Uint8Array(31))).to.throw(KeyLengthError)
    expect(() => secretboxOpen(new Uint8Array(20), new Uint8Array(25), new Uint8Array(32))).to.throw(KeyLengthError)
  })
})

describe('crypto - sha256 on each of its paths', () => {
  it('equals createHash over the concatenation, for one part or many, short or long', () => {
    const lengths = fc.oneof(fc.nat(300), fc.integer({ min: 300, max: 70_000 }))
    const parts = fc.array(lengths.chain(length => fc.uint8Array({ minLength: length, maxLength: length })), { maxLength: 4 })
    fc.assert(fc.property(parts, (ps) => {
      const reference = createHash('sha256')
      for (const p of ps) reference.update(p)
      const digest = sha256(...ps)
      expect(digest.constructor).to.equal(Uint8Array)
      expect(toHex(digest)).to.equal(reference.digest('hex'))
    }), { numRuns: 80 })
  })
})
