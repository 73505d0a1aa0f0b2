import { expect } from 'chai'
import { markSeen, missingSeqs, SEEN_NONE } from '../../src/store/seen.js'
import type { SeenState } from '../../src/store/types.js'

function seeAll (seqs: number[], sparseMax?: number): SeenState {
  return seqs.reduce((s, seq) => markSeen(s, seq, sparseMax), SEEN_NONE)
}

describe('store - seen', () => {
  const cases: Array<{ seqs: number[], state: SeenState, missing: number[] }> = [
    { seqs: [], state: { watermark: 0, above: [] }, missing: [] },
    { seqs: [1, 2, 3], state: { watermark: 3, above: [] }, missing: [] },
    { seqs: [3, 1, 2], state: { watermark: 3, above: [] }, missing: [] },
    { seqs: [2], state: { watermark: 0, above: [2] }, missing: [1] },
    { seqs: [1, 4, 6, 4, 1], state: { watermark: 1, above: [4, 6] }, missing: [2, 3, 5] },
    { seqs: [9, 7, 8], state: { watermark: 0, above: [7, 8, 9] }, missing: [1, 2, 3, 4, 5, 6] }
  ]
  for (const c of cases) {
    it(`seqs ${JSON.stringify(c.seqs)}`, () => {
      const state = seeAll(c.seqs)
      expect(state).to.deep.equal(c.state)
      expect(missingSeqs(state)).to.deep.equal({ missing: c.missing, truncated: false })
    })
  }

  it('returns the same state for a seq already seen', () => {
    const state = seeAll([1, 5])
    expect(markSeen(state, 1)).to.equal(state)
    expect(markSeen(state, 5)).to.equal(state)
  })

  it('stays bounded: past the sparse limit the oldest gaps are given up', () => {
    const state = seeAll([2, 4, 6, 8, 10], 3)
    expect(state).to.deep.equal({ watermark: 4, above: [6, 8, 10] })
    expect(missingSeqs(state).missing).to.deep.equal([5, 7, 9])
  })

  it('truncates the report of a huge gap', () => {
    const state = seeAll([1_000_000])
    expect(missingSeqs(state, 10)).to.deep.equal({ missing: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], truncated: true })
  })
})
