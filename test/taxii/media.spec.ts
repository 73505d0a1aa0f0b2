import { expect } from 'chai'
import { checkAccept, checkContentType } from '../../src/taxii/media.js'

describe('taxii - media', () => {
  it('accepts TAXII 2.1, unversioned TAXII, wildcards and no Accept at all', () => {
    for (const accept of [undefined, '', 'application/taxii+json;version=2.1', 'application/taxii+json', 'APPLICATION/TAXII+JSON; version="2.1"', '*/*', 'application/*', 'text/html, application/taxii+json;version=2.1;q=0.9']) {
      expect(() => { checkAccept(accept, false) }, String(accept)).to.not.throw()
    }
  })

  it('accepts the STIX media type only where objects are served', () => {
    expect(() => { checkAccept('application/stix+json;version=2.1', true) }).to.not.throw()
    expect(() => { checkAccept('application/stix+json;version=2.1', false) }).to.throw().with.property('code', 'NOT_ACCEPTABLE')
  })

  it('answers 406 for other types and other TAXII versions', () => {
    for (const accept of ['application/json', 'text/html', 'application/taxii+json;version=2.0', 'garbage']) {
      expect(() => { checkAccept(accept, true) }, accept).to.throw().with.property('code', 'NOT_ACCEPTABLE')
    }
  })

  it('answers 415 for a POST body that is not TAXII 2.1', () => {
    expect(() => { checkContentType('application/taxii+json;version=2.1') }).to.not.throw()
    expect(() => { checkContentType('application/taxii+json') }).to.not.throw()
    for (const type of [undefined, 'application/json', 'application/stix+json;version=2.1', 'application/taxii+json;version=2.0']) {
      expect(() => { checkContentType(type) }, String(type)).to.throw().with.property('code', 'UNSUPPORTED_MEDIA_TYPE')
    }
  })
})
