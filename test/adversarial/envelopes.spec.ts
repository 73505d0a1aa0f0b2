import { expect } from 'chai'
import { loadIdentity } from '../../src/crypto/index.js'
import { ENVELOPE_SIGNATURE_DOMAIN } from '../../src/crypto/hash.js'
import { Envelope } from '../../src/envelope/envelope.js'
import { parseFrame } from '../../src/envelope/frame.js'
import { handBuild } from '../envelope/hand-built.js'
import { eventually, holds } from '../node/federation-helpers.js'
import { admitRogue, expectHonestServed, expectNotHeld, expectRejected, expectStrikes, newSigner, openArena, seal } from './arena.js'
import { offerOf } from './rogue-node.js'
import type { Arena } from './arena.js'
import type { RogueNode } from './rogue-node.js'

/**
 * A member turned hostile (or a member's stolen key) feeds the victim
 * envelopes that break one rule each. Every case asserts the four things a
 * defence must do: the victim does not store it, it still serves an honest
 * member afterwards, it audits the rejection with the peer and a reason, and
 * it counts the exact number of strikes against the rogue (proved by topping
 * up to the penalty threshold: the rogue stays connected at the threshold
 * and is disconnected one strike later). Rejections an honest peer can cause
 * through ordinary races (expired in flight, an origin our admin has not
 * added, a retraction that overtook the original) are audited but strike 0.
 */
describe('adversarial - lying envelopes from a member', function () {
  this.timeout(60_000)
  let arena: Arena
  let rogue: RogueNode

  before(async () => { arena = await openArena() })
  after(async () => { await arena.stop() })
  beforeEach(async () => { rogue = await admitRogue(arena) })
  afterEach(async () => { await rogue.stop() })

  /** Offers `bytes`, then checks rejection, non-storage, honest service and strikes. */
  async function expectRefused (bytes: Uint8Array, code: string, strikes: number, id = offerOf(bytes).id): Promise<void> {
    await rogue.offer({ id, bytes })
    const record = await expectRejected(arena.victim, rogue.key, code)
    expect(record.peer).to.equal(rogue.key)
    await expectNotHeld(arena.victim, offerOf(bytes).id)
    expect((await arena.victim.node.status()).rejects[code]).to.be.at.least(1)
    await expectHonestServed(arena)
    await expectStrikes(arena, rogue, strikes)
  }

  it('forged signature: a genuine header re-signed by the rogue', async () => {
    const genuine = seal(arena.ghost, { recipients: [arena.victim.key, rogue.key] })
    const frame = parseFrame(genuine.bytes)
    const forged = Envelope.encode({
      header: frame.header as Uint8Array<ArrayBuffer>,
      signature: rogue.identity.sign(ENVELOPE_SIGNATURE_DOMAIN, frame.header) as Uint8Array<ArrayBuffer>,
      ciphertext: frame.ciphertext as Uint8Array<ArrayBuffer>
    })
    await expectRefused(forged, 'ENVELOPE_BAD_SIGNATURE', 1)
  })

  it('valid signature by a key that is no member (benign code: an honest relay may carry an origin we lack)', async () => {
    const stranger = newSigner()
    await expectRefused(seal(stranger, { recipients: [arena.victim.key, rogue.key] }).bytes, 'RECEIVE_UNKNOWN_ORIGIN', 0)
  })

  it('a bundle listing the receiver whose policy excludes it (AMBER to FR only; the victim is DK)', async () => {
    const bytes = seal(newSignerOf(rogue), { recipients: [arena.victim.key], policy: { tlp: 'AMBER', allow: ['FR'] } }).bytes
    await expectRefused(bytes, 'RECEIVE_NOT_ELIGIBLE', 1)
  })

  it('a member forwarding a bundle to a node it does not list', async () => {
    const bytes = seal(arena.ghost, { recipients: [rogue.key] }).bytes
    await expectRefused(bytes, 'RECEIVE_NOT_RECIPIENT', 1)
  })

  it('a member relaying a bundle that does not list the relay itself', async () => {
    const bytes = seal(arena.ghost, { recipients: [arena.victim.key] }).bytes
    await expectRefused(bytes, 'RECEIVE_RELAY_NOT_RECIPIENT', 1)
  })

  it('a TLP:RED bundle relayed by anyone but its origin', async () => {
    const bytes = seal(arena.ghost, { recipients: [arena.victim.key, rogue.key], policy: { tlp: 'RED', members: [arena.victim.key, rogue.key] } }).bytes
    await expectRefused(bytes, 'RECEIVE_RED_RELAYED', 1)
  })

  it('recipients got different content keys (key commitment)', async () => {
    const victim = await loadIdentity(arena.victim.dataDir)
    const keys = [rogue.identity.publicKey, victim.publicKey].sort(Buffer.compare)
    const victimIndex = keys.findIndex(k => Buffer.compare(k, victim.publicKey) === 0)
    const other = new Uint8Array(32).fill(7)
    const bytes = handBuild(rogue, [{ identity: victim, wrapper: rogue.wrapper }], { keyFor: (index, key) => index === victimIndex ? other : key })
    await expectRefused(bytes, 'ENVELOPE_KEY_COMMITMENT', 1)
  })

  it('an expired bundle (benign code: it may expire in flight)', async () => {
    const now = Date.now()
    const bytes = seal(newSignerOf(rogue), { recipients: [arena.victim.key], created: now - 7_200_000, expires: now - 3_600_000 }).bytes
    await expectRefused(bytes, 'ENVELOPE_EXPIRED', 0)
  })

  it('a bundle signed by a suspended member\'s key (benign code: inactive origins look like unknown ones)', async () => {
    const suspended = newSigner()
    await arena.victim.node.addPeer({ key: suspended.key, name: 'stolen CERT', jurisdiction: 'DK', status: 'suspended' })
    await expectRefused(seal(suspended, { recipients: [arena.victim.key, rogue.key] }).bytes, 'RECEIVE_UNKNOWN_ORIGIN', 0)
  })

  it('an answer with another envelope than the one asked for', async () => {
    const asked = seal(arena.ghost, { recipients: [arena.victim.key, rogue.key] })
    const sent = seal(arena.ghost, { recipients: [arena.victim.key, rogue.key] })
    await expectRefused(sent.bytes, 'RECEIVE_ID_MISMATCH', 1, asked.id)
    await expectNotHeld(arena.victim, asked.id)
  })

  it('garbage in place of an envelope', async () => {
    await expectRefused(new Uint8Array(300).fill(0x5a), 'ENVELOPE_MALFORMED', 1)
  })

  it('a retracted bundle re-sent (benign code: a retraction may overtake its original)', async () => {
    const original = seal(arena.ghost, { recipients: [arena.victim.key, rogue.key] })
    await rogue.offer(offerOf(original.bytes))
    await eventuallyHeld(arena, original.id, true)
    const retraction = seal(arena.ghost, { recipients: [arena.victim.key, rogue.key], kind: 'RETRACTION', ref: original.id, content: new TextEncoder().encode('{"reason":"false positive"}') })
    await rogue.offer(offerOf(retraction.bytes))
    await eventuallyHeld(arena, original.id, false)
    await expectRefused(original.bytes, 'STORE_TOMBSTONED', 0)
  })
})

/** The rogue's own key as a signer: it is a member and may publish. */
function newSignerOf (rogue: RogueNode): ReturnType<typeof newSigner> {
  return newSigner(rogue.identity)
}

async function eventuallyHeld (arena: Arena, id: string, held: boolean): Promise<void> {
  expect(await eventually(async () => (await holds(arena.victim, id)) === held), `held = ${held}`).to.equal(true)
}
