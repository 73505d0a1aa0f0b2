import { expect } from 'chai'
import { PeerPenalties } from '../../src/replication/penalties.js'

/** A peer over the threshold within the window serves a cooldown; strikes outside the window do not count. */
describe('replication - penalties', () => {
  it('penalises on the strike past the threshold, once, for the cooldown', () => {
    const penalties = new PeerPenalties({ threshold: 3, windowMs: 1_000, cooldownMs: 5_000 })
    expect([1, 2, 3].map(t => penalties.strike('p', t))).to.deep.equal([false, false, false])
    expect(penalties.isPenalised('p', 4)).to.equal(false)
    expect(penalties.strike('p', 4)).to.equal(true)
    expect(penalties.isPenalised('p', 4)).to.equal(true)
    expect(penalties.isPenalised('p', 5_003)).to.equal(true)
    expect(penalties.isPenalised('p', 5_004)).to.equal(false)
  })

  it('forgets strikes older than the window', () => {
    const penalties = new PeerPenalties({ threshold: 2, windowMs: 100, cooldownMs: 1_000 })
    penalties.strike('p', 0)
    penalties.strike('p', 50)
    expect(penalties.strike('p', 200), 'the first two left the window').to.equal(false)
    expect(penalties.counts(200)).to.deep.equal({ p: 1 })
  })

  it('counts peers apart and keeps a bounded list per peer', () => {
    const penalties = new PeerPenalties({ threshold: 100, windowMs: 10_000, cooldownMs: 1 })
    for (let t = 0; t < 50; t++) penalties.strike('a', t)
    penalties.strike('b', 1)
    expect(penalties.counts(60)).to.deep.equal({ a: 50, b: 1 })
    expect(penalties.isPenalised('a', 60)).to.equal(false)
  })
})
