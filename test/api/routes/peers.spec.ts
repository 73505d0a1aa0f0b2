import { expect } from 'chai'
import { NodeIdentity } from '../../../src/crypto/index.js'
import { startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

describe('api - routes/peers', () => {
  let t: TestNode
  const bravo = NodeIdentity.generate().memberKey
  const charlie = NodeIdentity.generate().memberKey

  before(async () => { t = await startTestNode({ name: 'Alpha', jurisdiction: 'DK' }) })
  after(async () => { await t.stop() })

  const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = t.auth) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) })

  it('lists this node itself', async () => {
    const res = await inject('GET', '/v1/peers')
    expect(res.statusCode).to.equal(200)
    const [self] = res.json().peers
    expect(self).to.include({ key: t.node.memberKey, name: 'Alpha', jurisdiction: 'DK', self: true, status: 'active' })
  })

  it('adds a member by key (201) and lists it', async () => {
    const res = await inject('POST', '/v1/peers', { key: bravo, name: 'Bravo', jurisdiction: 'NL', roles: ['member'], groups: ['fin-cert'], addresses: ['/ip4/127.0.0.1/tcp/4001'] })
    expect(res.statusCode).to.equal(201)
    expect(res.json()).to.include({ key: bravo, name: 'Bravo', jurisdiction: 'NL', status: 'active', self: false, connected: false })
    expect(res.json().groups).to.deep.equal(['fin-cert'])
    const keys = (await inject('GET', '/v1/peers')).json().peers.map((p: { key: string }) => p.key)
    expect(keys).to.include(bravo)
  })

  it('answers 409 for a member already in the directory', async () => {
    const res = await inject('POST', '/v1/peers', { key: bravo, name: 'Bravo again', jurisdiction: 'NL' })
    expect(res.statusCode).to.equal(409)
    expect(res.json().error.code).to.equal('DIRECTORY_DUPLICATE_MEMBER')
  })

  it('answers 400 naming the field for bad input', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ key: charlie, jurisdiction: 'FR' }, 'body.name'],
      [{ key: charlie, name: 'C', jurisdiction: 'france' }, 'body.jurisdiction'],
      [{ key: charlie, name: 'C', jurisdiction: 'FR', roles: ['admin'] }, 'body.roles[0]'],
      [{ key: charlie, name: 'C', jurisdiction: 'FR', colour: 'red' }, 'body.colour'],
      [{ key: 'not a key!', name: 'C', jurisdiction: 'FR' }, 'body.key']
    ]
    for (const [payload, field] of cases) {
      const res = await inject('POST', '/v1/peers', payload)
      expect(res.statusCode, field).to.equal(400)
      expect(res.json().error).to.include({ code: 'VALIDATION_FAILED', field })
      expect(res.json().error.message).to.include(field)
    }
  })

  it('answers 400 for a well-formed string that is not a member key', async () => {
    const res = await inject('POST', '/v1/peers', { key: 'QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N', name: 'C', jurisdiction: 'FR' })
    expect(res.statusCode).to.equal(400)
    expect(res.json().error.code).to.be.oneOf(['INVALID_MEMBER_KEY', 'DIRECTORY_INVALID_MEMBER'])
  })

  it('suspends and reactivates a member with PATCH', async () => {
    let res = await inject('PATCH', `/v1/peers/${bravo}`, { status: 'suspended' })
    expect(res.statusCode).to.equal(200)
    expect(res.json().status).to.equal('suspended')
    res = await inject('PATCH', `/v1/peers/${bravo}`, { status: 'active', name: 'Bravo BV' })
    expect(res.json()).to.include({ status: 'active', name: 'Bravo BV' })
  })

  it('refuses an empty or invalid PATCH with 400 and an unknown key with 404', async () => {
    expect((await inject('PATCH', `/v1/peers/${bravo}`, {})).statusCode).to.equal(400)
    const bad = await inject('PATCH', `/v1/peers/${bravo}`, { status: 'banned' })
    expect(bad.json().error.field).to.equal('body.status')
    const unknown = await inject('PATCH', `/v1/peers/${charlie}`, { status: 'suspended' })
    expect(unknown.statusCode).to.equal(404)
    expect(unknown.json().error.code).to.equal('DIRECTORY_UNKNOWN_MEMBER')
  })

  it('removes a member (204), then 404; its own entry cannot be removed', async () => {
    expect((await inject('DELETE', `/v1/peers/${bravo}`)).statusCode).to.equal(204)
    expect((await inject('DELETE', `/v1/peers/${bravo}`)).statusCode).to.equal(404)
    const self = await inject('DELETE', `/v1/peers/${t.node.memberKey}`)
    expect(self.statusCode).to.equal(409)
    expect(self.json().error.code).to.equal('DIRECTORY_SELF_PROTECTED')
  })

  it('answers 401 on every peers route without the token', async () => {
    for (const [method, url] of [['GET', '/v1/peers'], ['POST', '/v1/peers'], ['PATCH', `/v1/peers/${bravo}`], ['DELETE', `/v1/peers/${bravo}`]] as const) {
      expect((await inject(method, url, method === 'GET' || method === 'DELETE' ? undefined : {}, {})).statusCode, `${method} ${url}`).to.equal(401)
    }
  })
})
