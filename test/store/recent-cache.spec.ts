import { expect } from 'chai'
import { DEAD, keys } from '../../src/store/keys.js'
import { RecentCache } from '../../src/store/recent-cache.js'
import { bundleId, envelopeBytes, makeInput } from './fixtures.js'
import type { StagedOp } from '../../src/store/txn.js'
import type { BundleRecord } from '../../src/store/types.js'

function record (seed: string, pos: number): BundleRecord {
  return { ...makeInput(seed).record, pos }
}

/** The ops an accept of `seed` at `pos` commits to the cached sublevels (plus one the cache ignores). */
function appended (seed: string, pos: number, size = 100): StagedOp[] {
  const id = bundleId(seed)
  return [
    { sub: 'env', key: id, value: envelopeBytes(seed, size) },
    { sub: 'log', key: keys.log(pos), value: id },
    { sub: 'rec', key: id, value: record(seed, pos) },
    { sub: 'crt', key: 'x', value: '' }
  ]
}

function removed (seed: string, pos: number): StagedOp[] {
  const id = bundleId(seed)
  return [
    { sub: 'env', key: id, value: undefined },
    { sub: 'rec', key: id, value: undefined },
    { sub: 'log', key: keys.log(pos), value: DEAD + id }
  ]
}

describe('store - recent cache', () => {
  it('holds at most `entries` records and log positions, dropping the oldest first', () => {
    const cache = new RecentCache({ entries: 3 })
    cache.reset(0)
    for (let pos = 1; pos <= 5; pos++) cache.apply(appended(`e${pos}`, pos))
    expect(cache.size()).to.include({ records: 3, logEntries: 3 })
    expect(cache.hasRecord(bundleId('e2'))).to.equal(false)
    expect(cache.hasRecord(bundleId('e3'))).to.equal(true)
    expect(cache.record(bundleId('e5'))).to.deep.equal(record('e5', 5))
    // The window is [3, 5]: after 2 it is complete, after 1 it is not.
    expect(cache.readLog(2, 10)?.map((e) => e.pos)).to.deep.equal([3, 4, 5])
    expect(cache.readLog(1, 10)).to.equal(undefined)
    expect(cache.readLog(3, 1)).to.deep.equal([{ pos: 4, id: bundleId('e4') }])
    expect(cache.readLog(5, 10)).to.deep.equal([])
    expect(cache.readLog(99, 10)).to.deep.equal([])
  })

  it('holds at most `envelopeBytes` of envelopes, never one larger than that, and counts bytes exactly', () => {
    const cache = new RecentCache({ envelopeBytes: 1000 })
    cache.reset(0)
    cache.apply(appended('b1', 1, 400))
    cache.apply(appended('b2', 2, 400))
    expect(cache.size()).to.include({ envelopes: 2, envelopeBytes: 800 })
    cache.apply(appended('b3', 3, 300))
    expect(cache.size()).to.include({ envelopes: 2, envelopeBytes: 700 })
    expect(cache.envelope(bundleId('b1'))).to.equal(undefined)
    cache.apply(appended('big', 4, 1001))
    expect(cache.envelope(bundleId('big'))).to.equal(undefined)
    expect(cache.size()).to.include({ envelopes: 2, envelopeBytes: 700 })
    cache.apply(removed('b2', 2))
    expect(cache.size()).to.include({ envelopes: 1, envelopeBytes: 300 })
    expect(Buffer.from(cache.envelope(bundleId('b3')) as Uint8Array).equals(Buffer.from(envelopeBytes('b3', 300)))).to.equal(true)
  })

  it('mirrors removals: records and envelopes go, the log entry turns dead and is skipped', () => {
    const cache = new RecentCache()
    cache.reset(0)
    for (let pos = 1; pos <= 3; pos++) cache.apply(appended(`r${pos}`, pos))
    cache.apply(removed('r2', 2))
    expect(cache.hasRecord(bundleId('r2'))).to.equal(false)
    expect(cache.record(bundleId('r2'))).to.equal(undefined)
    expect(cache.envelope(bundleId('r2'))).to.equal(undefined)
    expect(cache.readLog(0, 10)).to.deep.equal([{ pos: 1, id: bundleId('r1') }, { pos: 3, id: bundleId('r3') }])
    expect(cache.readLog(1, 1)).to.deep.equal([{ pos: 3, id: bundleId('r3') }])
  })

  it('keeps the log window contiguous after a deleted position or a position past the next one', () => {
    const cache = new RecentCache()
    cache.reset(0)
    for (let pos = 1; pos <= 4; pos++) cache.apply(appended(`w${pos}`, pos))
    cache.apply([{ sub: 'log', key: keys.log(2), value: undefined }])
    expect(cache.readLog(1, 10)).to.equal(undefined)
    expect(cache.readLog(2, 10)?.map((e) => e.pos)).to.deep.equal([3, 4])
    cache.apply(appended('w9', 9))
    expect(cache.readLog(4, 10)).to.equal(undefined)
    expect(cache.readLog(8, 10)).to.deep.equal([{ pos: 9, id: bundleId('w9') }])
    // A rewrite below the window changes nothing it answers.
    cache.apply(removed('w3', 3))
    expect(cache.size().logEntries).to.equal(1)
  })

  it('starts empty at the committed head and answers only what follows it', () => {
    const cache = new RecentCache()
    cache.reset(7)
    expect(cache.readLog(7, 10)).to.deep.equal([])
    expect(cache.readLog(6, 10)).to.equal(undefined)
    cache.apply(appended('h8', 8))
    expect(cache.readLog(7, 10)).to.deep.equal([{ pos: 8, id: bundleId('h8') }])
    cache.reset(8)
    expect(cache.size()).to.deep.equal({ records: 0, envelopes: 0, envelopeBytes: 0, logEntries: 0 })
  })

  it('answers nothing when turned off', () => {
    const cache = new RecentCache({ entries: 0, envelopeBytes: 0 })
    cache.reset(0)
    cache.apply(appended('off', 1))
    expect(cache.size()).to.deep.equal({ records: 0, envelopes: 0, envelopeBytes: 0, logEntries: 0 })
    expect(cache.readLog(0, 10)).to.equal(undefined)
    expect(cache.readLog(1, 10)).to.equal(undefined)
  })

  it('cannot be changed through a returned record or envelope, nor through the bytes and objects it was given', () => {
    const cache = new RecentCache()
    cache.reset(0)
    const ops = appended('m', 1)
    cache.apply(ops)
    const given = ops[2]?.value as BundleRecord
    given.recipients.push('intruder')
    given.policy.allow.push('XX')
    ;(ops[0]?.value as Uint8Array).fill(0)
    const out = cache.record(bundleId('m')) as BundleRecord
    expect(Object.isFrozen(out) && Object.isFrozen(out.policy) && Object.isFrozen(out.objects)).to.equal(true)
    expect(() => { out.size = 1 }).to.throw(TypeError)
    expect(() => { out.recipients.push('intruder') }).to.throw(TypeError)
    const bytes = cache.envelope(bundleId('m')) as Uint8Array
    bytes.fill(0)
    expect(cache.record(bundleId('m'))).to.deep.equal(record('m', 1))
    expect(Buffer.from(cache.envelope(bundleId('m')) as Uint8Array).equals(Buffer.from(envelopeBytes('m', 100)))).to.equal(true)
  })

  it('refuses bounds that are not non-negative integers', () => {
    expect(() => new RecentCache({ entries: -1 })).to.throw().with.property('code', 'STORE_INVALID_INPUT')
    expect(() => new RecentCache({ envelopeBytes: 1.5 })).to.throw().with.property('code', 'STORE_INVALID_INPUT')
  })
})
