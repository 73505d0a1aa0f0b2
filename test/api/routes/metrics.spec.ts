import { expect } from 'chai'
import { startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

describe('api - routes/metrics', () => {
  let t: TestNode

  before(async () => { t = await startTestNode() })
  after(async () => { await t.stop() })

  it('serves the Prometheus text format of the node registry', async () => {
    const res = await t.app.inject({ url: '/metrics', headers: t.auth })
    expect(res.statusCode).to.equal(200)
    expect(res.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/)
    for (const name of ['intelmesh_bundles', 'intelmesh_peers_connected', 'intelmesh_rejects_total', 'intelmesh_feed_lag_entries', 'intelmesh_sequence_gaps']) {
      expect(res.body).to.include(`# TYPE ${name} `)
    }
    expect(res.body).to.not.match(/^"/) // raw text, not a JSON string
  })

  it('answers 401 without the token', async () => {
    expect((await t.app.inject({ url: '/metrics' })).statusCode).to.equal(401)
  })
})
