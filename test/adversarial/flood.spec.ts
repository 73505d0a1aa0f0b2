import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { expect } from 'chai'
import { lpStream } from '@libp2p/utils'
import { MAX_INBOUND_STREAMS_PER_PROTOCOL } from '../../src/network/constants.js'
import { encodeVarint } from '../../src/network/varint.js'
import { FEED_PROTOCOL, FETCH_PROTOCOL, MAX_FETCH_IDS, PENALTY_THRESHOLD } from '../../src/replication/constants.js'
import { FeedMessage, FeedRequest, FetchRequest } from '../../src/replication/messages.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { eventually } from '../node/federation-helpers.js'
import { admitRogue, expectHonestServed, openArena } from './arena.js'
import type { Arena } from './arena.js'
import type { RogueNode } from './rogue-node.js'
import type { Stream } from '@libp2p/interface'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Heap in use after a full collection, in bytes. */
function heapAfterGc (): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** Opens `count` streams at once; resolves with those that opened (others were refused or reset). */
async function openMany (rogue: RogueNode, peer: string, protocol: string, count: number): Promise<Stream[]> {
  const results = await Promise.allSettled(Array.from({ length: count }, async () => rogue.openStream(peer, protocol, AbortSignal.timeout(5_000))))
  return results.flatMap(r => r.status === 'fulfilled' ? [r.value] : [])
}

/** Subscribes on `stream` from 0 and returns the head of the first batch. */
async function feedHeadOn (stream: Stream): Promise<number> {
  const lp = lpStream(stream)
  const hello = FeedMessage.decode(await lp.read({ signal: AbortSignal.timeout(5_000) })).hello!
  await lp.write(FeedRequest.encode({ logId: hello.logId, epoch: hello.epoch, since: 0n }))
  return Number(FeedMessage.decode(await lp.read({ signal: AbortSignal.timeout(5_000) })).batch!.head)
}

/** The victim's `send` audit records. */
async function rejectsOrSends (arena: Arena): Promise<Array<Record<string, unknown>>> {
  return (await arena.victim.node.audit({ limit: 1000, after: 0 })).filter(r => r.type === 'send')
}

/**
 * Resource exhaustion by a member: floods of streams and of requests, and a
 * reader that never reads. The per-connection stream limits hold, the
 * victim's memory stays bounded, and an honest member is served throughout.
 */
describe('adversarial - floods and slow readers', function () {
  this.timeout(60_000)
  let arena: Arena
  let rogue: RogueNode

  before(async () => { arena = await openArena() })
  after(async () => { await arena.stop() })
  beforeEach(async () => { rogue = await admitRogue(arena) })
  afterEach(async () => { await rogue.stop() })

  it(`a burst of 300 streams per protocol: at most ${MAX_INBOUND_STREAMS_PER_PROTOCOL} are kept (or the connection is dropped), honest members are served`, async () => {
    for (const protocol of [FETCH_PROTOCOL, FEED_PROTOCOL]) {
      const streams = await openMany(rogue, arena.victim.key, protocol, 300)
      await new Promise(resolve => setTimeout(resolve, 300))
      const open = streams.filter(s => s.status === 'open')
      expect(open.length, `${protocol} streams the victim keeps for one peer`).to.be.at.most(MAX_INBOUND_STREAMS_PER_PROTOCOL)
      for (const stream of streams) stream.abort(new Error('done'))
    }
    // (yamux drops a whole connection that opens too many streams before they are accepted: the rogue's loss, not the victim's)
    await expectHonestServed(arena)
  })

  it('a flood of feed requests in waves within the stream limit: each wave is served, honest members too', async () => {
    let served = 0
    for (let wave = 0; wave < 8; wave++) {
      const streams = await openMany(rogue, arena.victim.key, FEED_PROTOCOL, MAX_INBOUND_STREAMS_PER_PROTOCOL - 2)
      const heads = await Promise.allSettled(streams.map(async stream => feedHeadOn(stream)))
      served += heads.filter(h => h.status === 'fulfilled').length
      for (const stream of streams) stream.abort(new Error('done'))
    }
    expect(served, 'feed requests answered').to.be.at.least(8 * (MAX_INBOUND_STREAMS_PER_PROTOCOL - 2) * 0.9)
    await expectHonestServed(arena)
  })

  it('a flood of fetch requests for never-held ids on every allowed stream, answers unread: struck until penalised, audit growth bounded, nothing stored, honest members served', async () => {
    const ids = Array.from({ length: MAX_FETCH_IDS }, (_, i) => Uint8Array.from(Buffer.alloc(32, i % 256)))
    const request = FetchRequest.encode({ ids })
    const frame = Buffer.concat([encodeVarint(request.length), request])
    const auditBefore = (await arena.victim.node.status()).logHead
    const recordsBefore = (await arena.victim.node.audit({ limit: 1000, after: 0 })).length
    const streams = await openMany(rogue, arena.victim.key, FETCH_PROTOCOL, 16)
    // 16 streams x 10 requests x 1,000 ids, answers never read (flow control stalls each stream once its window is full).
    const floods = streams.map(async stream => {
      stream.pause()
      for (let i = 0; i < 10 && stream.status === 'open'; i++) {
        if (!stream.send(frame)) await new Promise(resolve => setTimeout(resolve, 5))
        await new Promise(resolve => setImmediate(resolve))
      }
    })
    await new Promise(resolve => setTimeout(resolve, 300))
    const started = Date.now()
    await expectHonestServed(arena)
    const honestMs = Date.now() - started
    await Promise.all(floods)
    for (const stream of streams) stream.abort(new Error('done'))
    console.log('      honest delivery during the fetch flood: %d ms', honestMs)
    // Unknown ids are not listed in the audit log: one synced ~100 KB record per request was a disk-filling lever.
    const sends = (await rejectsOrSends(arena)).filter(r => r.peer === rogue.key)
    expect(sends, 'audit records of refusals of unknown ids').to.deep.equal([])
    expect((await arena.victim.node.status()).logHead, 'nothing stored').to.equal(auditBefore + 1)
    // Asking for ids never announced is guessing: one strike (and one small reject record) per request, until the penalty box closes.
    const strikes = (await arena.victim.node.audit({ limit: 1000, after: 0 })).filter(r => r.peer === rogue.key && r.code === 'FETCH_NEVER_HELD')
    expect(strikes.length, 'never-held strikes').to.be.within(1, PENALTY_THRESHOLD + 1)
    expect((await arena.victim.node.audit({ limit: 1000, after: 0 })).length - recordsBefore, 'audit records written meanwhile').to.be.below(20 + PENALTY_THRESHOLD + 1)
  })

  it('a slow reader of large bundles: the victim buffers a bounded amount, not what was asked for', async () => {
    const ids: string[] = []
    for (let n = 0; n < 4; n++) {
      const { id } = await arena.victim.node.publish({ stix: indicatorBundle(n, { label: 'large', padTo: 700_000 }).stix, policy: { tlp: 'GREEN' } })
      ids.push(id)
    }
    // One request may name an id many times: 1,000 answers of ~0.7 MB, 700 MB asked for.
    const asked = Array.from({ length: MAX_FETCH_IDS }, (_, i) => ids[i % ids.length]!)
    const before = heapAfterGc()
    const sentBefore = arena.victim.node.networkStats().bytesOut
    const stream = await rogue.openStream(arena.victim.key, FETCH_PROTOCOL)
    // Ask, then never read: a paused stream grants the victim no more window.
    stream.pause()
    const request = FetchRequest.encode({ ids: asked.map(id => Uint8Array.from(Buffer.from(id, 'hex'))) })
    stream.send(Buffer.concat([encodeVarint(request.length), request]))
    const sent = (): number => arena.victim.node.networkStats().bytesOut - sentBefore
    expect(await eventually(() => sent() > 100_000, 10_000), 'the victim started answering').to.equal(true)
    await new Promise(resolve => setTimeout(resolve, 1_500))
    const grown = heapAfterGc() - before
    console.log('      slow reader: victim sent %d bytes of ~700 MB asked; heap grew %d bytes', sent(), grown)
    expect(sent(), 'bytes handed to a reader that does not read').to.be.below(8 * 1024 * 1024)
    expect(grown, 'heap growth while 700 MB are asked for and not read').to.be.below(16 * 1024 * 1024)
    await expectHonestServed(arena)
    stream.abort(new Error('done'))
  })
})
