import { verify } from 'node:crypto'
import { expect } from 'chai'
import fc from 'fast-check'
import nacl from 'tweetnacl'
import { concatBytes } from '../../src/crypto/bytes.js'
import { ENVELOPE_SIGNATURE_DOMAIN, BUNDLE_ID_DOMAIN } from '../../src/crypto/hash.js'
import { NodeIdentity } from '../../src/crypto/identity.js'
import { ed25519PrivateKeyFromSeed, ed25519PublicKeyObject, ed25519SecretKeyFromSeed, signDomain, signDomainNative, verifyDomain } from '../../src/crypto/signature.js'
import { InvalidPublicKeyError, KeyLengthError } from '../../src/crypto/errors.js'

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('crypto - signature', () => {
  it('node:crypto and tweetnacl produce byte-identical signatures for the same seed', () => {
    for (let i = 0; i < 25; i++) {
      const seed = nacl.randomBytes(32)
      const message = nacl.randomBytes(i * 37)
      const pair = nacl.sign.keyPair.fromSeed(seed)
      const ours = signDomain(ed25519PrivateKeyFromSeed(seed), ENVELOPE_SIGNATURE_DOMAIN, message)
      const theirs = nacl.sign.detached(concatBytes(ENVELOPE_SIGNATURE_DOMAIN, message), pair.secretKey)
      expect(toHex(ours)).to.equal(toHex(theirs))
      expect(toHex(NodeIdentity.fromSeed(seed).publicKey)).to.equal(toHex(pair.publicKey))
    }
  })

  it('libsodium, OpenSSL and tweetnacl sign byte for byte alike, and NodeIdentity signs with libsodium', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 3000 }), (seed, message) => {
      const native = signDomainNative(ed25519SecretKeyFromSeed(seed), ENVELOPE_SIGNATURE_DOMAIN, message)
      expect(toHex(native)).to.equal(toHex(signDomain(ed25519PrivateKeyFromSeed(seed), ENVELOPE_SIGNATURE_DOMAIN, message)))
      expect(toHex(native)).to.equal(toHex(nacl.sign.detached(concatBytes(ENVELOPE_SIGNATURE_DOMAIN, message), nacl.sign.keyPair.fromSeed(seed).secretKey)))
      expect(toHex(NodeIdentity.fromSeed(seed).sign(ENVELOPE_SIGNATURE_DOMAIN, message))).to.equal(toHex(native))
    }), { numRuns: 40 })
  })

  it('verifyDomain (libsodium) agrees with OpenSSL and tweetnacl on valid and tampered signatures', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 1000 }), fc.nat(), fc.boolean(), (seed, message, at, tamper) => {
      const identity = NodeIdentity.fromSeed(seed)
      const signature = identity.sign(ENVELOPE_SIGNATURE_DOMAIN, message)
      if (tamper) signature[at % 64]! ^= 1 << (at % 8)
      const signed = concatBytes(ENVELOPE_SIGNATURE_DOMAIN, message)
      const ours = verifyDomain(identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, signature)
      expect(ours).to.equal(!tamper)
      expect(verify(null, signed, ed25519PublicKeyObject(identity.publicKey), signature)).to.equal(ours)
      expect(nacl.sign.detached.verify(signed, signature, identity.publicKey)).to.equal(ours)
    }), { numRuns: 60 })
  })

  it('a small-order public key or R never verifies (libsodium refuses both)', () => {
    // The identity point (y = 1) as the key, and as R with S = 0: "valid" for every message under a cofactorless check that admits them.
    const identityPoint = Uint8Array.from(Buffer.from('0100000000000000000000000000000000000000000000000000000000000000', 'hex'))
    const trivial = concatBytes(identityPoint, new Uint8Array(32))
    expect(verifyDomain(identityPoint, ENVELOPE_SIGNATURE_DOMAIN, utf8('any'), trivial)).to.equal(false)
    const identity = NodeIdentity.generate()
    expect(verifyDomain(identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, utf8('any'), trivial)).to.equal(false)
  })

  it('verification agrees both ways between node:crypto and tweetnacl', () => {
    const seed = nacl.randomBytes(32)
    const pair = nacl.sign.keyPair.fromSeed(seed)
    const message = utf8('a header')
    const byNacl = nacl.sign.detached(concatBytes(ENVELOPE_SIGNATURE_DOMAIN, message), pair.secretKey)
    expect(verifyDomain(pair.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, byNacl)).to.equal(true)
    const byNode = signDomain(ed25519PrivateKeyFromSeed(seed), ENVELOPE_SIGNATURE_DOMAIN, message)
    expect(nacl.sign.detached.verify(concatBytes(ENVELOPE_SIGNATURE_DOMAIN, message), byNode, pair.publicKey)).to.equal(true)
    const tampered = Uint8Array.from(byNode)
    tampered[5] = (tampered[5] as number) ^ 1
    expect(verifyDomain(pair.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, tampered)).to.equal(false)
    expect(nacl.sign.detached.verify(concatBytes(ENVELOPE_SIGNATURE_DOMAIN, message), tampered, pair.publicKey)).to.equal(false)
  })

  it('a signature does not verify under another domain', () => {
    const identity = NodeIdentity.generate()
    const message = utf8('header bytes')
    const signature = identity.sign(ENVELOPE_SIGNATURE_DOMAIN, message)
    expect(verifyDomain(identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, signature)).to.equal(true)
    expect(verifyDomain(identity.publicKey, BUNDLE_ID_DOMAIN, message, signature)).to.equal(false)
  })

  it('a signature that is not exactly 64 bytes is invalid, not an exception', () => {
    const identity = NodeIdentity.generate()
    const message = utf8('m')
    const signature = identity.sign(ENVELOPE_SIGNATURE_DOMAIN, message)
    expect(verifyDomain(identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, signature.subarray(0, 63))).to.equal(false)
    expect(verifyDomain(identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, concatBytes(signature, new Uint8Array(1)))).to.equal(false)
    expect(verifyDomain(identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, new Uint8Array(0))).to.equal(false)
  })

  it('a wrong-length or invalid public key is invalid, not an exception', () => {
    const identity = NodeIdentity.generate()
    const message = utf8('m')
    const signature = identity.sign(ENVELOPE_SIGNATURE_DOMAIN, message)
    expect(verifyDomain(identity.publicKey.subarray(1), ENVELOPE_SIGNATURE_DOMAIN, message, signature)).to.equal(false)
    expect(verifyDomain(new Uint8Array(32).fill(0xff), ENVELOPE_SIGNATURE_DOMAIN, message, signature)).to.equal(false)
    expect(verifyDomain(new Uint8Array(32), ENVELOPE_SIGNATURE_DOMAIN, message, signature)).to.equal(false)
  })

  it('reuses the cached public KeyObject', () => {
    const identity = NodeIdentity.generate()
    expect(ed25519PublicKeyObject(identity.publicKey)).to.equal(ed25519PublicKeyObject(Uint8Array.from(identity.publicKey)))
    expect(() => ed25519PublicKeyObject(new Uint8Array(5))).to.throw(InvalidPublicKeyError)
  })

  it('rejects a wrong-length seed', () => {
    expect(() => ed25519PrivateKeyFromSeed(new Uint8Array(16))).to.throw(KeyLengthError)
  })
})
