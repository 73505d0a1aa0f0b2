import { expect } from 'chai'
import { corpusBundle, startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

describe('api - routes/search', () => {
  let t: TestNode
  let bundleId: string

  before(async () => {
    t = await startTestNode()
    const stix = await corpusBundle('oasis-json-schemas-examples/infrastructure.json')
    bundleId = (await t.node.publish({ stix, policy: { tlp: 'GREEN' } })).id
  })
  after(async () => { await t.stop() })

  it('finds the objects holding an observable value, with their bundle', async () => {
    const res = await t.app.inject({ url: '/v1/search?value=198.51.100.3', headers: t.auth })
    expect(res.statusCode).to.equal(200)
    const { hits } = res.json()
    expect(hits).to.have.length.greaterThan(0)
    expect(hits[0]).to.include({ bundleId, value: '198.51.100.3' })
    expect(hits[0].bundle.id).to.equal(bundleId)
    expect(hits[0].object.id).to.equal(hits[0].objectId)
  })

  it('returns no hit for a value nobody shared', async () => {
    const res = await t.app.inject({ url: '/v1/search?value=203.0.113.77', headers: t.auth })
    expect(res.json().hits).to.deep.equal([])
  })

  it('answers 400 without a value, with an empty or oversized one, or with a non-observable', async () => {
    for (const [qs, field] of [['', 'query.value'], ['value=', 'query.value'], [`value=${'a'.repeat(3000)}`, 'query.value'], ['value=1.2.3.4&limit=0', 'query.limit']]) {
      const res = await t.app.inject({ url: `/v1/search?${qs}`, headers: t.auth })
      expect(res.statusCode, qs).to.equal(400)
      expect(res.json().error.field, qs).to.equal(field)
    }
    const prose = await t.app.inject({ url: '/v1/search?value=hello%20world', headers: t.auth })
    expect(prose.statusCode).to.equal(400)
    expect(prose.json().error.code).to.equal('SEARCH_INVALID_VALUE')
  })

  it('answers 401 without the token', async () => {
    expect((await t.app.inject({ url: '/v1/search?value=198.51.100.3' })).statusCode).to.equal(401)
  })
})
