import { expect } from 'chai'
import { framed } from '../../src/network/framing.js'
import { connectedPair, stopAll } from './helpers.js'
import type { TestNode } from './helpers.js'

const SINK = '/intelmesh-test/sink/1.0.0'
/** Yamux's frame type of a window update (its spec, and @libp2p/yamux's FrameType). */
const WINDOW_UPDATE = 1

interface FrameHeader { type: number, flag: number, length: number }
interface CountingMuxer { sendFrame: (header: FrameHeader, data?: unknown) => boolean }

/**
 * Counts the window updates that grant credit (no SYN/ACK/FIN/RST flag) sent
 * by `node`'s muxer on its one connection. Installed before the stream
 * exists: a stream binds its muxer's `sendFrame` when it is created.
 */
function countCreditUpdates (node: TestNode): { count: number } {
  const counter = { count: 0 }
  const connection = (node.network as unknown as { node: { getConnections: () => Array<{ muxer: CountingMuxer }> } }).node.getConnections()[0]!
  const muxer = connection.muxer
  const sendFrame = muxer.sendFrame
  muxer.sendFrame = function (header, data) {
    if (header.type === WINDOW_UPDATE && header.flag === 0) counter.count++
    return sendFrame.call(this, header, data)
  }
  return counter
}

/** Sends `frames` frames of `bytes` each from a to b's sink and resolves with what b read. */
async function send (a: TestNode, b: TestNode, frames: number, bytes: number): Promise<number> {
  let received = 0
  let done!: () => void
  const finished = new Promise<void>(resolve => { done = resolve })
  await b.network.handle(SINK, async (stream) => {
    const f = framed(stream)
    for await (const frame of f.frames()) received += frame.byteLength
    await f.close()
    done()
  })
  const f = framed(await a.network.openStream(b.id, SINK))
  const payload = new Uint8Array(bytes).fill(7)
  for (let i = 0; i < frames; i++) await f.write(payload)
  await f.close()
  await finished
  return received
}

describe('network - yamux window updates', () => {
  const nodes: TestNode[] = []
  afterEach(async () => { await stopAll(nodes) })

  it('a stream that reads less than half its window grants no credit (the library answered every frame)', async function () {
    this.timeout(20_000)
    const [a, b] = await connectedPair()
    nodes.push(a, b)
    const credit = countCreditUpdates(b)
    // 100 KiB: under half of yamux's initial 256 KiB window
    expect(await send(a, b, 100, 1024)).to.equal(100 * 1024)
    expect(credit.count).to.equal(0)
  })

  it('a transfer of many windows still completes, granting credit once per half window or so', async function () {
    this.timeout(30_000)
    const [a, b] = await connectedPair()
    nodes.push(a, b)
    const credit = countCreditUpdates(b)
    const frames = 256
    const bytes = 64 * 1024
    // 16 MiB: 64 initial windows, 4 of the largest window intelmesh allows
    expect(await send(a, b, frames, bytes)).to.equal(frames * bytes)
    expect(credit.count).to.be.at.least(2)
    // the library sent one per data frame read (yamux frames of at most a window's worth, 256 or more)
    expect(credit.count).to.be.below(frames / 4)
  })
})
