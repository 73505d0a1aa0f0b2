import { expect } from 'chai'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { eventually, publishMany, startMember, tempRoot } from '../node/federation-helpers.js'
import { RawPeer } from './raw-peer.js'
import type { TestMember } from '../node/federation-helpers.js'

const BUNDLES = 200
const BUNDLE_BYTES = 64 * 1024
/** The slow reader pauses its stream once more than one such frame waits unread. */
const READER_FRAME_BYTES = 128 * 1024
/** Largest yamux receive window (src/network/constants.ts STREAM_WINDOW_BYTES). */
const WINDOW_BYTES = 4 * 1024 * 1024

const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

/**
 * A member asks a publisher for 200 envelopes of 64 KiB (about 13 MB) in one
 * request, then stops reading. The publisher's fetch server may run ahead of
 * the reader by no more than the stream's flow-control window: it stalls,
 * holding one chunk, instead of pushing 13 MB into memory on either side.
 * When the reader resumes, every response arrives, in order.
 */
describe('replication - backpressure from a slow reader', function () {
  this.timeout(60_000)
  let publisher: TestMember
  let reader: RawPeer
  let cleanup: () => Promise<void>

  before(async () => {
    const { root, remove } = await tempRoot()
    cleanup = remove
    publisher = await startMember({ label: 'dk', jurisdiction: 'DK' }, root)
    reader = await RawPeer.start()
    await publisher.node.addPeer({ key: reader.key, name: 'slow CERT', jurisdiction: 'DK', addresses: reader.addresses() })
    await reader.know(publisher.key, publisher.node.listenAddresses())
    expect(await eventually(() => reader.network.connectedPeers().includes(publisher.key))).to.equal(true)
  })

  after(async () => {
    await reader?.stop().catch(() => {})
    await publisher?.node.stop().catch(() => {})
    await cleanup()
  })

  it('a fetch server never runs ahead of its reader by more than the window', async () => {
    const ids = await publishMany(publisher, BUNDLES, n => ({ stix: indicatorBundle(n, { label: 'backpressure', padTo: BUNDLE_BYTES }).stix, policy: { tlp: 'GREEN' } }), 20)
    const total = BUNDLES * BUNDLE_BYTES

    const before = publisher.node.networkStats().bytesOut
    const heapBefore = memory()
    const { stream, frames } = await reader.openFetch(publisher.key, ids, READER_FRAME_BYTES)
    const first = await frames.read({ signal: AbortSignal.timeout(10_000) })
    expect(first).to.not.equal(null)

    // The reader is stalled: let the publisher push whatever flow control allows.
    let ahead = 0
    for (let i = 0; i < 10; i++) {
      await sleep(150)
      ahead = Math.max(ahead, publisher.node.networkStats().bytesOut - before)
    }
    const heapGrowth = memory() - heapBefore
    console.log(`      stalled reader: publisher sent ${(ahead / 1024).toFixed(0)} KiB of ${(total / 1024).toFixed(0)} KiB asked; heap+buffers grew ${(heapGrowth / 1048576).toFixed(1)} MiB`)
    expect(ahead, 'bytes sent ahead of a stalled reader').to.be.below(WINDOW_BYTES + 2 * READER_FRAME_BYTES + 256 * 1024)
    expect(ahead).to.be.below(total / 3)
    // Loose: both sides live in this process; 13 MB pushed into buffers would show.
    expect(heapGrowth, 'memory growth while stalled').to.be.below(total)

    // Resumed, the reader gets every envelope, in the order asked.
    const got = [first]
    for (let i = 1; i < ids.length; i++) got.push(await frames.read({ signal: AbortSignal.timeout(10_000) }))
    await stream.close().catch(() => {})
    expect(got.every(frame => frame != null && frame.byteLength > BUNDLE_BYTES)).to.equal(true)
    expect(publisher.node.networkStats().bytesOut - before).to.be.above(total)
  })
})

/** Heap plus array buffers (where stream bytes live). */
function memory (): number {
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}
