import { expect } from 'chai'
import { hasCode } from '../../src/errors.js'
import { framed } from '../../src/network/framing.js'
import { TrafficCounter } from '../../src/network/stream-meter.js'
import { connectedPair, sleep, stopAll, until } from './helpers.js'
import type { TestNode } from './helpers.js'
import type { Stream } from '@libp2p/interface'

const PROTO = '/intelmesh-test/idle/1.0.0'

describe('network - stream-meter', () => {
  const nodes: TestNode[] = []

  afterEach(async () => {
    await stopAll(nodes)
  })

  it('counts bytes in and out, in total and per protocol', () => {
    const traffic = new TrafficCounter()
    traffic.addIn('/a', 10)
    traffic.addOut('/a', 3)
    traffic.addIn('/b', 5)
    expect(traffic.totals()).to.deep.equal({ bytesIn: 15, bytesOut: 3 })
    expect(traffic.totals('/a')).to.deep.equal({ bytesIn: 10, bytesOut: 3 })
    expect(traffic.totals('/never')).to.deep.equal({ bytesIn: 0, bytesOut: 0 })
  })

  it('resets a stream idle longer than idleTimeoutMs with StreamTimeoutError; traffic keeps it alive', async () => {
    const [a, b] = await connectedPair({ idleTimeoutMs: 250 })
    nodes.push(a, b)
    const inbound: Stream[] = []
    await b.network.handle(PROTO, (stream) => { inbound.push(stream) }, { idleTimeoutMs: 0 })
    const out = await a.network.openStream(b.id, PROTO)
    const writer = framed(out)
    // activity every 100 ms for 500 ms: never idle for 250 ms
    for (let i = 0; i < 5; i++) {
      await writer.write(new Uint8Array([i]))
      await sleep(100)
    }
    expect(out.status).to.equal('open')

    const started = Date.now()
    let err: unknown
    try {
      await writer.read()
    } catch (e) {
      err = e
    }
    expect(hasCode(err, 'NETWORK_STREAM_TIMEOUT')).to.equal(true)
    expect(Date.now() - started).to.be.within(100, 600)
    // the handler side (timeout disabled) sees the reset
    await until(() => inbound[0]?.status === 'reset', 1_000, 'remote reset')
  })

  it('applies a handler-side idle timeout to inbound streams', async () => {
    const [a, b] = await connectedPair()
    nodes.push(a, b)
    const inbound: Stream[] = []
    await b.network.handle(PROTO, (stream) => { inbound.push(stream) }, { idleTimeoutMs: 150 })
    const out = await a.network.openStream(b.id, PROTO, { idleTimeoutMs: 0 })
    await until(() => inbound.length === 1, 1_000, 'inbound stream')
    await until(() => out.status === 'reset', 1_000, 'reset by the handler side')
    expect(inbound[0]?.status).to.equal('aborted')
  })
})
