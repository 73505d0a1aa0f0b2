import { expect } from 'chai'
import { compareTimestamps, isStixTimestamp } from '../../src/stix/index.js'
import { isMillisecondTimestamp } from '../../src/stix/timestamps.js'

describe('stix - timestamps', () => {
  const VALID = ['2016-05-12T08:17:27Z', '2016-05-12T08:17:27.000Z', '2016-05-12T08:17:27.123456789Z', '2000-02-29T00:00:00Z', '2016-12-31T23:59:60Z']
  const INVALID = [
    '2016-05-12', '2016-05-12T08:17:27', '2016-05-12T08:17:27+00:00', '2016-05-12t08:17:27Z', '2016-05-12T08:17:27.Z',
    '2016-13-12T08:17:27Z', '2016-00-12T08:17:27Z', '1900-02-29T00:00:00Z', '2016-04-31T00:00:00Z', '2016-05-12T24:00:00Z',
    '2016-05-12T08:60:00Z', '2016-05-12T08:17:60Z', '２016-05-12T08:17:27Z', 20160512, undefined
  ]
  for (const value of VALID) it(`accepts ${value}`, () => expect(isStixTimestamp(value)).to.equal(true))
  for (const value of INVALID) it(`refuses ${String(value)}`, () => expect(isStixTimestamp(value)).to.equal(false))

  it('knows millisecond precision', () => {
    expect(isMillisecondTimestamp('2016-05-12T08:17:27.000Z')).to.equal(true)
    expect(isMillisecondTimestamp('2016-05-12T08:17:27.00Z')).to.equal(false)
    expect(isMillisecondTimestamp('2016-05-12T08:17:27Z')).to.equal(false)
  })

  it('compares fractions as decimals', () => {
    const ordered = ['2016-05-12T08:17:27Z', '2016-05-12T08:17:27.0001Z', '2016-05-12T08:17:27.1Z', '2016-05-12T08:17:27.15Z', '2016-05-12T08:17:28.000Z', '2017-01-01T00:00:00Z']
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        expect(Math.sign(compareTimestamps(ordered[i] as string, ordered[j] as string)), `${i} vs ${j}`).to.equal(Math.sign(i - j))
      }
    }
    expect(compareTimestamps('2016-05-12T08:17:27.1Z', '2016-05-12T08:17:27.100Z')).to.equal(0)
  })
})
