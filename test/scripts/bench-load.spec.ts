import { expect } from 'chai'
import { maxBySecond, percentiles } from '../../scripts/lib/bench-load.js'

describe('bench load figures', () => {
  it('puts each bundle in the second of the phase it was published in, and keeps the slowest', () => {
    // Published at 0.0, 0.5, 1.2, 3.9 s after the first: seconds 0, 0, 1, 3; second 2 had none.
    const slowest = maxBySecond([12, 40.04, 7, 300], [1000, 1500, 2200, 4900])
    expect(slowest).to.deep.equal([40, 7, 0, 300])
  })

  it('does not depend on the order the publications were collected in', () => {
    expect(maxBySecond([300, 7, 40, 12], [4900, 2200, 1500, 1000])).to.deep.equal([40, 7, 0, 300])
  })

  it('reports p50, p99 and max of the samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentiles(samples)).to.deep.equal({ p50: 51, p99: 100, max: 100 })
  })
})
