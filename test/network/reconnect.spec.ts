import { multiaddr } from '@multiformats/multiaddr'
import { expect } from 'chai'
import { newNode, sleep, stopAll, until } from './helpers.js'
import type { TestNode } from './helpers.js'

describe('network - reconnect', () => {
  const nodes: TestNode[] = []

  afterEach(async () => {
    await stopAll(nodes)
  })

  /** a knows b's address; b knows a by key alone, so only a can restore the link. */
  async function pair (): Promise<[TestNode, TestNode]> {
    const a = await newNode()
    const b = await newNode()
    nodes.push(a, b)
    await b.network.start()
    b.membership.set(a.id)
    a.membership.set(b.id, b.network.listenAddresses())
    await a.network.start()
    await until(() => a.network.connectedPeers().includes(b.id), 3_000, 'a connected to b')
    return [a, b]
  }

  it('redials a member that restarts on the same key and port, by backoff alone', async () => {
    const [a, b] = await pair()
    const port = multiaddr(b.network.listenAddresses()[0] ?? '').getComponents().find(c => c.name === 'tcp')?.value
    let disconnects = 0
    let connects = 0
    a.network.addEventListener('peer:disconnected', () => { disconnects++ })
    a.network.addEventListener('peer:connected', () => { connects++ })

    await b.network.stop()
    await until(() => disconnects === 1, 2_000, 'peer:disconnected')
    // stay down long enough for several failed attempts (50, 100, 200 ms …)
    await sleep(500)
    expect(a.network.connectedPeers()).to.deep.equal([])

    const b2 = await newNode({ listen: [`/ip4/127.0.0.1/tcp/${port}`] }, b.key)
    nodes.push(b2)
    b2.membership.set(a.id)
    await b2.network.start()
    const waited = await until(() => a.network.connectedPeers().includes(b.id), 3_000, 'a reconnected to b')
    expect(connects).to.equal(1)
    // the backoff is capped at maxDelayMs (400 ms here)
    expect(waited).to.be.below(1_000)
  })

  it('reconnects to a member restarted on a new port once its address is updated', async () => {
    const [a, b] = await pair()
    await b.network.stop()
    await until(() => a.network.connectedPeers().length === 0, 2_000, 'a lost b')

    const b2 = await newNode({}, b.key)
    nodes.push(b2)
    b2.membership.set(a.id)
    await b2.network.start()
    a.membership.set(b.id, b2.network.listenAddresses())
    await a.network.membershipChanged()
    await until(() => a.network.connectedPeers().includes(b.id), 3_000, 'a reconnected to b on its new port')
  })

  it('finds a member known by key alone through the private DHT, via a third member', async () => {
    const a = await newNode()
    const b = await newNode()
    const c = await newNode()
    nodes.push(a, b, c)
    await b.network.start()
    const bAddrs = b.network.listenAddresses()
    // b knows both; a and c know b's address and each other's key only
    b.membership.set(a.id)
    b.membership.set(c.id)
    a.membership.set(b.id, bAddrs)
    a.membership.set(c.id)
    c.membership.set(b.id, bAddrs)
    c.membership.set(a.id)
    await a.network.start()
    await c.network.start()

    await until(() => a.network.connectedPeers().includes(c.id) && c.network.connectedPeers().includes(a.id), 4_500, 'a and c connected')
    expect(a.network.connectedPeers().sort()).to.deep.equal([b.id, c.id].sort())
  })

  it('stops dialling on stop(): no timer keeps running', async () => {
    const a = await newNode()
    const b = await newNode()
    nodes.push(a, b)
    await b.network.start()
    const bAddrs = b.network.listenAddresses()
    await b.network.stop()
    a.membership.set(b.id, bAddrs)
    await a.network.start()
    await sleep(150)
    await a.network.stop()
    // b comes back on its old address: a, stopped, must not connect
    const b2 = await newNode({ listen: bAddrs.map(ma => ma.replace(`/p2p/${b.id}`, '')) }, b.key)
    nodes.push(b2)
    b2.membership.set(a.id)
    await b2.network.start()
    await sleep(500)
    expect(b2.network.connectedPeers()).to.deep.equal([])
  })
})
