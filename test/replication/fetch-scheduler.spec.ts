import { expect } from 'chai'
import { pino } from 'pino'
import { KeyWrapper } from '../../src/crypto/index.js'
import { FETCH_PROTOCOL } from '../../src/replication/constants.js'
import { FetchScheduler } from '../../src/replication/fetch-scheduler.js'
import { FetchServer } from '../../src/replication/fetch-server.js'
import { ReceivePipeline } from '../../src/replication/receive-pipeline.js'
import { StoreClosedError } from '../../src/store/errors.js'
import { Store } from '../../src/store/store.js'
import { defaultGroups, directoryOf, member, networkMesh, policy, storeSealed } from './fixtures.js'
import type { JurisdictionGroups } from '../../src/directory/types.js'
import type { Resolution } from '../../src/replication/fetch-scheduler.js'
import type { TestNet } from './fixtures.js'
import type { Stream } from '@libp2p/interface'

const LIMITS = { maxFrameBytes: 4 * 1024 * 1024, maxHeaderBytes: 256 * 1024, maxRecipients: 1000, maxPlaintextBytes: 3 * 1024 * 1024 }
const silent = pino({ enabled: false })

interface Server { net: TestNet, store: Store, sent: number, requests: number, streams: Stream[] }

/**
 * The fetch scheduler against three real fetch servers over libp2p: each id
 * is fetched once however many peers announce it, from the first announcer,
 * with the others as fallbacks; ids wanted together leave in bounded batches;
 * an id that arrived meanwhile is not fetched at all.
 */
describe('replication - fetch scheduler', function () {
  this.timeout(30_000)
  let groups: JurisdictionGroups
  let client: TestNet
  let servers: Server[]
  let clientStore: Store
  let stopNets: () => Promise<void>
  let ids: string[]
  let onlyLater: string[]
  let originOnly: string[]
  let open = 0
  let maxOpen = 0
  let opened = 0
  const made: FetchScheduler[] = []

  before(async () => {
    groups = await defaultGroups()
    const mesh = await networkMesh(4)
    stopNets = mesh.stop
    client = mesh.nets[0]!
    servers = []
    for (const net of mesh.nets.slice(1)) servers.push({ net, store: await Store.openInMemory(), sent: 0, requests: 0, streams: [] })
    const keys = mesh.nets.map(n => n.key)
    const origin = servers[0]!.net
    const green = policy({ tlp: 'GREEN' }, groups)
    ids = await storeSealed(servers[0]!.store, { origin: origin.identity, recipients: keys, policy: green, count: 100, label: 'sched' })
    onlyLater = await storeSealed(servers[0]!.store, { origin: origin.identity, recipients: keys, policy: green, count: 3, label: 'sched-later' })
    originOnly = await storeSealed(servers[0]!.store, { origin: origin.identity, recipients: keys, policy: green, count: 7, label: 'sched-origin' })
    // Both relays hold copies of `ids`; of the `onlyLater` ids, only the first relay holds the second.
    for (const [i, relay] of servers.slice(1).entries()) {
      for (const id of i === 0 ? [...ids, onlyLater[1]!] : ids) {
        const record = (await servers[0]!.store.getRecord(id))!
        await relay.store.accept({ id, envelope: (await servers[0]!.store.getEnvelope(id))!, record: { ...record, from: origin.key }, observables: [], audit: { type: 'receive', at: 1, id } })
      }
    }
    for (const server of servers) {
      const others = mesh.nets.filter(n => n !== server.net).map(n => member(n.key, 'DK'))
      const fetch = new FetchServer({
        store: server.store,
        directory: directoryOf(member(server.net.key, 'DK'), others, groups),
        groups: () => groups,
        logger: silent,
        now: Date.now,
        penalise: () => {},
        recordSends: (_peer, sends) => { server.sent += sends.sent.length; server.requests++ }
      }, { maxFrameBytes: LIMITS.maxFrameBytes })
      await server.net.network.handle(FETCH_PROTOCOL, async (stream, peer) => {
        server.streams.push(stream)
        await fetch.serve(stream, peer)
      })
    }
    clientStore = await Store.openInMemory()
  })

  afterEach(async () => {
    // Stopping closes each scheduler's idle fetch streams, so no test counts another's.
    for (const s of made.splice(0)) s.stop()
    await new Promise(resolve => setTimeout(resolve, 50))
  })

  after(async () => {
    await stopNets()
    for (const s of [...servers, { store: clientStore }]) await s.store.close()
  })

  function scheduler (init: { batchSize?: number, maxInFlight?: number } = {}): FetchScheduler {
    const identity = client.identity
    const directory = directoryOf(member(client.key, 'DK'), servers.map(s => member(s.net.key, 'DK')), groups)
    const pipeline = new ReceivePipeline({ identity, wrapper: new KeyWrapper({ identity }), directory, store: clientStore, groups: () => groups, now: Date.now }, { limits: LIMITS })
    const made1 = new FetchScheduler({
      openStream: async (peer, protocol) => {
        const stream = await client.network.openStream(peer, protocol)
        opened++
        maxOpen = Math.max(maxOpen, ++open)
        stream.addEventListener('close', () => { open-- }, { once: true })
        return stream
      },
      has: async id => clientStore.has(id),
      pipeline,
      onOutcome: async () => {},
      logger: silent,
      penalise: () => {}
    }, { maxFrameBytes: LIMITS.maxFrameBytes, ...init })
    made.push(made1)
    return made1
  }

  const reset = (): void => { for (const s of servers) { s.sent = 0; s.requests = 0 } }

  it('fetches an id announced by three peers once, from the first announcer', async () => {
    reset()
    const s = scheduler()
    const [a, b, c] = servers.map(x => x.net.key) as [string, string, string]
    const results = await Promise.all([s.want(ids[0]!, b), s.want(ids[0]!, a), s.want(ids[0]!, c)])
    expect(results.map(r => r.status)).to.deep.equal(['stored', 'stored', 'stored'])
    expect(servers.map(x => x.sent)).to.deep.equal([0, 1, 0])
    expect(s.size).to.equal(0)
  })

  it('falls back to the next announcer when the first does not hold the id', async () => {
    reset()
    const s = scheduler()
    const [a, b] = servers.map(x => x.net.key) as [string, string]
    // Only the origin (a) and b hold onlyLater[1]; the third server is asked first and refuses.
    const third = servers[2]!.net.key
    const fresh = onlyLater[0]!
    const [viaB, onlyA] = await Promise.all([
      Promise.all([s.want(onlyLater[1]!, third), s.want(onlyLater[1]!, b)]),
      s.want(fresh, a)
    ])
    expect(viaB.map(r => r.status)).to.deep.equal(['stored', 'stored'])
    expect(onlyA.status).to.equal('stored')
    expect(servers.map(x => x.sent)).to.deep.equal([1, 1, 0])
    expect(servers[2]!.requests, 'the third was asked and refused').to.equal(1)
  })

  it('resolves as refused when no announcer holds the id', async () => {
    const s = scheduler()
    const result: Resolution = await s.want(onlyLater[2]!, servers[1]!.net.key)
    expect(result.status).to.equal('refused')
    expect(result).to.have.property('reason').that.matches(/not stored/)
  })

  it('sends the ids wanted together in batches of at most batchSize, at most maxInFlight at once', async () => {
    reset()
    maxOpen = 0
    const s = scheduler({ batchSize: 16, maxInFlight: 2 })
    const wanted = ids.slice(1)
    const results = await Promise.all(wanted.map(async id => s.want(id, servers[1]!.net.key)))
    expect(results.every(r => r.status === 'stored')).to.equal(true)
    expect(servers[1]!.sent).to.equal(wanted.length)
    expect(servers[1]!.requests).to.equal(Math.ceil(wanted.length / 16))
    expect(maxOpen).to.be.at.most(2)
  })

  it('reuses a finished fetch stream for the next request to the same peer', async () => {
    reset()
    opened = 0
    const s = scheduler()
    const server = servers[0]!.net.key
    for (const id of originOnly.slice(0, 4)) {
      expect((await s.want(id, server)).status).to.equal('stored')
    }
    expect(servers[0]!.requests, 'one request per want').to.equal(4)
    expect(opened, 'one stream for all four requests').to.equal(1)
  })

  it('opens a new stream when the peer closed the idle one meanwhile', async () => {
    reset()
    opened = 0
    const s = scheduler()
    const server = servers[0]!
    expect((await s.want(originOnly[4]!, server.net.key)).status).to.equal('stored')
    // The server side ends every fetch stream it has open with the client: the idle one too.
    for (const stream of server.streams.splice(0)) await stream.close().catch(() => {})
    await new Promise(resolve => setTimeout(resolve, 50))
    expect((await s.want(originOnly[5]!, server.net.key)).status).to.equal('stored')
    expect(opened).to.equal(2)
    expect(server.sent).to.equal(2)
  })

  it('a store closed under a fetch (node stopping) fails the id without blaming the peer or crashing', async () => {
    const closed = await Store.openInMemory()
    await closed.close()
    const identity = client.identity
    const directory = directoryOf(member(client.key, 'DK'), servers.map(s => member(s.net.key, 'DK')), groups)
    const pipeline = new ReceivePipeline({ identity, wrapper: new KeyWrapper({ identity }), directory, store: closed, groups: () => groups, now: Date.now }, { limits: LIMITS })
    const envelope = (await servers[0]!.store.getEnvelope(originOnly[0]!))!
    let thrown: unknown
    await pipeline.receive(envelope, { from: servers[0]!.net.key }).catch((err: unknown) => { thrown = err })
    expect(thrown).to.be.instanceOf(StoreClosedError)
    const outcomes: string[] = []
    const strikes: string[] = []
    const s = new FetchScheduler({
      openStream: async (peer, protocol) => client.network.openStream(peer, protocol),
      has: async () => false,
      pipeline,
      onOutcome: async outcome => { outcomes.push(outcome.status) },
      logger: silent,
      penalise: (_peer, code) => { strikes.push(code) }
    }, { maxFrameBytes: LIMITS.maxFrameBytes })
    made.push(s)
    const result = await s.want(originOnly[1]!, servers[0]!.net.key)
    expect(result.status).to.equal('failed')
    expect(outcomes, 'no rejection recorded').to.deep.equal([])
    expect(strikes).to.deep.equal([])
  })

  it('receives an envelope sent with its announcement without any fetch; one sent under another id is rejected', async () => {
    reset()
    opened = 0
    const s = scheduler()
    const origin = servers[0]!
    const sent = originOnly[6]!
    const envelope = (await origin.store.getEnvelope(sent))!
    const forged = await s.offer('cd'.repeat(32), origin.net.key, envelope)
    expect(forged.status).to.equal('rejected')
    expect(forged).to.have.property('code', 'RECEIVE_ID_MISMATCH')
    const stored = await s.offer(sent, origin.net.key, envelope)
    expect(stored.status).to.equal('stored')
    expect(await clientStore.has(sent)).to.equal(true)
    expect(opened, 'no fetch stream').to.equal(0)
    expect(servers.map(x => x.requests)).to.deep.equal([0, 0, 0])
  })

  it('does not fetch an id stored meanwhile', async () => {
    reset()
    const s = scheduler()
    const result = await s.want(ids[5]!, servers[1]!.net.key)
    expect(result.status).to.equal('duplicate')
    expect(servers.map(x => x.requests)).to.deep.equal([0, 0, 0])
  })

  it('moves ids off a peer that disconnects, and fails those nobody else announced', async () => {
    const s = scheduler()
    const [a, b] = servers.map(x => x.net.key) as [string, string]
    const moved = s.want(onlyLater[2]!, a)
    const also = s.want(onlyLater[2]!, b)
    const lone = s.want('ab'.repeat(32), a)
    s.dropPeer(a)
    expect((await lone).status).to.equal('failed')
    // b does not hold it: refused by b, the only announcer left.
    expect((await moved).status).to.equal('refused')
    expect((await also).status).to.equal('refused')
  })
})
