import { createHash } from 'node:crypto'
import { expect } from 'chai'
import { BUNDLE_ID_DOMAIN, ENVELOPE_SIGNATURE_DOMAIN, KEY_COMMITMENT_DOMAIN, WRAP_NONCE_DOMAIN, sha256 } from '../../src/crypto/hash.js'

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('crypto - hash', () => {
  it('hashes the concatenation of its parts', () => {
    const a = Uint8Array.of(1, 2, 3)
    const b = Uint8Array.of(4, 5)
    const expected = createHash('sha256').update(Uint8Array.of(1, 2, 3, 4, 5)).digest('hex')
    expect(toHex(sha256(a, b))).to.equal(expected)
    expect(toHex(sha256())).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('returns a plain Uint8Array, not a Buffer', () => {
    expect(sha256(Uint8Array.of(1)).constructor).to.equal(Uint8Array)
  })

  it('domain tags are the strings DESIGN.md fixes', () => {
    const text = (b: Uint8Array): string => new TextDecoder().decode(b)
    expect(text(ENVELOPE_SIGNATURE_DOMAIN)).to.equal('intelmesh/envelope/v1\0')
    expect(text(BUNDLE_ID_DOMAIN)).to.equal('intelmesh/id/v1\0')
    expect(text(KEY_COMMITMENT_DOMAIN)).to.equal('intelmesh/commit/v1')
    expect(text(WRAP_NONCE_DOMAIN)).to.equal('intelmesh/wrap-nonce/v1\0')
  })
})
