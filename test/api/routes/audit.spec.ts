import { expect } from 'chai'
import { NodeIdentity } from '../../../src/crypto/index.js'
import { startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

describe('api - routes/audit', () => {
  let t: TestNode

  before(async () => {
    t = await startTestNode()
    for (let i = 0; i < 3; i++) await t.node.addPeer({ key: NodeIdentity.generate().memberKey, name: `Peer ${i}`, jurisdiction: 'SE' })
  })
  after(async () => { await t.stop() })

  it('lists the hash-chained audit records', async () => {
    const res = await t.app.inject({ url: '/v1/audit', headers: t.auth })
    expect(res.statusCode).to.equal(200)
    const { entries, verify } = res.json()
    expect(entries.map((e: { type: string }) => e.type)).to.deep.equal(['start', 'directory', 'directory', 'directory'])
    expect(entries[0]).to.include({ seq: 1 })
    expect(entries[1].prev).to.equal(entries[0].hash)
    expect(verify).to.equal(undefined)
  })

  it('pages with limit, next and after', async () => {
    const first = (await t.app.inject({ url: '/v1/audit?limit=2', headers: t.auth })).json()
    expect(first.entries.map((e: { seq: number }) => e.seq)).to.deep.equal([1, 2])
    expect(first.next).to.equal(2)
    const rest = (await t.app.inject({ url: `/v1/audit?after=${String(first.next)}&limit=10`, headers: t.auth })).json()
    expect(rest.entries.map((e: { seq: number }) => e.seq)).to.deep.equal([3, 4])
    expect(rest).to.not.have.property('next')
  })

  it('verifies the whole chain with verify=true', async () => {
    const res = await t.app.inject({ url: '/v1/audit?verify=true&limit=1', headers: t.auth })
    expect(res.json().verify).to.deep.equal({ ok: true, checked: 4 })
  })

  it('answers 400 naming the parameter for bad input', async () => {
    for (const [qs, field] of [['verify=perhaps', 'query.verify'], ['limit=0', 'query.limit'], ['after=x', 'query.after'], ['since=1', 'query.since']]) {
      const res = await t.app.inject({ url: `/v1/audit?${qs}`, headers: t.auth })
      expect(res.statusCode, qs).to.equal(400)
      expect(res.json().error.field, qs).to.equal(field)
    }
  })

  it('answers 401 without the token', async () => {
    expect((await t.app.inject({ url: '/v1/audit' })).statusCode).to.equal(401)
  })
})
