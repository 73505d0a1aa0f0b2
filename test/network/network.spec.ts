import { KEEP_ALIVE } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { expect } from 'chai'
import { hasCode } from '../../src/errors.js'
import { framed } from '../../src/network/framing.js'
import { createLibp2pNode } from '../../src/network/libp2p-node.js'
import { Network } from '../../src/network/network.js'
import { FAST, TestMembership, connectedPair, newKey, newNode, sleep, stopAll, until } from './helpers.js'
import type { TestNode } from './helpers.js'
import type { IntelmeshLibp2p } from '../../src/network/libp2p-node.js'
import type { Stream } from '@libp2p/interface'

const ECHO = '/intelmesh-test/echo/1.0.0'
const HOLD = '/intelmesh-test/hold/1.0.0'
const text = new TextEncoder()
const untext = new TextDecoder()

/** Echoes every frame back, then closes. */
async function echo (stream: Stream): Promise<void> {
  const f = framed(stream)
  for await (const frame of f.frames()) {
    await f.write(frame)
  }
  await f.close()
}

async function expectRejects (promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

/** Member a, with a dial filter and `wantedBy` read from `filter`, dialled member b; both started and connected. */
async function filteredPair (filter: { wants: boolean, wantedBy: boolean }, nodes: TestNode[]): Promise<[TestNode, TestNode]> {
  const b = await newNode()
  nodes.push(b)
  await b.network.start()
  const { key, id } = await newKey()
  const membership = new TestMembership()
  const network = new Network({ privateKey: key, membership, dialFilter: () => filter.wants, wantedBy: () => filter.wantedBy }, FAST)
  const a = { key, id, membership, network }
  nodes.push(a)
  b.membership.set(a.id)
  a.membership.set(b.id, b.network.listenAddresses())
  await a.network.start()
  await until(() => a.network.connectedPeers().includes(b.id), 3_000, 'a dialled b')
  return [a, b]
}

describe('network - network', () => {
  const nodes: TestNode[] = []
  let outsider: IntelmeshLibp2p | undefined

  afterEach(async () => {
    await outsider?.stop()
    outsider = undefined
    await stopAll(nodes)
  })

  it('two members connect from known addresses, emit peer:connected and exchange a framed message', async () => {
    const a = await newNode()
    const b = await newNode()
    nodes.push(a, b)
    const seenByA: string[] = []
    const seenByB: string[] = []
    a.network.addEventListener('peer:connected', evt => { seenByA.push(evt.detail.peer) })
    b.network.addEventListener('peer:connected', evt => { seenByB.push(evt.detail.peer) })
    await b.network.handle(ECHO, echo)
    await b.network.start()
    b.membership.set(a.id)
    a.membership.set(b.id, b.network.listenAddresses())
    await a.network.start()

    await until(() => seenByA.includes(b.id) && seenByB.includes(a.id), 3_000, 'peer:connected on both sides')
    expect(a.network.connectedPeers()).to.deep.equal([b.id])

    const stream = await a.network.openStream(b.id, ECHO)
    const f = framed(stream)
    await f.write(text.encode('indicator batch 1'))
    expect(untext.decode(await f.read() ?? new Uint8Array())).to.equal('indicator batch 1')
    await f.close()
    expect(await f.read()).to.equal(null)

    const framedBytes = 1 + 'indicator batch 1'.length
    expect(a.network.stats(ECHO)).to.deep.equal({ bytesIn: framedBytes, bytesOut: framedBytes, connections: 1 })
    expect(b.network.stats().bytesIn).to.be.at.least(framedBytes)
    expect(a.network.listenAddresses().every(ma => ma.endsWith(`/p2p/${a.id}`))).to.equal(true)
  })

  it('an outsider may complete a dial but can open no stream, and the member never connects to it', async () => {
    const member = await newNode()
    nodes.push(member)
    let handlerRuns = 0
    await member.network.handle(ECHO, async (stream) => { handlerRuns++; await echo(stream) })
    await member.network.start()
    const memberAddr = multiaddr(member.network.listenAddresses()[0] ?? '')
    const { key } = await newKey()
    // the outsider runs stock libp2p with no gater of its own
    outsider = await createLibp2pNode({ privateKey: key, connectionGater: {} }, {
      listen: ['/ip4/127.0.0.1/tcp/0'], announce: [], dhtProtocolPrefix: '/intelmesh', dialTimeoutMs: 2_000, maxConnections: 10
    })
    const outsiderId = outsider.peerId.toString()

    // Noise completes before the member's gater sees the key, so this dial may resolve
    await outsider.dial(memberAddr).catch(() => undefined)
    const err = await expectRejects((async () => {
      const stream = await outsider.dialProtocol(memberAddr, ECHO)
      const f = framed(stream)
      await f.write(text.encode('let me in'))
      const reply = await f.read()
      if (reply == null) {
        throw new Error('stream ended without a reply')
      }
    })())
    expect(err).to.be.instanceOf(Error)
    await sleep(100)
    expect(handlerRuns).to.equal(0)
    expect(member.network.connectedPeers()).to.not.include(outsiderId)
    expect(member.network.refusals().denyInboundEncryptedConnection).to.be.at.least(1)

    // the member never dials it, even when asked to
    const openErr = await expectRejects(member.network.openStream(outsiderId, ECHO))
    expect(hasCode(openErr, 'NETWORK_NOT_A_MEMBER')).to.equal(true)
    expect(member.network.connectedPeers()).to.deep.equal([])
  })

  it('a suspended member (known address, not active) is never dialled', async () => {
    const a = await newNode()
    const b = await newNode()
    nodes.push(a, b)
    await b.network.start()
    a.membership.set(b.id, b.network.listenAddresses())
    a.membership.suspend(b.id)
    b.membership.set(a.id)
    await a.network.start()
    await sleep(300)
    expect(a.network.connectedPeers()).to.deep.equal([])
    expect(b.network.connectedPeers()).to.deep.equal([])
  })

  for (const change of ['suspend', 'remove'] as const) {
    it(`${change === 'suspend' ? 'suspending' : 'removing'} a member closes its connection at once and its streams fail`, async () => {
      const [a, b] = await connectedPair()
      nodes.push(a, b)
      const held: Stream[] = []
      await b.network.handle(HOLD, async (stream) => { held.push(stream) })
      const stream = await a.network.openStream(b.id, HOLD)
      const f = framed(stream)
      await f.write(text.encode('feed open'))
      await until(() => held.length === 1, 2_000, 'stream held by b')
      let disconnected = false
      a.network.addEventListener('peer:disconnected', evt => { disconnected ||= evt.detail.peer === b.id })

      a.membership[change](b.id)
      const start = Date.now()
      await a.network.membershipChanged()
      await until(() => !a.network.connectedPeers().includes(b.id) && !b.network.connectedPeers().includes(a.id), 1_000, 'connection closed')
      expect(Date.now() - start).to.be.below(1_000)
      await until(() => disconnected, 1_000, 'peer:disconnected')

      // the local abort's reason reaches the stream's reader
      const readErr = await expectRejects(f.read())
      expect(hasCode(readErr, 'NETWORK_NOT_A_MEMBER')).to.equal(true)
      expect(held[0]?.status).to.not.equal('open')
      const openErr = await expectRejects(a.network.openStream(b.id, HOLD))
      expect(hasCode(openErr, 'NETWORK_NOT_A_MEMBER')).to.equal(true)

      // b still lists a and keeps redialling: a's gater refuses every attempt
      await sleep(300)
      expect(a.network.connectedPeers()).to.deep.equal([])
    })
  }

  it('with a dial filter, prunes its own connection to a member it no longer wants, unless that member wants the link; dialWanted() closes nothing', async () => {
    const filter = { wants: true, wantedBy: false }
    const [a, b] = await filteredPair(filter, nodes)
    filter.wants = false
    // a publication's new direct links: dial only
    a.network.dialWanted()
    await sleep(200)
    expect(a.network.connectedPeers(), 'dialWanted closes nothing').to.deep.equal([b.id])
    // b reads a's feed for its own direct link: the connection a dialled stays
    filter.wantedBy = true
    await a.network.membershipChanged()
    await sleep(200)
    expect(a.network.connectedPeers(), 'kept: b wants the link').to.deep.equal([b.id])
    filter.wantedBy = false
    await a.network.membershipChanged()
    await until(() => !a.network.connectedPeers().includes(b.id), 2_000, 'pruned once neither end wants it')
  })

  it('with a dial filter, keeps a connection libp2p keeps alive (a DHT closest peer): pruned, libp2p would redial it at once', async () => {
    const filter = { wants: true, wantedBy: false }
    const [a, b] = await filteredPair(filter, nodes)
    const libp2p = (a.network as unknown as { node: IntelmeshLibp2p }).node
    const opened = libp2p.getConnections(peerIdFromString(b.id)).map(c => c.id)
    await libp2p.peerStore.merge(peerIdFromString(b.id), { tags: { [`${KEEP_ALIVE}-kad-dht`]: { value: 1 } } })
    filter.wants = false
    await a.network.membershipChanged()
    await sleep(200)
    expect(libp2p.getConnections(peerIdFromString(b.id)).map(c => c.id), 'the same connection, not closed and redialled').to.deep.equal(opened)
    await libp2p.peerStore.merge(peerIdFromString(b.id), { tags: { [`${KEEP_ALIVE}-kad-dht`]: undefined } })
    await a.network.membershipChanged()
    await until(() => !a.network.connectedPeers().includes(b.id), 2_000, 'pruned once libp2p no longer keeps it alive')
  })

  it('resets an inbound stream from a peer that is no longer a member before any handler runs', async () => {
    const [a, b] = await connectedPair()
    nodes.push(a, b)
    let handlerRuns = 0
    await b.network.handle(ECHO, async (stream) => { handlerRuns++; await echo(stream) })
    // b's directory drops a, but the connection stays until membershipChanged()
    b.membership.remove(a.id)
    const stream = await a.network.openStream(b.id, ECHO).catch(err => err as Error)
    if (!(stream instanceof Error)) {
      const f = framed(stream)
      await f.write(text.encode('hello')).catch(() => undefined)
      const err = await expectRejects(f.read())
      expect(hasCode(err, 'NETWORK_STREAM_RESET')).to.equal(true)
    }
    expect(handlerRuns).to.equal(0)
    expect(b.network.refusals().inboundStream).to.equal(1)
  })

  it('enforces the per-protocol inbound stream limit; streams below it keep working', async () => {
    const [a, b] = await connectedPair()
    nodes.push(a, b)
    let handlerRuns = 0
    const held: Stream[] = []
    await b.network.handle(HOLD, async (stream) => { handlerRuns++; held.push(stream) }, { maxInboundStreams: 2 })
    const first = await a.network.openStream(b.id, HOLD)
    await a.network.openStream(b.id, HOLD)
    await until(() => handlerRuns === 2, 2_000, 'two streams handled')

    const third = await a.network.openStream(b.id, HOLD).catch(err => err as Error)
    if (!(third instanceof Error)) {
      const err = await expectRejects(framed(third).read())
      expect(hasCode(err, 'NETWORK_STREAM_RESET')).to.equal(true)
    }
    await sleep(50)
    expect(handlerRuns).to.equal(2)

    // the limit counts open streams: closing one frees a slot
    first.abort(new Error('done'))
    await until(() => held[0]?.status !== 'open', 2_000, 'first stream closed on b')
    await a.network.openStream(b.id, HOLD)
    await until(() => handlerRuns === 3, 2_000, 'a new stream accepted')
    expect(a.network.connectedPeers()).to.deep.equal([b.id])
  })

  it('a stopped network can start again: handlers survive and members reconnect', async () => {
    const [a, b] = await connectedPair()
    nodes.push(a, b)
    await b.network.handle(ECHO, echo)
    let disconnected = 0
    b.network.addEventListener('peer:disconnected', () => { disconnected++ })
    await b.network.stop()
    expect(disconnected).to.equal(1)
    expect(b.network.listenAddresses()).to.deep.equal([])
    // a keeps the old address and backs off; b comes back on a new port and dials a itself
    b.membership.set(a.id, a.network.listenAddresses())
    await b.network.start()
    await until(() => a.network.connectedPeers().includes(b.id), 3_000, 'reconnected')
    const f = framed(await a.network.openStream(b.id, ECHO))
    await f.write(text.encode('again'))
    expect(untext.decode(await f.read() ?? new Uint8Array())).to.equal('again')
  })

  it('refuses to open streams before start, and to non-members', async () => {
    const a = await newNode()
    nodes.push(a)
    const { id } = await newKey()
    expect(hasCode(await expectRejects(a.network.openStream(id, ECHO)), 'NETWORK_NOT_STARTED')).to.equal(true)
    await a.network.start()
    expect(hasCode(await expectRejects(a.network.openStream(id, ECHO)), 'NETWORK_NOT_A_MEMBER')).to.equal(true)
  })
})
