import { expect } from 'chai'
import { lpStream } from '@libp2p/utils'
import { Envelope } from '../../src/envelope/envelope.js'
import { encodeVarint } from '../../src/network/varint.js'
import { FEED_PROTOCOL, FETCH_PROTOCOL, MAX_FETCH_IDS } from '../../src/replication/constants.js'
import { FeedMessage, FeedRequest, FetchRequest, FetchResponse } from '../../src/replication/messages.js'
import { eventually } from '../node/federation-helpers.js'
import { admitRogue, expectHonestServed, expectRejected, expectStrikes, openArena, rejectsFrom, seal } from './arena.js'
import { offerOf } from './rogue-node.js'
import type { Arena } from './arena.js'
import type { RogueNode } from './rogue-node.js'
import type { Stream } from '@libp2p/interface'

const VIOLATION = 'REPLICATION_PROTOCOL_VIOLATION'

/** Bytes protobuf cannot decode: field 1, length 127, then nothing. */
const GARBAGE = new Uint8Array([0x0a, 0x7f, 0x01])

/** Kinds of broken frame, as raw bytes on the stream. */
const broken = {
  /** A well-framed message that does not decode. */
  garbage: (): Uint8Array => Buffer.concat([encodeVarint(GARBAGE.length), GARBAGE]),
  /** A length prefix far over the reader's limit (the body never needs to come). */
  oversized: (length = 64 * 1024 * 1024): Uint8Array => Buffer.concat([encodeVarint(length), new Uint8Array(64)]),
  /** A length prefix promising more than is sent before the stream ends. */
  truncated: (): Uint8Array => Buffer.concat([encodeVarint(500), new Uint8Array(20).fill(1)])
}

type Kind = keyof typeof broken

async function send (stream: Stream, bytes: Uint8Array): Promise<void> {
  stream.send(bytes)
  // the truncated kind must END inside its frame: close our writable side
  await stream.close().catch(() => {})
}

/** A valid fetch response for `id`, then (when asked) more of them: used to shape the answer to the victim. */
async function readFetchRequest (stream: Stream): Promise<Uint8Array[]> {
  const lp = lpStream(stream)
  return FetchRequest.decode(await lp.read()).ids
}

/**
 * Truncated, oversized and garbage frames at every protocol, in both
 * directions: the rogue as the publisher the victim subscribes to and
 * fetches from, and the rogue as a subscriber and requester of the victim.
 * Each is a protocol violation: the stream is dropped, nothing is stored,
 * the violation is audited with the peer, and it is one strike.
 */
describe('adversarial - broken frames at every protocol', function () {
  this.timeout(60_000)
  let arena: Arena
  let rogue: RogueNode | undefined

  before(async () => { arena = await openArena() })
  after(async () => { await arena.stop() })
  afterEach(async () => { await rogue?.stop() })

  async function expectViolation (strikes = 1): Promise<void> {
    const record = await expectRejected(arena.victim, rogue!.key, VIOLATION)
    // Well-formed from now on: the victim's retries must not add strikes the count does not expect.
    rogue!.behave()
    expect(record.peer).to.equal(rogue!.key)
    await expectHonestServed(arena)
    await expectStrikes(arena, rogue!, strikes)
  }

  describe('rogue as publisher: the victim subscribes to its feed', () => {
    for (const kind of Object.keys(broken) as Kind[]) {
      it(`${kind} feed hello`, async () => {
        rogue = await admitRogue(arena, { prepare: r => { r.onFeed(async stream => send(stream, broken[kind]())) } })
        await expectViolation()
      })
    }

    for (const kind of Object.keys(broken) as Kind[]) {
      it(`${kind} feed batch after a valid hello`, async () => {
        rogue = await admitRogue(arena, {
          prepare: r => {
            r.onFeed(async stream => {
              const lp = lpStream(stream)
              await lp.write(FeedMessage.encode({ hello: { logId: r.logId, epoch: 'x', since: 0n } }))
              FeedRequest.decode(await lp.read())
              await send(lp.unwrap(), broken[kind]())
            })
          }
        })
        await expectViolation()
      })
    }
  })

  describe('rogue as publisher: the victim fetches from it', () => {
    const shapes: Record<string, (stream: Stream, ids: Uint8Array[]) => Promise<void>> = {
      'garbage fetch response': async stream => send(stream, broken.garbage()),
      'oversized fetch response (over the frame limit)': async stream => send(stream, broken.oversized()),
      'truncated fetch response': async stream => send(stream, broken.truncated()),
      'a response for another id than asked': async stream => {
        const lp = lpStream(stream)
        await lp.write(FetchResponse.encode({ id: new Uint8Array(32).fill(9), refused: 'no' }))
        await stream.close()
      }
    }
    for (const [title, shape] of Object.entries(shapes)) {
      it(title, async () => {
        rogue = await admitRogue(arena, { prepare: r => { r.onFetch(async stream => shape(stream, await readFetchRequest(stream))) } })
        const offer = offerOf(seal(arena.ghost, { recipients: [arena.victim.key, rogue.key] }).bytes)
        await rogue.offer(offer)
        await expectViolation()
      })
    }

    it('an envelope whose header exceeds the header limit', async () => {
      rogue = await admitRogue(arena)
      const bytes = Envelope.encode({ header: new Uint8Array(300 * 1024), signature: new Uint8Array(64), ciphertext: new Uint8Array(16) })
      await rogue.offer(offerOf(bytes))
      await expectRejected(arena.victim, rogue.key, 'ENVELOPE_TOO_LARGE')
      await expectHonestServed(arena)
      await expectStrikes(arena, rogue, 1)
    })
  })

  describe('rogue as subscriber: it opens the victim\'s feed', () => {
    for (const kind of Object.keys(broken) as Kind[]) {
      it(`${kind} feed request`, async () => {
        rogue = await admitRogue(arena)
        const stream = await rogue.openStream(arena.victim.key, FEED_PROTOCOL)
        const lp = lpStream(stream)
        expect(FeedMessage.decode(await lp.read()).hello, 'the victim greets first').to.not.equal(undefined)
        await send(lp.unwrap(), broken[kind]())
        await expectViolation()
      })
    }
  })

  describe('rogue as requester: it fetches from the victim', () => {
    const requests: Record<string, () => Uint8Array> = {
      'garbage fetch request': broken.garbage,
      'oversized fetch request': () => broken.oversized(1024 * 1024),
      [`a fetch request for ${MAX_FETCH_IDS + 1} ids`]: () => {
        const body = FetchRequest.encode({ ids: Array.from({ length: MAX_FETCH_IDS + 1 }, () => new Uint8Array(32)) })
        return Buffer.concat([encodeVarint(body.length), body])
      },
      'a fetch request naming a 5-byte id': () => Buffer.concat([encodeVarint(7), new Uint8Array([0x0a, 0x05, 1, 2, 3, 4, 5])])
    }
    for (const [title, make] of Object.entries(requests)) {
      it(title, async () => {
        rogue = await admitRogue(arena)
        const stream = await rogue.openStream(arena.victim.key, FETCH_PROTOCOL)
        await send(stream, make())
        await expectViolation()
      })
    }

    it('a truncated fetch request: dropped, answered with nothing (not blamed: lpStream cannot tell it from a clean end)', async () => {
      rogue = await admitRogue(arena)
      const before = (await rejectsFrom(arena.victim, rogue.key)).length
      const stream = await rogue.openStream(arena.victim.key, FETCH_PROTOCOL)
      const answered = lpStream(stream).read({ signal: AbortSignal.timeout(1_500) }).then(() => true, () => false)
      await send(stream, broken.truncated())
      expect(await answered, 'the victim answered a truncated request').to.equal(false)
      expect(await eventually(async () => stream.status !== 'open', 3_000), 'the stream is closed').to.equal(true)
      expect((await rejectsFrom(arena.victim, rogue.key)).length).to.equal(before)
      await expectHonestServed(arena)
      await expectStrikes(arena, rogue, 0)
    })
  })
})
