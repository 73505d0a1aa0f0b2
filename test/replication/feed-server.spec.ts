import { expect } from 'chai'
import { pino } from 'pino'
import { framed } from '../../src/network/index.js'
import { FEED_PROTOCOL } from '../../src/replication/constants.js'
import { groupsFingerprint } from '../../src/replication/epoch.js'
import { FeedServer } from '../../src/replication/feed-server.js'
import { LogNotifier } from '../../src/replication/log-notifier.js'
import { FeedMessage, FeedRequest } from '../../src/replication/messages.js'
import { Store } from '../../src/store/store.js'
import { defaultGroups, directoryOf, fillStore, member, networkMesh, newMemberKey, policy } from './fixtures.js'
import type { FramedStream } from '../../src/network/index.js'
import type { JurisdictionGroups } from '../../src/directory/types.js'
import type { TestNet } from './fixtures.js'

/** Opens the feed of `server` from `client`; returns the hello and a reader. */
async function subscribe (client: TestNet, server: TestNet, request: (hello: { logId: string, epoch: string }) => { logId?: string, epoch?: string, since: number }, protocol = FEED_PROTOCOL): Promise<{ frames: FramedStream, hello: { logId: string, epoch: string }, close: () => void }> {
  const stream = await client.network.openStream(server.key, protocol, { idleTimeoutMs: 0 })
  const frames = framed(stream, { maxFrameBytes: 64 * 1024 })
  const hello = FeedMessage.decode((await frames.read({ signal: AbortSignal.timeout(5_000) }))!).hello!
  const asked = request(hello)
  await frames.write(FeedRequest.encode({ logId: asked.logId ?? hello.logId, epoch: asked.epoch ?? hello.epoch, since: BigInt(asked.since) }))
  return { frames, hello, close: () => { stream.abort(new Error('test done')) } }
}

/** Reads batches up to the first one with `tail`; returns the announced ids and the last head. */
async function untilTail (frames: FramedStream): Promise<{ ids: string[], head: number }> {
  const ids: string[] = []
  for (;;) {
    const batch = FeedMessage.decode((await frames.read({ signal: AbortSignal.timeout(5_000) }))!).batch!
    ids.push(...batch.entries.map(e => Buffer.from(e.id).toString('hex')))
    if (batch.tail) return { ids, head: Number(batch.head) }
  }
}

/**
 * The publishing side of the feed over real libp2p streams: it announces
 * exactly what the subscriber may receive by the server's own directory,
 * resumes inside one checkpoint scope and restarts from 0 outside it, stays
 * open for new entries, and ends when the subscriber's entry changes.
 */
describe('replication - feed server', function () {
  this.timeout(20_000)
  let groups: JurisdictionGroups
  let server: TestNet
  let client: TestNet
  let store: Store
  let notifier: LogNotifier
  let feed: FeedServer
  let stopNets: () => Promise<void>
  const other = newMemberKey()
  const expected: string[] = []

  before(async () => {
    groups = await defaultGroups()
    const mesh = await networkMesh(2)
    ;[server, client] = mesh.nets as [TestNet, TestNet]
    stopNets = mesh.stop
    store = await Store.openInMemory()
    const green = policy({ tlp: 'GREEN' }, groups)
    // In log order: what the client may get, and four kinds it may not.
    expected.push(...await fillStore(store, { count: 10, origin: server.key, recipients: [server.key, client.key], policy: green, label: 'ok' }))
    await fillStore(store, { count: 5, origin: server.key, recipients: [server.key], policy: green, label: 'unlisted' })
    await fillStore(store, { count: 5, origin: server.key, recipients: [server.key, client.key], policy: policy({ tlp: 'AMBER', deny: ['NL'] }, groups), label: 'denied' })
    await fillStore(store, { count: 5, origin: other, recipients: [other, server.key, client.key], policy: policy({ tlp: 'RED', members: [server.key, client.key] }, groups), label: 'red' })
    expected.push(...await fillStore(store, { count: 5, origin: other, recipients: [other, server.key, client.key], policy: green, label: 'relayed' }))
    // Delivered to the server by the client itself: the client holds them, they are not announced back.
    await fillStore(store, { count: 3, origin: other, recipients: [other, server.key, client.key], policy: green, label: 'from-client', from: client.key })
    notifier = new LogNotifier(await store.head())
    const directory = directoryOf(member(server.key, 'DK'), [member(client.key, 'NL'), member(other, 'FR')], groups)
    feed = new FeedServer({ store, directory, notifier, groups: () => groups, groupsFingerprint: () => groupsFingerprint(groups), logger: pino({ enabled: false }), penalise: () => {} })
    await server.network.handle(FEED_PROTOCOL, async (stream, peer) => feed.serve(stream, peer), { idleTimeoutMs: 0 })
  })

  after(async () => {
    feed.stop()
    await stopNets()
    await store.close()
  })

  it('announces, in log order, only what the subscriber may receive by the server\'s directory and does not hold already', async () => {
    const sub = await subscribe(client, server, () => ({ since: 0 }))
    const read = await untilTail(sub.frames)
    sub.close()
    expect(sub.hello.logId).to.equal(store.logId)
    expect(read.ids).to.deep.equal(expected)
    expect(read.head).to.equal(33)
  })

  it('resumes after `since` within the scope, and from 0 when the log id or the epoch differ', async () => {
    const resumed = await subscribe(client, server, () => ({ since: 25 }))
    expect((await untilTail(resumed.frames)).ids).to.deep.equal(expected.slice(10))
    resumed.close()
    for (const stale of [{ logId: 'another-log' }, { epoch: 'an-old-epoch' }]) {
      const restarted = await subscribe(client, server, () => ({ ...stale, since: 25 }))
      expect((await untilTail(restarted.frames)).ids, JSON.stringify(stale)).to.deep.equal(expected)
      restarted.close()
    }
  })

  it('stays open and announces what is stored later', async () => {
    const sub = await subscribe(client, server, () => ({ since: 0 }))
    await untilTail(sub.frames)
    const [late] = await fillStore(store, { count: 1, origin: server.key, recipients: [server.key, client.key], policy: policy({ tlp: 'GREEN' }, groups), label: 'late' })
    notifier.notify(await store.head())
    const batch = FeedMessage.decode((await sub.frames.read({ signal: AbortSignal.timeout(5_000) }))!).batch!
    expect(batch.entries.map(e => Buffer.from(e.id).toString('hex'))).to.deep.equal([late])
    expect(batch.tail).to.equal(true)
    sub.close()
  })

  it('sends its own new publications with their announcement, relayed ones and backlogs by id only', async () => {
    // The same feed with batches of 4: reads from 0 are full, i.e. a backlog.
    const small = new FeedServer({ store, directory: directoryOf(member(server.key, 'DK'), [member(client.key, 'NL'), member(other, 'FR')], groups), notifier, groups: () => groups, groupsFingerprint: () => groupsFingerprint(groups), logger: pino({ enabled: false }), penalise: () => {} }, { batchSize: 4 })
    await server.network.handle('/test/feed-batches-of-4', async (stream, peer) => small.serve(stream, peer), { idleTimeoutMs: 0 })
    const backlogSub = await subscribe(client, server, () => ({ since: 0 }), '/test/feed-batches-of-4')
    const backlog = FeedMessage.decode((await backlogSub.frames.read({ signal: AbortSignal.timeout(5_000) }))!).batch!
    expect(backlog.entries.length, 'own publications in the first 4 entries').to.equal(4)
    expect(backlog.entries.every(e => e.envelope == null), 'a full read (backlog) is announced by id').to.equal(true)
    backlogSub.close()
    small.stop()

    const sub = await subscribe(client, server, () => ({ since: 0 }))
    await untilTail(sub.frames)
    const green = policy({ tlp: 'GREEN' }, groups)
    const [own] = await fillStore(store, { count: 1, origin: server.key, recipients: [server.key, client.key], policy: green, label: 'inline-own', bytes: 300 })
    notifier.notify(await store.head())
    const live = FeedMessage.decode((await sub.frames.read({ signal: AbortSignal.timeout(5_000) }))!).batch!
    expect(live.entries.map(e => Buffer.from(e.id).toString('hex'))).to.deep.equal([own])
    expect(live.entries[0]!.envelope).to.deep.equal(await store.getEnvelope(own!))
    const [relayed] = await fillStore(store, { count: 1, origin: other, recipients: [other, server.key, client.key], policy: green, label: 'inline-relayed' })
    notifier.notify(await store.head())
    const later = FeedMessage.decode((await sub.frames.read({ signal: AbortSignal.timeout(5_000) }))!).batch!
    expect(later.entries.map(e => Buffer.from(e.id).toString('hex'))).to.deep.equal([relayed])
    expect(later.entries[0]!.envelope, 'a relayed id travels alone').to.equal(undefined)
    sub.close()
  })

  it('moves past removed entries at the end of its log, says tail once, and then sleeps', async () => {
    const own = await Store.openInMemory()
    const green = policy({ tlp: 'GREEN' }, groups)
    const kept = await fillStore(own, { count: 2, origin: server.key, recipients: [server.key, client.key], policy: green, label: 'kept' })
    await fillStore(own, { count: 3, origin: server.key, recipients: [server.key, client.key], policy: green, label: 'expiring', expires: 10 })
    expect(await own.purgeExpired(100)).to.have.length(3)
    const ownNotifier = new LogNotifier(await own.head())
    const feedOfOwn = new FeedServer({ store: own, directory: directoryOf(member(server.key, 'DK'), [member(client.key, 'NL')], groups), notifier: ownNotifier, groups: () => groups, groupsFingerprint: () => groupsFingerprint(groups), logger: pino({ enabled: false }), penalise: () => {} })
    await server.network.handle('/test/feed-removed-tail', async (stream, peer) => feedOfOwn.serve(stream, peer), { idleTimeoutMs: 0 })
    const sub = await subscribe(client, server, () => ({ since: 0 }), '/test/feed-removed-tail')
    const read = await untilTail(sub.frames)
    expect(read.ids).to.deep.equal(kept)
    expect(read.head, 'past the removed entries').to.equal(5)
    let more = 0
    const counting = (async () => { while ((await sub.frames.read().catch(() => null)) != null) more++ })()
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(more, 'no frame after the tail').to.equal(0)
    sub.close()
    await counting
    feedOfOwn.stop()
    await own.close()
  })

  it('announces only its own publications to an own-only subscriber (a direct link), and with echo the subscriber\'s own too', async () => {
    await server.network.handle('/test/feed-own-only', async (stream, peer) => feed.serve(stream, peer), { idleTimeoutMs: 0 })
    const records = await store.getRecords(expected)
    const own = expected.filter((_, i) => records[i]!.origin === server.key)
    expect(own.length, 'the fixture has own and relayed entries').to.be.within(1, expected.length - 1)
    const read = async (echo: boolean): Promise<string[]> => {
      const stream = await client.network.openStream(server.key, '/test/feed-own-only', { idleTimeoutMs: 0 })
      const frames = framed(stream, { maxFrameBytes: 64 * 1024 })
      const hello = FeedMessage.decode((await frames.read({ signal: AbortSignal.timeout(5_000) }))!).hello!
      await frames.write(FeedRequest.encode({ logId: hello.logId, epoch: hello.epoch, since: 0n, ownOnly: true, ...(echo ? { echo } : {}) }))
      const { ids } = await untilTail(frames)
      stream.abort(new Error('test done'))
      return ids
    }
    const ownOnly = await read(false)
    expect(ownOnly.slice(0, own.length)).to.deep.equal(own)
    expect(ownOnly.every(id => !expected.includes(id) || own.includes(id)), 'no relayed entry').to.equal(true)
    // Published by the client and delivered by it: echoed back to a restored subscriber, even own-only.
    const [fromClient] = await fillStore(store, { count: 1, origin: client.key, recipients: [client.key, server.key], policy: policy({ tlp: 'GREEN' }, groups), label: 'client-own', from: client.key })
    notifier.notify(await store.head())
    expect(await read(false)).to.not.include(fromClient)
    expect(await read(true)).to.include(fromClient)
  })

  it('does not announce to a subscriber its own publications, whoever delivered them, unless it asks for an echo', async () => {
    const green = policy({ tlp: 'GREEN' }, groups)
    // Published by the client, fetched from a third member (as while catching up): the client holds it.
    const [viaOther] = await fillStore(store, { count: 1, origin: client.key, recipients: [client.key, server.key, other], policy: green, label: 'client-own-via-other', from: other })
    const [relayed] = await fillStore(store, { count: 1, origin: other, recipients: [client.key, server.key, other], policy: green, label: 'relayed-after' })
    notifier.notify(await store.head())
    const plain = await subscribe(client, server, () => ({ since: 0 }))
    const announced = (await untilTail(plain.frames)).ids
    plain.close()
    expect(announced).to.include(relayed)
    expect(announced).to.not.include(viaOther)
    const stream = await client.network.openStream(server.key, FEED_PROTOCOL, { idleTimeoutMs: 0 })
    const frames = framed(stream, { maxFrameBytes: 64 * 1024 })
    const hello = FeedMessage.decode((await frames.read({ signal: AbortSignal.timeout(5_000) }))!).hello!
    await frames.write(FeedRequest.encode({ logId: hello.logId, epoch: hello.epoch, since: 0n, echo: true }))
    const echoed = (await untilTail(frames)).ids
    stream.abort(new Error('test done'))
    expect(echoed, 'restored from a backup, it may have lost its own').to.include(viaOther)
  })

  it('tells a caught-up subscriber a head moved over entries not for it only with its next announcement or after the head-only interval', async () => {
    const quiet = new FeedServer({ store, directory: directoryOf(member(server.key, 'DK'), [member(client.key, 'NL'), member(other, 'FR')], groups), notifier, groups: () => groups, groupsFingerprint: () => groupsFingerprint(groups), logger: pino({ enabled: false }), penalise: () => {} }, { lingerMs: 50, headOnlyMs: 1_500 })
    await server.network.handle('/test/feed-head-only', async (stream, peer) => quiet.serve(stream, peer), { idleTimeoutMs: 0 })
    const sub = await subscribe(client, server, () => ({ since: 0 }), '/test/feed-head-only')
    const first = await untilTail(sub.frames)
    const green = policy({ tlp: 'GREEN' }, groups)
    const frames: Array<{ at: number, head: number, ids: string[] }> = []
    const reading = (async () => {
      for (;;) {
        const frame = await sub.frames.read().catch(() => null)
        if (frame == null) return
        const batch = FeedMessage.decode(frame).batch!
        frames.push({ at: Date.now(), head: Number(batch.head), ids: batch.entries.map(e => Buffer.from(e.id).toString('hex')) })
      }
    })()
    const began = Date.now()
    // Three of our own publications the client may not receive (not listed), 100 ms apart.
    for (let i = 0; i < 3; i++) {
      await fillStore(store, { count: 1, origin: server.key, recipients: [server.key], policy: green, label: `not-for-client-${i}` })
      notifier.notify(await store.head(), true)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(frames, 'no head-only frame per publication').to.deep.equal([])
    // The next announcement carries the moved head.
    const [forClient] = await fillStore(store, { count: 1, origin: server.key, recipients: [server.key, client.key], policy: green, label: 'for-client' })
    notifier.notify(await store.head(), true)
    while (frames.length === 0) await new Promise(resolve => setTimeout(resolve, 20))
    expect(frames[0]!.ids).to.deep.equal([forClient])
    expect(frames[0]!.head).to.equal(await store.head())
    // A moved head alone leaves after the interval, once.
    await fillStore(store, { count: 1, origin: server.key, recipients: [server.key], policy: green, label: 'not-for-client-late' })
    notifier.notify(await store.head(), true)
    while (frames.length < 2 && Date.now() - began < 5_000) await new Promise(resolve => setTimeout(resolve, 20))
    expect(frames).to.have.length(2)
    expect(frames[1]!.ids).to.deep.equal([])
    expect(frames[1]!.head).to.equal(await store.head())
    expect(frames[1]!.at - frames[0]!.at, 'after the head-only interval').to.be.at.least(1_400)
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(frames, 'said once').to.have.length(2)
    expect(first.head).to.be.below(frames[1]!.head)
    sub.close()
    await reading
    quiet.stop()
  })

  it('hands the subscriber\'s request, follow flag included, to `onRequest`', async () => {
    const heard: Array<boolean | undefined> = []
    await server.network.handle('/test/feed-follow', async (stream, peer) => feed.serve(stream, peer, request => { heard.push(request.follow) }), { idleTimeoutMs: 0 })
    for (const follow of [true, undefined]) {
      const stream = await client.network.openStream(server.key, '/test/feed-follow', { idleTimeoutMs: 0 })
      const frames = framed(stream, { maxFrameBytes: 64 * 1024 })
      const hello = FeedMessage.decode((await frames.read({ signal: AbortSignal.timeout(5_000) }))!).hello!
      await frames.write(FeedRequest.encode({ logId: hello.logId, epoch: hello.epoch, since: 0n, ...(follow === true ? { follow } : {}) }))
      await untilTail(frames)
      stream.abort(new Error('test done'))
    }
    expect(heard).to.deep.equal([true, undefined])
  })

  it('ends the subscriber\'s feeds when its directory entry changes', async () => {
    const sub = await subscribe(client, server, () => ({ since: 0 }))
    await untilTail(sub.frames)
    feed.restart(client.key)
    let ended = false
    try {
      ended = (await sub.frames.read({ signal: AbortSignal.timeout(5_000) })) == null
    } catch (err) {
      ended = (err as Error).name !== 'TimeoutError'
    }
    expect(ended, 'the feed ended').to.equal(true)
  })
})
