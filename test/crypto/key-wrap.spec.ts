import { expect } from 'chai'
import nacl from 'tweetnacl'
import { InvalidPublicKeyError, KeyLengthError, UnwrapError, WeakKeyError } from '../../src/crypto/errors.js'
import { NodeIdentity } from '../../src/crypto/identity.js'
import { KeyWrapper } from '../../src/crypto/key-wrap.js'
import { ed25519PublicKeyToX25519 } from '../../src/crypto/x25519.js'

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'))

describe('crypto - key-wrap', () => {
  let alice: NodeIdentity
  let bob: NodeIdentity
  let aliceWrapper: KeyWrapper
  let bobWrapper: KeyWrapper

  beforeEach(() => {
    alice = NodeIdentity.generate()
    bob = NodeIdentity.generate()
    aliceWrapper = new KeyWrapper({ identity: alice })
    bobWrapper = new KeyWrapper({ identity: bob }, { cacheSize: 2 })
  })

  it('wrap equals nacl.box(K, nonce, theirX25519, mySecret)', () => {
    const key = nacl.randomBytes(32)
    const nonce = nacl.randomBytes(24)
    const wrapped = aliceWrapper.wrap(bob.publicKey, key, nonce)
    expect(wrapped).to.have.length(48)
    const expected = nacl.box(key, nonce, ed25519PublicKeyToX25519(bob.publicKey), alice.x25519SecretKey)
    expect(toHex(wrapped)).to.equal(toHex(expected))
  })

  it('the peer unwraps what was wrapped for it, and so does the wrapper for itself', () => {
    const key = nacl.randomBytes(32)
    const nonce = nacl.randomBytes(24)
    expect(toHex(bobWrapper.unwrap(alice.publicKey, aliceWrapper.wrap(bob.publicKey, key, nonce), nonce))).to.equal(toHex(key))
    expect(toHex(aliceWrapper.unwrap(alice.publicKey, aliceWrapper.wrap(alice.publicKey, key, nonce), nonce))).to.equal(toHex(key))
  })

  it('an outsider, a wrong nonce or a flipped bit fails with UnwrapError', () => {
    const carol = new KeyWrapper({ identity: NodeIdentity.generate() })
    const key = nacl.randomBytes(32)
    const nonce = nacl.randomBytes(24)
    const wrapped = aliceWrapper.wrap(bob.publicKey, key, nonce)
    expect(() => carol.unwrap(alice.publicKey, wrapped, nonce)).to.throw(UnwrapError)
    expect(() => bobWrapper.unwrap(alice.publicKey, wrapped, nacl.randomBytes(24))).to.throw(UnwrapError)
    for (let i = 0; i < wrapped.length; i++) {
      const flipped = Uint8Array.from(wrapped)
      flipped[i] = (flipped[i] as number) ^ 0x01
      expect(() => bobWrapper.unwrap(alice.publicKey, flipped, nonce)).to.throw(UnwrapError)
    }
  })

  it('a wrapped key that is not exactly 48 bytes is UnwrapError', () => {
    const nonce = nacl.randomBytes(24)
    const wrapped = aliceWrapper.wrap(bob.publicKey, nacl.randomBytes(32), nonce)
    expect(() => bobWrapper.unwrap(alice.publicKey, wrapped.subarray(0, 47), nonce)).to.throw(UnwrapError)
    expect(() => bobWrapper.unwrap(alice.publicKey, new Uint8Array(49), nonce)).to.throw(UnwrapError)
    expect(() => bobWrapper.unwrap(alice.publicKey, new Uint8Array(0), nonce)).to.throw(UnwrapError)
  })

  it('wrong key and nonce lengths are KeyLengthError', () => {
    expect(() => aliceWrapper.wrap(bob.publicKey, new Uint8Array(31), new Uint8Array(24))).to.throw(KeyLengthError)
    expect(() => aliceWrapper.wrap(bob.publicKey, new Uint8Array(32), new Uint8Array(23))).to.throw(KeyLengthError)
    expect(() => aliceWrapper.unwrap(bob.publicKey, new Uint8Array(48), new Uint8Array(25))).to.throw(KeyLengthError)
  })

  it('refuses low-order and invalid peer keys with typed errors', () => {
    const key = nacl.randomBytes(32)
    const nonce = nacl.randomBytes(24)
    for (const low of ['0100000000000000000000000000000000000000000000000000000000000000', '0000000000000000000000000000000000000000000000000000000000000000', 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f']) {
      expect(() => aliceWrapper.wrap(hex(low), key, nonce)).to.throw(WeakKeyError)
      expect(() => aliceWrapper.unwrap(hex(low), new Uint8Array(48), nonce)).to.throw(WeakKeyError)
    }
    expect(() => aliceWrapper.wrap(new Uint8Array(32).fill(0xff), key, nonce)).to.throw(InvalidPublicKeyError)
    expect(() => aliceWrapper.wrap(new Uint8Array(31), key, nonce)).to.throw(InvalidPublicKeyError)
  })

  it('keeps working past its cache bound', () => {
    const peers = Array.from({ length: 5 }, () => NodeIdentity.generate())
    const key = nacl.randomBytes(32)
    const nonce = nacl.randomBytes(24)
    for (let round = 0; round < 2; round++) {
      for (const peer of peers) {
        const wrapped = new KeyWrapper({ identity: peer }).wrap(bob.publicKey, key, nonce)
        expect(toHex(bobWrapper.unwrap(peer.publicKey, wrapped, nonce))).to.equal(toHex(key))
      }
    }
  })
})
