import { expect } from 'chai'
import { pino } from 'pino'
import { Recovery } from '../../src/node/recovery.js'
import { Store } from '../../src/store/store.js'
import { member } from '../backup/helpers.js'
import { ALICE, BOB, CAROL } from '../store/fixtures.js'
import type { Member } from '../../src/directory/types.js'
import type { RecoveryState } from '../../src/store/types.js'

describe('node - recovery after a restore', () => {
  let store: Store
  let members: Map<string, Member>
  const state = (): RecoveryState => ({ restoredAt: 1, backupCreated: 0, previousLogId: 'old', pending: [ALICE, BOB] })
  const make = (s: RecoveryState | undefined): Recovery =>
    new Recovery({ store, directory: { get: key => members.get(key) }, logger: pino({ level: 'silent' }), now: () => 2 }, s)

  beforeEach(async () => {
    store = await Store.openInMemory()
    members = new Map([ALICE, BOB, CAROL].map(k => [k, member(k)]))
  })
  afterEach(async () => { await store.close() })

  it('holds publishing, naming the members, until every pending one is caught up; then clears the stored state', async () => {
    await store.setRecovery(state())
    const recovery = make(await store.recovery())
    expect(() => { recovery.checkMayPublish() }).to.throw().with.property('code', 'PUBLISH_HELD')
    expect(recovery.echo(ALICE)).to.equal(true)
    expect(recovery.echo(CAROL)).to.equal(false)
    recovery.caughtUp(ALICE)
    await recovery.settled()
    expect((await store.recovery())?.pending).to.deep.equal([BOB])
    const held = (() => { try { recovery.checkMayPublish() } catch (err) { return err as Error } })()
    expect(held?.message).to.include(BOB.slice(-6)).and.not.include(ALICE.slice(-6))
    recovery.caughtUp(BOB)
    await recovery.settled()
    expect(() => { recovery.checkMayPublish() }).to.not.throw()
    expect(recovery.current).to.equal(undefined)
    expect(await store.recovery()).to.equal(undefined)
  })

  it('a suspended or removed member is not waited for', async () => {
    const recovery = make(state())
    members.set(ALICE, member(ALICE, 'suspended'))
    members.delete(BOB)
    expect(recovery.waitingFor()).to.deep.equal([])
    expect(() => { recovery.checkMayPublish() }).to.not.throw()
    await recovery.settled()
    expect(recovery.current).to.equal(undefined)
  })

  it("raises a counter to the peer's seenFromYou only while catching up with it, and never lowers one", async () => {
    const recovery = make(state())
    await recovery.seenFromYou(ALICE, 7)
    expect(await store.getCounter(ALICE)).to.equal(7)
    await recovery.seenFromYou(ALICE, 3)
    expect(await store.getCounter(ALICE)).to.equal(7)
    await recovery.seenFromYou(CAROL, 9) // not pending: a peer cannot push our counters outside a restore
    expect(await store.getCounter(CAROL)).to.equal(0)
    const idle = make(undefined)
    await idle.seenFromYou(BOB, 5)
    expect(await store.getCounter(BOB)).to.equal(0)
    expect(idle.echo(BOB)).to.equal(false)
  })
})
