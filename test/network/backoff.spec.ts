import { expect } from 'chai'
import fc from 'fast-check'
import { attemptAfterDisconnect, backoffDelay } from '../../src/network/backoff.js'

const BACKOFF = { initialDelayMs: 100, maxDelayMs: 5_000, factor: 2 }

describe('network - backoff', () => {
  const cases: Array<[attempt: number, random: number, expected: number]> = [
    [0, 0, 50],
    [0, 0.999999, 100],
    [1, 0, 100],
    [3, 0.5, 600],
    [5, 0, 1_600],
    [6, 0.999999, 5_000],
    [50, 0, 2_500],
    [-1, 0, 50]
  ]
  for (const [attempt, random, expected] of cases) {
    it(`attempt ${attempt}, random ${random} -> ${expected} ms`, () => {
      expect(backoffDelay(attempt, BACKOFF, random)).to.equal(expected)
    })
  }

  it('stays within [ceiling/2, ceiling] and never exceeds maxDelayMs', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 1, max: 4, noNaN: true }),
      (attempt, random, initialDelayMs, extra, factor) => {
        const backoff = { initialDelayMs, maxDelayMs: initialDelayMs + extra, factor }
        const ceiling = Math.min(backoff.maxDelayMs, initialDelayMs * Math.pow(factor, attempt))
        const delay = backoffDelay(attempt, backoff, random)
        return delay >= Math.floor(ceiling / 2) && delay <= Math.ceil(ceiling) && delay <= backoff.maxDelayMs
      }
    ))
  })

  describe('attemptAfterDisconnect', () => {
    const table: Array<[string, number, number | undefined, number, number]> = [
      ['a stable connection resets the count', 5, 1_000, 60_000, 0],
      ['exactly stableAfterMs counts as stable', 5, 1_000, 11_000, 0],
      ['a connection dropped at once keeps the count', 5, 1_000, 1_020, 5],
      ['a connection just short of stable keeps the count', 3, 1_000, 10_999, 3],
      ['no recorded connection keeps the count', 4, undefined, 50_000, 4]
    ]
    for (const [name, attempt, connectedAt, now, expected] of table) {
      it(name, () => {
        expect(attemptAfterDisconnect(attempt, connectedAt, now, 10_000)).to.equal(expected)
      })
    }
  })
})
