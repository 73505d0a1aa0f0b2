import { Socket } from 'node:net'
import { expect } from 'chai'
import { framed } from '../../src/network/framing.js'
import { connectedPair, stopAll } from './helpers.js'
import type { TestNode } from './helpers.js'

const SINK = '/intelmesh-test/records/1.0.0'

interface CountingMuxer { sendFrame: (header: unknown, data?: unknown) => boolean }

/** Counts the yamux frames `node`'s muxer sends on its one connection (installed before the stream exists). */
function countFrames (node: TestNode): { count: number } {
  const counter = { count: 0 }
  const connection = (node.network as unknown as { node: { getConnections: () => Array<{ muxer: CountingMuxer }> } }).node.getConnections()[0]!
  const muxer = connection.muxer
  const sendFrame = muxer.sendFrame
  muxer.sendFrame = function (header, data) {
    counter.count++
    return sendFrame.call(this, header, data)
  }
  return counter
}

/** Counts every `net.Socket#write` of this process, and the writes of 2 bytes (a Noise length prefix alone), until `stop()`. */
function countSocketWrites (): { writes: number, twoByteWrites: number, stop: () => void } {
  const write = Socket.prototype.write
  const counter = { writes: 0, twoByteWrites: 0, stop: () => { Socket.prototype.write = write } }
  Socket.prototype.write = function (this: Socket, chunk: unknown, ...rest: unknown[]): boolean {
    counter.writes++
    if (chunk instanceof Uint8Array && chunk.byteLength === 2) counter.twoByteWrites++
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest)
  } as typeof Socket.prototype.write
  return counter
}

describe('network - one socket write per Noise record', () => {
  const nodes: TestNode[] = []
  afterEach(async () => { await stopAll(nodes) })

  it('writes each yamux frame to TCP once, not its length and its ciphertext apart, and delivers every byte in order', async function () {
    this.timeout(20_000)
    const [a, b] = await connectedPair()
    nodes.push(a, b)
    let received: Uint8Array[] = []
    let done!: () => void
    const finished = new Promise<void>(resolve => { done = resolve })
    await b.network.handle(SINK, async (stream) => {
      const f = framed(stream)
      for await (const frame of f.frames()) received.push(frame.slice())
      await f.close()
      done()
    })
    const framesOfA = countFrames(a)
    const framesOfB = countFrames(b)
    const sockets = countSocketWrites()
    try {
      const f = framed(await a.network.openStream(b.id, SINK))
      for (let i = 0; i < 50; i++) await f.write(new Uint8Array(1024).fill(i))
      await f.close()
      await finished
    } finally {
      sockets.stop()
    }
    expect(received).to.have.length(50)
    received.forEach((frame, i) => expect(frame.every(byte => byte === i), `frame ${i}`).to.equal(true))
    received = []
    const frames = framesOfA.count + framesOfB.count
    expect(frames).to.be.at.least(50)
    // Without the patch: two writes per frame (the 2-byte length, then the ciphertext).
    expect(sockets.twoByteWrites).to.equal(0)
    expect(sockets.writes, `${sockets.writes} writes for ${frames} frames`).to.be.below(frames * 1.5)
  })
})
