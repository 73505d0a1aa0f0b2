import { inspect } from 'node:util'
import { expect } from 'chai'
import nacl from 'tweetnacl'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { KeyLengthError } from '../../src/crypto/errors.js'
import { ENVELOPE_SIGNATURE_DOMAIN } from '../../src/crypto/hash.js'
import { NodeIdentity } from '../../src/crypto/identity.js'
import { parseMemberKey } from '../../src/crypto/member-key.js'
import { verifyDomain } from '../../src/crypto/signature.js'

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('crypto - identity', () => {
  it('fromSeed gives the tweetnacl public key and a matching member key', () => {
    const seed = nacl.randomBytes(32)
    const identity = NodeIdentity.fromSeed(seed)
    expect(toHex(identity.publicKey)).to.equal(toHex(nacl.sign.keyPair.fromSeed(seed).publicKey))
    expect(identity.memberKey).to.match(/^12D3KooW/)
    expect(toHex(parseMemberKey(identity.memberKey))).to.equal(toHex(identity.publicKey))
  })

  it('parseMemberKey gives the same key on a cached parse, as a copy its caller may change; bad keys are refused every time', () => {
    const identity = NodeIdentity.generate()
    const first = parseMemberKey(identity.memberKey)
    first.fill(0)
    expect(toHex(parseMemberKey(identity.memberKey))).to.equal(toHex(identity.publicKey))
    expect(parseMemberKey(identity.memberKey)).to.not.equal(parseMemberKey(identity.memberKey))
    for (let i = 0; i < 2; i++) expect(() => parseMemberKey(`${identity.memberKey}x`)).to.throw(/not a member key/)
  })

  it('generate gives distinct identities', () => {
    expect(NodeIdentity.generate().memberKey).to.not.equal(NodeIdentity.generate().memberKey)
  })

  it('toLibp2pPrivateKey has the PeerId equal to memberKey', () => {
    const identity = NodeIdentity.generate()
    const privateKey = identity.toLibp2pPrivateKey()
    expect(privateKey.type).to.equal('Ed25519')
    expect(peerIdFromPrivateKey(privateKey).toString()).to.equal(identity.memberKey)
  })

  it('signs with the domain tag, verifiable by its public key', () => {
    const identity = NodeIdentity.generate()
    const message = Uint8Array.of(1, 2, 3)
    const signature = identity.sign(ENVELOPE_SIGNATURE_DOMAIN, message)
    expect(signature).to.have.length(64)
    expect(verifyDomain(identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, signature)).to.equal(true)
  })

  it('never shows secret material in JSON, inspect, toString or its own keys', () => {
    const seed = nacl.randomBytes(32)
    const identity = NodeIdentity.fromSeed(seed)
    const secretForms = [
      toHex(seed), Buffer.from(seed).toString('base64'),
      toHex(identity.x25519SecretKey), Buffer.from(identity.x25519SecretKey).toString('base64')
    ]
    const shown = [JSON.stringify(identity), inspect(identity, { showHidden: true, depth: 10 }), String(identity), `${identity}`, JSON.stringify(Object.entries(identity))]
    for (const text of shown) {
      for (const secret of secretForms) expect(text).to.not.include(secret)
      expect(text).to.not.match(/seed|secret/i)
    }
    expect(JSON.parse(JSON.stringify(identity))).to.deep.equal({ memberKey: identity.memberKey })
    expect(Object.keys(identity)).to.not.include('x25519SecretKey')
    expect(inspect(identity)).to.include(identity.memberKey)
  })

  it('x25519SecretKey and exportSeed hand out copies', () => {
    const identity = NodeIdentity.generate()
    identity.x25519SecretKey.fill(0)
    identity.exportSeed().fill(0)
    expect(identity.x25519SecretKey.some(b => b !== 0)).to.equal(true)
    expect(identity.exportSeed().some(b => b !== 0)).to.equal(true)
  })

  it('fromSeed copies the seed and rejects a wrong length', () => {
    const seed = nacl.randomBytes(32)
    const identity = NodeIdentity.fromSeed(seed)
    const before = identity.memberKey
    seed.fill(0)
    expect(identity.exportSeed().some(b => b !== 0)).to.equal(true)
    expect(identity.memberKey).to.equal(before)
    expect(() => NodeIdentity.fromSeed(new Uint8Array(31))).to.throw(KeyLengthError)
  })
})
