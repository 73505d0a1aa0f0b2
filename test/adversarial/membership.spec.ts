import { expect } from 'chai'
import { lpStream } from '@libp2p/utils'
import { FEED_PROTOCOL } from '../../src/replication/constants.js'
import { FeedMessage, FeedRequest } from '../../src/replication/messages.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, eventually, holds } from '../node/federation-helpers.js'
import { admitRogue, expectHonestServed, expectNotHeld, expectRejected, expectShutOut, newSigner, openArena, seal } from './arena.js'
import { RogueNode, offerOf } from './rogue-node.js'
import type { Arena } from './arena.js'

/**
 * Who may talk at all: outsiders, suspended members and stolen keys; and
 * what a member may ask for: only what it may hold.
 */
describe('adversarial - membership, stolen keys and over-asking', function () {
  this.timeout(60_000)
  let arena: Arena
  const rogues: RogueNode[] = []

  before(async () => { arena = await openArena() })
  after(async () => {
    for (const rogue of rogues) await rogue.stop()
    await arena.stop()
  })

  it('an outsider (a key in no directory) gets no stream', async () => {
    const outsider = await RogueNode.start()
    rogues.push(outsider)
    await outsider.connectTo(arena.victim.key, arena.victim.node.listenAddresses())
    await expectShutOut(arena, outsider)
    await expectHonestServed(arena)
  })

  it('a member suspended by the admin is cut off at once and refused afterwards', async () => {
    const rogue = await admitRogue(arena)
    rogues.push(rogue)
    await arena.victim.node.updatePeer(rogue.key, { status: 'suspended' })
    expect(await eventually(() => !arena.victim.node.listPeers().some(p => p.key === rogue.key && p.connected), 5_000)).to.equal(true)
    await expectShutOut(arena, rogue)
    const late = seal(newSigner(rogue.identity), { recipients: [arena.victim.key] })
    await rogue.offer(offerOf(late.bytes))
    await new Promise(resolve => setTimeout(resolve, 300))
    await expectNotHeld(arena.victim, late.id)
    const directory = (await auditRecords(arena.victim, 'directory')).filter(r => r.peer === rogue.key)
    expect(directory.length, 'the suspension is audited').to.be.at.least(2)
    await expectHonestServed(arena)
  })

  it('a stolen member key works until suspended; then its bundles are refused even when another member relays them', async () => {
    const owner = newSigner()
    await arena.victim.node.addPeer({ key: owner.key, name: 'owner CERT', jurisdiction: 'DK' })
    const thief = await RogueNode.start(owner.identity)
    rogues.push(thief)
    await thief.connectTo(arena.victim.key, arena.victim.node.listenAddresses())
    expect(await eventually(() => thief.connectedTo(arena.victim.key))).to.equal(true)
    // Indistinguishable from the owner: accepted.
    const before = seal(owner, { recipients: [arena.victim.key] })
    await thief.offer(offerOf(before.bytes))
    expect(await eventually(async () => holds(arena.victim, before.id)), 'a stolen key is a valid key until the admin acts').to.equal(true)

    await arena.victim.node.updatePeer(owner.key, { status: 'suspended' })
    await expectShutOut(arena, thief)
    const accomplice = await admitRogue(arena)
    rogues.push(accomplice)
    const after = seal(owner, { recipients: [arena.victim.key, accomplice.key] })
    await accomplice.offer(offerOf(after.bytes))
    const record = await expectRejected(arena.victim, accomplice.key, 'RECEIVE_UNKNOWN_ORIGIN')
    expect(record.id).to.equal(after.id)
    await expectNotHeld(arena.victim, after.id)
    await expectHonestServed(arena)
  })

  it('a member asking for bundles it may not hold is refused, audited, and never sees them on its feed', async () => {
    const rogue = await admitRogue(arena)
    rogues.push(rogue)
    const hidden = await arena.victim.node.publish({ stix: indicatorBundle(1, { label: 'hidden' }).stix, policy: { tlp: 'AMBER', members: [arena.honest.key] } })
    const open = await arena.victim.node.publish({ stix: indicatorBundle(2, { label: 'open' }).stix, policy: { tlp: 'GREEN' } })
    expect(hidden.recipients.map(r => r.key)).to.not.include(rogue.key)

    const [refused] = await rogue.fetchFrom(arena.victim.key, [hidden.id])
    expect(refused!.envelope, 'no envelope bytes for a non-recipient').to.equal(undefined)
    expect(refused!.refused).to.be.a('string').and.not.equal('')
    const sends = (await auditRecords(arena.victim, 'send')).filter(r => r.peer === rogue.key)
    expect(JSON.stringify(sends.map(r => r.detail))).to.include(hidden.id)

    const stream = await rogue.openStream(arena.victim.key, FEED_PROTOCOL)
    const lp = lpStream(stream)
    const hello = FeedMessage.decode(await lp.read()).hello!
    await lp.write(FeedRequest.encode({ logId: hello.logId, epoch: hello.epoch, since: 0n }))
    const announced: string[] = []
    for (;;) {
      const batch = FeedMessage.decode(await lp.read({ signal: AbortSignal.timeout(5_000) })).batch!
      announced.push(...batch.entries.map(e => Buffer.from(e.id).toString('hex')))
      if (batch.tail) break
    }
    stream.abort(new Error('done'))
    expect(announced).to.include(open.id)
    expect(announced).to.not.include(hidden.id)
  })
})
