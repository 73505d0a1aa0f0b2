import { expect } from 'chai'
import { parseStixBundle, summarizeBundle } from '../../src/stix/index.js'
import { bundle, readCorpus } from './helpers.js'
import { sample, uid } from './samples.js'

describe('stix - summary', () => {
  it('lists sorted unique types and one entry per object version', () => {
    const later = sample('indicator', { modified: '2021-01-01T00:00:00.000Z' })
    const b = parseStixBundle(bundle(sample('indicator'), sample('ipv4-addr'), sample('marking-definition'), sample('indicator'), later))
    expect(summarizeBundle(b)).to.deep.equal({
      types: ['indicator', 'ipv4-addr', 'marking-definition'],
      objects: [
        { id: uid('indicator'), type: 'indicator', created: '2020-01-01T00:00:00.000Z', modified: '2020-01-01T00:00:00.000Z', specVersion: '2.1', version: '2020-01-01T00:00:00.000Z' },
        { id: uid('ipv4-addr'), type: 'ipv4-addr' },
        { id: uid('marking-definition'), type: 'marking-definition', created: '2020-01-01T00:00:00.000Z', specVersion: '2.1', version: '2020-01-01T00:00:00.000Z' },
        { id: uid('indicator'), type: 'indicator', created: '2020-01-01T00:00:00.000Z', modified: '2021-01-01T00:00:00.000Z', specVersion: '2.1', version: '2021-01-01T00:00:00.000Z' }
      ]
    })
  })

  it('summarises a corpus bundle', () => {
    const summary = summarizeBundle(parseStixBundle(readCorpus('oasis-cti-documentation/poisonivy.json')))
    expect(summary.types).to.deep.equal([
      'attack-pattern', 'campaign', 'course-of-action', 'identity', 'indicator', 'malware', 'relationship', 'report', 'vulnerability'
    ])
    expect(summary.objects).to.have.length(155)
    expect(summary.objects.every(o => o.version === o.modified)).to.equal(true)
  })
})
