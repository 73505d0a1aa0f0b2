import { expect } from 'chai'
import { decodeCursor, encodeCursor, normalizeTimestamp, parseFilter } from '../../src/taxii/filters.js'

const ALL = { id: true, type: true, version: true }

describe('taxii - filters', () => {
  it('normalises STIX timestamps so precisions compare equal', () => {
    expect(normalizeTimestamp('2016-04-06T20:06:37Z')).to.equal('2016-04-06T20:06:37.000000000Z')
    expect(normalizeTimestamp('2016-04-06T20:06:37.000Z')).to.equal(normalizeTimestamp('2016-04-06T20:06:37Z'))
    expect(normalizeTimestamp('2016-04-06T20:06:37.123456Z')).to.equal('2016-04-06T20:06:37.123456000Z')
    for (const bad of ['2016-04-06', '2016-04-06T20:06:37+01:00', 'yesterday', '2016-13-45T99:99:99Z']) {
      expect(normalizeTimestamp(bad), bad).to.equal(undefined)
    }
  })

  it('round-trips cursors and refuses foreign ones with a 400 naming `next`', () => {
    expect(decodeCursor(encodeCursor(42, 7))).to.deep.equal({ pos: 42, index: 7 })
    for (const bad of ['', 'abc', Buffer.from('1.x').toString('base64url'), Buffer.from('-1.2').toString('base64url')]) {
      expect(() => decodeCursor(bad), bad).to.throw().with.property('field', 'query.next')
    }
  })

  it('defaults to the last version, limit 100, capped at 1000', () => {
    expect(parseFilter({}, ALL)).to.deep.equal({ versions: ['last'], limit: 100 })
    expect(parseFilter({ limit: 5000 }, ALL).limit).to.equal(1000)
  })

  it('splits comma-separated and repeated values', () => {
    const f = parseFilter({ 'match[type]': ['indicator,malware', 'tool'], 'match[version]': ['first,2016-04-06T20:06:37Z'] }, ALL)
    expect([...(f.types ?? [])]).to.deep.equal(['indicator', 'malware', 'tool'])
    expect(f.versions).to.deep.equal(['first', { at: '2016-04-06T20:06:37.000000000Z' }])
  })

  it('refuses bad values with a 400 naming the parameter', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ 'match[id]': ['not-an-id'] }, 'query.match[id]'],
      [{ 'match[type]': ['Indicator!'] }, 'query.match[type]'],
      [{ 'match[version]': ['newest'] }, 'query.match[version]'],
      [{ 'match[spec_version]': ['two'] }, 'query.match[spec_version]'],
      [{ 'match[type]': ['indicator,'] }, 'query.match[type]'],
      [{ added_after: 'last week' }, 'query.added_after']
    ]
    for (const [query, field] of cases) {
      expect(() => parseFilter(query, ALL), field).to.throw().with.property('field', field)
    }
  })

  it('refuses filters an endpoint does not take, and lists all versions where match[version] is not taken', () => {
    const versionsOnly = { id: false, type: false, version: false }
    expect(() => parseFilter({ 'match[type]': ['indicator'] }, versionsOnly)).to.throw().with.property('code', 'VALIDATION_FAILED')
    expect(parseFilter({}, versionsOnly).versions).to.deep.equal(['all'])
  })

  it('reads added_after as ms since epoch', () => {
    expect(parseFilter({ added_after: '2024-01-01T00:00:00.500Z' }, ALL).addedAfter).to.equal(Date.parse('2024-01-01T00:00:00.500Z'))
  })
})
