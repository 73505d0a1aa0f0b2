import { expect } from 'chai'
import { parseFilter } from '../../src/taxii/filters.js'
import { selectVersions } from '../../src/taxii/select.js'
import type { ObjectVersion } from '../../src/taxii/select.js'

function v (pos: number, index: number, id: string, version: string, dateAdded = pos * 1000): ObjectVersion {
  return { id, type: id.split('--')[0] ?? '', version, specVersion: '2.1', dateAdded, bundleId: `b${pos}`, origin: 'o', pos, index }
}

const IND = 'indicator--11111111-1111-4111-8111-111111111111'
const MAL = 'malware--22222222-2222-4222-8222-222222222222'
const ALL = { id: true, type: true, version: true }

describe('taxii - select', () => {
  const entries = [
    v(1, 0, IND, '2020-01-01T00:00:00Z'),
    v(1, 1, MAL, '2020-01-01T00:00:00Z'),
    v(2, 0, IND, '2021-01-01T00:00:00.000Z'),
    v(3, 0, IND, '2019-06-01T00:00:00Z')
  ]
  const ids = (items: ObjectVersion[]): string[] => items.map(e => `${e.pos}.${e.index}`)

  it('keeps the latest version of each object by default, in date-added order', () => {
    expect(ids(selectVersions(entries, parseFilter({}, ALL)).items)).to.deep.equal(['1.1', '2.0'])
  })

  it('selects first, all, and a given version (any precision)', () => {
    expect(ids(selectVersions(entries, parseFilter({ 'match[version]': ['first'] }, ALL)).items)).to.deep.equal(['1.1', '3.0'])
    expect(ids(selectVersions(entries, parseFilter({ 'match[version]': ['all'] }, ALL)).items)).to.deep.equal(['1.0', '1.1', '2.0', '3.0'])
    expect(ids(selectVersions(entries, parseFilter({ 'match[version]': ['2021-01-01T00:00:00Z'] }, ALL)).items)).to.deep.equal(['2.0'])
    expect(ids(selectVersions(entries, parseFilter({ 'match[version]': ['first,last'] }, ALL)).items)).to.deep.equal(['1.1', '2.0', '3.0'])
  })

  it('filters by id, type, spec_version and added_after', () => {
    expect(ids(selectVersions(entries, parseFilter({ 'match[id]': [MAL] }, ALL)).items)).to.deep.equal(['1.1'])
    expect(ids(selectVersions(entries, parseFilter({ 'match[type]': ['indicator'], 'match[version]': ['all'] }, ALL)).items)).to.deep.equal(['1.0', '2.0', '3.0'])
    expect(selectVersions(entries, parseFilter({ 'match[spec_version]': ['2.0'] }, ALL)).items).to.deep.equal([])
    expect(ids(selectVersions(entries, parseFilter({ 'match[version]': ['all'], added_after: new Date(1000).toISOString() }, ALL)).items)).to.deep.equal(['2.0', '3.0'])
  })

  it('pages with an opaque cursor until `more` is false', () => {
    const seen: string[] = []
    let next: string | undefined
    let pages = 0
    do {
      const page = selectVersions(entries, parseFilter({ 'match[version]': ['all'], limit: 1, ...(next == null ? {} : { next }) }, ALL))
      seen.push(...ids(page.items))
      expect(page.more).to.equal(page.next != null)
      next = page.next
      pages++
    } while (next != null)
    expect(seen).to.deep.equal(['1.0', '1.1', '2.0', '3.0'])
    expect(pages).to.equal(4)
  })
})
