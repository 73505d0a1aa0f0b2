import { expect } from 'chai'
import { hasCode } from '../../src/errors.js'
import { framed } from '../../src/network/framing.js'
import { encodeVarint } from '../../src/network/varint.js'
import { connectedPair, sleep, stopAll, until } from './helpers.js'
import type { TestNode } from './helpers.js'
import type { Stream } from '@libp2p/interface'

const PROTO = '/intelmesh-test/frames/1.0.0'

async function rejection (promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

describe('network - framing', () => {
  const nodes: TestNode[] = []
  let a: TestNode
  let b: TestNode
  let inbound: Stream[]

  beforeEach(async () => {
    [a, b] = await connectedPair()
    nodes.push(a, b)
    inbound = []
    await b.network.handle(PROTO, (stream) => { inbound.push(stream) })
  })

  afterEach(async () => {
    await stopAll(nodes)
  })

  /** An outbound stream from a and the matching inbound stream on b. */
  async function streams (): Promise<[Stream, Stream]> {
    const out = await a.network.openStream(b.id, PROTO)
    await until(() => inbound.length > 0, 2_000, 'inbound stream')
    return [out, inbound.shift() as Stream]
  }

  it('carries frames of any size up to the limit, including empty ones, and ends cleanly', async () => {
    const [out, inb] = await streams()
    const writer = framed(out, { maxFrameBytes: 300_000 })
    const reader = framed(inb, { maxFrameBytes: 300_000 })
    const sent = [new Uint8Array(0), new Uint8Array([1]), new Uint8Array(127).fill(2), new Uint8Array(128).fill(3), new Uint8Array(300_000).fill(4)]
    for (const frame of sent) {
      await writer.write(frame)
    }
    await writer.close()
    const received: Uint8Array[] = []
    for await (const frame of reader.frames()) {
      received.push(frame)
    }
    expect(received.map(f => f.byteLength)).to.deep.equal(sent.map(f => f.byteLength))
    expect(received[4]?.every(byte => byte === 4)).to.equal(true)
    expect(await reader.read()).to.equal(null)
  })

  it('writeMany sends a batch in order; one oversized frame sends nothing', async () => {
    const [out, inb] = await streams()
    const writer = framed(out, { maxFrameBytes: 100 })
    const reader = framed(inb, { maxFrameBytes: 100 })
    await writer.writeMany([new Uint8Array([1]), new Uint8Array(100).fill(2), new Uint8Array(0)])
    expect(await reader.read()).to.deep.equal(new Uint8Array([1]))
    expect((await reader.read())?.byteLength).to.equal(100)
    expect(await reader.read()).to.deep.equal(new Uint8Array(0))

    const [out2, inb2] = await streams()
    const err = await rejection(framed(out2, { maxFrameBytes: 100 }).writeMany([new Uint8Array([1]), new Uint8Array(101)]))
    expect(hasCode(err, 'NETWORK_FRAME_TOO_LARGE')).to.equal(true)
    expect(hasCode(await rejection(framed(inb2).read()), 'NETWORK_STREAM_RESET')).to.equal(true)
  })

  it('an oversized frame gives FrameTooLargeError and resets the stream; the peer stays connected', async () => {
    let disconnected = false
    a.network.addEventListener('peer:disconnected', () => { disconnected = true })
    const [out, inb] = await streams()
    const writer = framed(out, { maxFrameBytes: 10_000 })
    const reader = framed(inb, { maxFrameBytes: 1_024 })
    await writer.write(new Uint8Array(2_000))

    const err = await rejection(reader.read())
    expect(hasCode(err, 'NETWORK_FRAME_TOO_LARGE')).to.equal(true)
    expect((err as { length: number }).length).to.equal(2_000)
    // the sender sees the reset
    expect(hasCode(await rejection(writer.read()), 'NETWORK_STREAM_RESET')).to.equal(true)
    expect(inb.status).to.equal('aborted')

    // another stream on the same connection works
    const [out2, inb2] = await streams()
    await framed(out2).write(new Uint8Array([7, 7]))
    expect(await framed(inb2).read()).to.deep.equal(new Uint8Array([7, 7]))
    expect(a.network.connectedPeers()).to.deep.equal([b.id])
    expect(disconnected).to.equal(false)
  })

  it('refuses to write an oversized frame: typed error, stream reset, nothing sent', async () => {
    const [out, inb] = await streams()
    const writer = framed(out, { maxFrameBytes: 16 })
    const err = await rejection(writer.write(new Uint8Array(17)))
    expect(hasCode(err, 'NETWORK_FRAME_TOO_LARGE')).to.equal(true)
    expect(out.status).to.equal('aborted')
    expect(hasCode(await rejection(framed(inb).read()), 'NETWORK_STREAM_RESET')).to.equal(true)
  })

  it('a length prefix longer than any allowed frame is refused before its body arrives', async () => {
    const [out, inb] = await streams()
    const reader = framed(inb, { maxFrameBytes: 100 })
    // 0xff 0xff … never terminates within the 1 byte that 100 needs
    out.send(new Uint8Array([0xff, 0xff, 0xff, 0xff]))
    expect(hasCode(await rejection(reader.read()), 'NETWORK_FRAME_TOO_LARGE')).to.equal(true)
  })

  it('a stream that ends inside a frame gives MalformedFrameError', async () => {
    const [out, inb] = await streams()
    out.send(encodeVarint(100))
    out.send(new Uint8Array(10))
    await out.close()
    expect(hasCode(await rejection(framed(inb).read()), 'NETWORK_MALFORMED_FRAME')).to.equal(true)
  })

  it('writing after the remote reset gives StreamResetError', async () => {
    const [out, inb] = await streams()
    inb.abort(new Error('remote gave up'))
    const writer = framed(out)
    await until(() => out.status !== 'open', 1_000, 'reset seen')
    expect(hasCode(await rejection(writer.write(new Uint8Array([1]))), 'NETWORK_STREAM_RESET')).to.equal(true)
  })

  it('writing after our own close gives StreamClosedError, not a libp2p state error', async () => {
    const [out] = await streams()
    const writer = framed(out)
    await writer.close()
    expect(hasCode(await rejection(writer.write(new Uint8Array([1]))), 'NETWORK_STREAM_CLOSED')).to.equal(true)
  })

  it('a read can be aborted by its signal', async () => {
    const [, inb] = await streams()
    const controller = new AbortController()
    const pending = framed(inb).read({ signal: controller.signal })
    controller.abort(new Error('caller gave up'))
    expect((await rejection(pending) as Error).message).to.equal('caller gave up')
  })

  it('backpressure: a writer stalls while the reader does not read, and nothing is lost', async () => {
    const [out, inb] = await streams()
    const frameBytes = 256 * 1024
    const total = 64
    const writer = framed(out, { maxFrameBytes: frameBytes })
    const reader = framed(inb, { maxFrameBytes: frameBytes })
    let written = 0
    const writing = (async () => {
      for (let i = 0; i < total; i++) {
        await writer.write(new Uint8Array(frameBytes).fill(i))
        written++
      }
      await writer.close()
    })()
    await sleep(300)
    // 16 MiB offered; the reader's window and buffers hold a few MiB at most
    expect(written).to.be.below(total / 2)
    let received = 0
    for await (const frame of reader.frames()) {
      expect(frame.byteLength).to.equal(frameBytes)
      expect(frame[0]).to.equal(received)
      received++
    }
    await writing
    expect(received).to.equal(total)
    expect(inb.status).to.not.equal('aborted')
  })
})
