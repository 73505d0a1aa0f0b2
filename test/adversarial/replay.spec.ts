import { expect } from 'chai'
import { auditRecords, eventually, holds, restartMember } from '../node/federation-helpers.js'
import { admitRogue, expectHonestServed, openArena, seal } from './arena.js'
import { offerOf } from './rogue-node.js'
import type { Arena } from './arena.js'
import type { RogueNode } from './rogue-node.js'

/**
 * Replay: a member announces and serves a bundle the victim already holds,
 * on the same feed and on a feed restarted from 0 under a new log id, before
 * and after the victim restarts. Storage is idempotent by bundle id: the
 * victim neither fetches it again nor logs, indexes or audits it twice.
 */
describe('adversarial - replay of a known bundle', function () {
  this.timeout(60_000)
  let arena: Arena
  let rogue: RogueNode

  before(async () => {
    arena = await openArena()
    rogue = await admitRogue(arena)
  })
  after(async () => {
    await rogue.stop()
    await arena.stop()
  })

  /** Offers a fresh genuine bundle after the replay and waits for it: the victim has processed the replay's batch. */
  async function settle (): Promise<void> {
    const marker = seal(arena.ghost, { recipients: [arena.victim.key, rogue.key] })
    await rogue.offer(offerOf(marker.bytes))
    expect(await eventually(async () => holds(arena.victim, marker.id)), 'marker delivered').to.equal(true)
  }

  async function expectOnce (id: string): Promise<void> {
    const page = await arena.victim.node.listBundles({ limit: 1000 })
    expect(page.items.filter(b => b.id === id)).to.have.length(1)
    const receives = (await auditRecords(arena.victim, 'receive')).filter(r => r.id === id)
    expect(receives, 'stored (and audited) once').to.have.length(1)
    expect(rogue.fetched.flat().filter(f => f === id), 'fetched once').to.have.length(1)
    expect((await arena.victim.node.search('198.18.0.1')).filter(h => h.bundleId === id), 'indexed once').to.have.length(1)
  }

  it('is idempotent before and after the victim restarts', async () => {
    const genuine = seal(arena.ghost, { recipients: [arena.victim.key, rogue.key], n: 0 })
    await rogue.offer(offerOf(genuine.bytes))
    expect(await eventually(async () => holds(arena.victim, genuine.id)), 'first delivery').to.equal(true)
    // A read can see a bundle a moment before its batch is acknowledged and the
    // counters move (src/store/README.md): take the head once they have.
    expect(await eventually(async () => (await arena.victim.node.status()).bundles.stored === 1), 'first delivery acknowledged').to.equal(true)

    // Same feed, a later position.
    const head = (await arena.victim.node.status()).logHead
    await rogue.offer(offerOf(genuine.bytes))
    await settle()
    expect((await arena.victim.node.status()).logHead, 'only the marker was logged').to.equal(head + 1)
    await expectOnce(genuine.id)

    // The victim restarts; the rogue presents a new log id, so the victim reads its feed from 0.
    await arena.victim.node.stop()
    await restartMember(arena.victim)
    rogue.logId = 'replayed-log'
    expect(await eventually(() => rogue.connectedTo(arena.victim.key), 10_000), 'the victim dialled the rogue again').to.equal(true)
    await rogue.offer(offerOf(genuine.bytes))
    await settle()
    await expectOnce(genuine.id)
    const status = await arena.victim.node.status()
    expect(status.bundles.stored).to.equal((await arena.victim.node.listBundles({ limit: 1000 })).items.length)
    expect((await arena.victim.node.verifyAudit()).ok, 'audit chain intact across the restart').to.equal(true)
    await expectHonestServed(arena)
  })
})
