import { diffieHellman, generateKeyPairSync } from 'node:crypto'
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { expect } from 'chai'
import nacl from 'tweetnacl'
import { InvalidPublicKeyError, KeyLengthError, WeakKeyError } from '../../src/crypto/errors.js'
import { NodeIdentity } from '../../src/crypto/identity.js'
import { ed25519PublicKeyToX25519, ed25519SeedToX25519, x25519BoxKey, x25519PrivateKeyObject } from '../../src/crypto/x25519.js'

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'))
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

// libsodium test/default/ed25519_convert.c and ed25519_convert.exp.
const LIBSODIUM_SEED = hex('421151a459faeade3d247115f94aedae42318124095afabe4d1451a559faedee')
const LIBSODIUM_CURVE_PK = 'f1814f0e8ff1043d8a44d25babff3cedcae6c22c3edaa48f857ae70de2baae50'
const LIBSODIUM_CURVE_SK = '8052030376d47112be7f73ed7a019293dd12ad910b654455798b4667d73de166'

// X25519 u-coordinates of small order, and their non-canonical aliases
// (the list published with Curve25519 / used by libsodium's blocklist).
const LOW_ORDER_X25519 = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'
]

describe('crypto - x25519', () => {
  it('converts keys like libsodium (published ed25519_convert vector)', () => {
    const edPublic = ed25519.getPublicKey(LIBSODIUM_SEED)
    expect(toHex(ed25519PublicKeyToX25519(edPublic))).to.equal(LIBSODIUM_CURVE_PK)
    expect(toHex(ed25519SeedToX25519(LIBSODIUM_SEED))).to.equal(LIBSODIUM_CURVE_SK)
  })

  it('converted secret times the base point is the converted public key', () => {
    for (let i = 0; i < 20; i++) {
      const identity = NodeIdentity.generate()
      const secret = identity.x25519SecretKey
      expect(toHex(x25519.getPublicKey(secret))).to.equal(toHex(identity.x25519PublicKey))
      expect(toHex(nacl.scalarMult.base(secret))).to.equal(toHex(identity.x25519PublicKey))
    }
  })

  it('secret conversion agrees with @noble/curves toMontgomerySecret', () => {
    const seed = Uint8Array.from({ length: 32 }, (_, i) => i * 7)
    expect(toHex(ed25519SeedToX25519(seed))).to.equal(toHex(ed25519.utils.toMontgomerySecret(seed)))
  })

  it('nacl.box between converted keys interoperates both ways', () => {
    const alice = NodeIdentity.generate()
    const bob = NodeIdentity.generate()
    const nonce = nacl.randomBytes(24)
    const message = new TextEncoder().encode('converted keys talk')
    const boxed = nacl.box(message, nonce, ed25519PublicKeyToX25519(bob.publicKey), alice.x25519SecretKey)
    const opened = nacl.box.open(boxed, nonce, ed25519PublicKeyToX25519(alice.publicKey), bob.x25519SecretKey)
    expect(opened).to.not.equal(null)
    expect(toHex(opened as Uint8Array)).to.equal(toHex(message))
  })

  it('x25519BoxKey equals nacl.box.before', () => {
    for (let i = 0; i < 10; i++) {
      const mine = nacl.box.keyPair()
      const theirs = nacl.box.keyPair()
      const key = x25519BoxKey(x25519PrivateKeyObject(mine.secretKey), theirs.publicKey)
      expect(toHex(key)).to.equal(toHex(nacl.box.before(theirs.publicKey, mine.secretKey)))
    }
  })

  it('x25519BoxKey refuses every low-order public key with WeakKeyError', () => {
    const secret = x25519PrivateKeyObject(nacl.box.keyPair().secretKey)
    for (const low of LOW_ORDER_X25519) {
      expect(() => x25519BoxKey(secret, hex(low)), low).to.throw(WeakKeyError)
    }
  })

  it('node:crypto X25519 agrees with a generated OpenSSL key pair', () => {
    const a = generateKeyPairSync('x25519')
    const b = generateKeyPairSync('x25519')
    const bRaw = new Uint8Array(b.publicKey.export({ format: 'der', type: 'spki' }).subarray(12))
    const aRaw = new Uint8Array(a.publicKey.export({ format: 'der', type: 'spki' }).subarray(12))
    const viaOurs = x25519BoxKey(a.privateKey, bRaw)
    const again = x25519BoxKey(b.privateKey, aRaw)
    expect(toHex(viaOurs)).to.equal(toHex(again))
    const direct = diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey })
    expect(toHex(viaOurs)).to.not.equal(direct.toString('hex'))
  })

  describe('refuses unusable Ed25519 public keys with typed errors', () => {
    const cases: Array<[string, Uint8Array, new (...args: any[]) => Error]> = [
      ['too short', new Uint8Array(31), InvalidPublicKeyError],
      ['too long', new Uint8Array(33), InvalidPublicKeyError],
      ['y >= p (non-canonical)', new Uint8Array(32).fill(0xff), InvalidPublicKeyError],
      ['not on the curve (y = 2)', hex('0200000000000000000000000000000000000000000000000000000000000000'), InvalidPublicKeyError],
      ['identity point', hex('0100000000000000000000000000000000000000000000000000000000000000'), WeakKeyError],
      ['order-2 point (y = -1)', hex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'), WeakKeyError],
      ['order-4 point (y = 0)', new Uint8Array(32), WeakKeyError],
      ['order-8 point', hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'), WeakKeyError]
    ]
    for (const [name, key, errorClass] of cases) {
      it(name, () => {
        expect(() => ed25519PublicKeyToX25519(key)).to.throw(errorClass)
      })
    }

    it('a point with a torsion component (mixed order)', () => {
      const base = ed25519.Point.fromBytes(NodeIdentity.generate().publicKey)
      const torsion = ed25519.Point.fromBytes(hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'))
      expect(() => ed25519PublicKeyToX25519(base.add(torsion).toBytes())).to.throw(WeakKeyError)
    })
  })

  it('rejects wrong-length seeds and secrets', () => {
    expect(() => ed25519SeedToX25519(new Uint8Array(31))).to.throw(KeyLengthError)
    expect(() => x25519PrivateKeyObject(new Uint8Array(33))).to.throw(KeyLengthError)
    expect(() => x25519BoxKey(x25519PrivateKeyObject(new Uint8Array(32)), new Uint8Array(31))).to.throw(InvalidPublicKeyError)
  })
})
