import { expect } from 'chai'
import { pino } from 'pino'
import { KeyWrapper } from '../../src/crypto/index.js'
import { framed } from '../../src/network/index.js'
import { FEED_BATCH_SIZE, FEED_PROTOCOL, FETCH_PROTOCOL, MAX_PENDING_PER_FEED } from '../../src/replication/constants.js'
import { groupsFingerprint } from '../../src/replication/epoch.js'
import { FeedClient } from '../../src/replication/feed-client.js'
import { FeedServer } from '../../src/replication/feed-server.js'
import { FetchScheduler } from '../../src/replication/fetch-scheduler.js'
import { LogNotifier } from '../../src/replication/log-notifier.js'
import { FetchRequest, FetchResponse } from '../../src/replication/messages.js'
import { ReceivePipeline } from '../../src/replication/receive-pipeline.js'
import { Store } from '../../src/store/store.js'
import { defaultGroups, directoryOf, fillStore, member, networkMesh, policy } from './fixtures.js'
import type { TestNet } from './fixtures.js'

const ENTRIES = 5_000
const LIMITS = { maxFrameBytes: 4 * 1024 * 1024, maxHeaderBytes: 256 * 1024, maxRecipients: 1000, maxPlaintextBytes: 3 * 1024 * 1024 }
const silent = pino({ enabled: false })
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

/**
 * A subscriber whose fetches do not complete stops reading its feed once
 * MAX_PENDING_PER_FEED announced ids are unresolved, and its checkpoint does
 * not move; when the fetches are answered it reads on and catches up. With
 * 5,000 entries queued at the publisher, the subscriber holds at most one
 * batch beyond the cap.
 */
describe('replication - feed client', function () {
  this.timeout(30_000)
  let server: TestNet
  let client: TestNet
  let serverStore: Store
  let clientStore: Store
  let stopNets: () => Promise<void>
  let feed: FeedServer
  let openGate: () => void
  const gate = new Promise<void>(resolve => { openGate = resolve })

  before(async () => {
    const groups = await defaultGroups()
    const mesh = await networkMesh(2)
    ;[server, client] = mesh.nets as [TestNet, TestNet]
    stopNets = mesh.stop
    serverStore = await Store.openInMemory()
    clientStore = await Store.openInMemory()
    await fillStore(serverStore, { count: ENTRIES, origin: server.key, recipients: [server.key, client.key], policy: policy({ tlp: 'GREEN' }, groups), label: 'queued' })
    const directory = directoryOf(member(server.key, 'DK'), [member(client.key, 'DK')], groups)
    feed = new FeedServer({ store: serverStore, directory, notifier: new LogNotifier(await serverStore.head()), groups: () => groups, groupsFingerprint: () => groupsFingerprint(groups), logger: silent, penalise: () => {} })
    await server.network.handle(FEED_PROTOCOL, async (stream, peer) => feed.serve(stream, peer), { idleTimeoutMs: 0 })
    // Fetches hang until the gate opens, then every id is refused (the made-up envelopes are not real).
    await server.network.handle(FETCH_PROTOCOL, async stream => {
      const frames = framed(stream)
      const request = await frames.read()
      if (request == null) return
      await gate
      const ids = FetchRequest.decode(request).ids
      await frames.writeMany(ids.map(id => FetchResponse.encode({ id, refused: 'not stored here' })))
      await frames.close()
    }, { idleTimeoutMs: 0, maxInboundStreams: 64 })
  })

  after(async () => {
    openGate()
    feed.stop()
    await stopNets()
    await serverStore.close()
    await clientStore.close()
  })

  it('stops reading at the pending cap, then catches up once fetches resolve', async () => {
    const groups = await defaultGroups()
    const identity = client.identity
    const directory = directoryOf(member(client.key, 'DK'), [member(server.key, 'DK')], groups)
    const scheduler = new FetchScheduler({
      openStream: async (peer, protocol) => client.network.openStream(peer, protocol, { idleTimeoutMs: 0 }),
      has: async id => clientStore.has(id),
      pipeline: new ReceivePipeline({ identity, wrapper: new KeyWrapper({ identity }), directory, store: clientStore, groups: () => groups, now: Date.now }, { limits: LIMITS }),
      onOutcome: async () => {},
      logger: silent,
      penalise: () => {}
    }, { maxFrameBytes: LIMITS.maxFrameBytes })
    const subscription = new FeedClient({
      openStream: async (peer, protocol) => client.network.openStream(peer, protocol, { idleTimeoutMs: 0 }),
      store: clientStore,
      scheduler,
      localEpoch: () => 'local'
    }, { peer: server.key, checkpointIntervalMs: 50 })
    const running = subscription.run()

    await sleep(1_000)
    const stalled = { ...subscription.progress }
    await sleep(500)
    const later = { ...subscription.progress }
    console.log(`      ${ENTRIES} queued: stalled with ${stalled.pending} pending at head ${stalled.head}; feed bytes sent ${server.network.stats(FEED_PROTOCOL).bytesOut}, read ${client.network.stats(FEED_PROTOCOL).bytesIn}`)
    expect(stalled.pending).to.be.within(MAX_PENDING_PER_FEED, MAX_PENDING_PER_FEED + FEED_BATCH_SIZE)
    expect(stalled.head, 'stopped reading before the end of the log').to.be.below(ENTRIES)
    expect(later, 'no progress while fetches hang').to.deep.equal(stalled)
    expect(stalled.checkpoint, 'the checkpoint waits for resolution').to.equal(0)
    expect(await clientStore.getCheckpoint(server.key, stalled.scope!)).to.equal(0)

    openGate()
    const deadline = Date.now() + 20_000
    while (!subscription.progress.caughtUp && Date.now() < deadline) await sleep(50)
    expect(subscription.progress).to.include({ caughtUp: true, pending: 0, head: ENTRIES, checkpoint: ENTRIES })
    subscription.stop()
    await running.catch(() => {})
    expect(await clientStore.getCheckpoint(server.key, stalled.scope!), 'checkpoint persisted when the feed ends').to.equal(ENTRIES)
  })
})
