import { expect } from 'chai'
import { startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

describe('api - routes/status', () => {
  let t: TestNode

  before(async () => { t = await startTestNode({ name: 'Status Firm', jurisdiction: 'NL', roles: ['authority'] }) })
  after(async () => { await t.stop() })

  it("reports the node's identity, addresses, peers, store and gaps", async () => {
    const res = await t.app.inject({ url: '/v1/status', headers: t.auth })
    expect(res.statusCode).to.equal(200)
    const s = res.json()
    expect(s).to.include({ memberKey: t.node.memberKey, name: 'Status Firm', jurisdiction: 'NL', logHead: 0 })
    expect(s.roles).to.deep.equal(['authority'])
    expect(s.listen[0]).to.match(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3KooW/)
    expect(s.peers).to.deep.equal({ directory: 0, active: 0, connected: 0 })
    expect(s.bundles).to.deep.equal({ stored: 0, retracted: 0, tombstones: 0 })
    expect(s.gaps).to.deep.equal([])
    expect(s.logId).to.be.a('string').with.length.greaterThan(0)
    expect(s.uptimeMs).to.be.a('number')
  })

  it('answers 401 without the token', async () => {
    expect((await t.app.inject({ url: '/v1/status' })).statusCode).to.equal(401)
  })
})
