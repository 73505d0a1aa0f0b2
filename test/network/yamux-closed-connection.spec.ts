import { expect } from 'chai'
import { droppedWindowUpdates } from '../../src/network/yamux-window-updates.js'
import { connectedPair, sleep, stopAll } from './helpers.js'
import type { TestNode } from './helpers.js'

/**
 * @libp2p/yamux sends a new stream's opening window update in a microtask;
 * a connection that closes in between made it throw outside any promise and
 * crash the process (seen forming 128 in-process nodes). Here the connection
 * is aborted right after the muxer created the stream, before that microtask.
 */
describe('network - yamux window update on a closed connection', () => {
  const nodes: TestNode[] = []
  afterEach(async () => { await stopAll(nodes) })

  it('a connection closed while a stream opens fails the open, and throws nothing uncaught', async function () {
    this.timeout(30_000)
    const uncaught: Error[] = []
    const onUncaught = (err: Error): void => { uncaught.push(err) }
    // mocha's own handler would fail the test; ours records what reached the process
    const mochaHandlers = process.listeners('uncaughtException')
    process.removeAllListeners('uncaughtException')
    process.on('uncaughtException', onUncaught)
    const before = droppedWindowUpdates()
    const outcomes: string[] = []
    try {
      // The window update races the close: it hits a closed connection in about half the tries.
      for (let attempt = 0; attempt < 20 && droppedWindowUpdates() - before < 2; attempt++) {
        const [a, b] = await connectedPair()
        nodes.push(a, b)
        await b.network.handle('/intelmesh-test/race/1.0.0', async () => {})
        const connection = (a.network as unknown as { node: { getConnections: () => Array<{ muxer: { createStream: (...args: unknown[]) => unknown }, abort: (err: Error) => void, newStream: (protocol: string) => Promise<unknown> }> } }).node.getConnections()[0]!
        const muxer = connection.muxer
        const createStream = muxer.createStream
        muxer.createStream = function (...args: unknown[]) {
          const stream = createStream.apply(this, args)
          connection.abort(new Error('closed while the stream opens'))
          return stream
        }
        outcomes.push(await connection.newStream('/intelmesh-test/race/1.0.0').then(() => 'opened', (err: Error) => err.name))
        await sleep(50)
        await stopAll(nodes)
      }
    } finally {
      process.removeListener('uncaughtException', onUncaught)
      for (const handler of mochaHandlers) process.on('uncaughtException', handler)
    }
    expect(uncaught.map(e => e.message)).to.deep.equal([])
    expect(droppedWindowUpdates() - before, 'the race happened and its window update was dropped').to.be.at.least(1)
    expect(outcomes.every(o => o !== 'opened'), 'no stream opened on the closed connection').to.equal(true)
  })
})
