import { expect } from 'chai'
import { NodeIdentity } from '../../../src/crypto/index.js'
import { createRotationStatement, statementToWire } from '../../../src/keys/statement.js'
import { startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

describe('api - routes/keys', () => {
  let t: TestNode
  const bravoOld = NodeIdentity.generate()
  const bravoNew = NodeIdentity.generate()
  const charlie = NodeIdentity.generate()

  before(async () => {
    t = await startTestNode({ name: 'Alpha', jurisdiction: 'DK' })
    await t.node.addPeer({ key: bravoOld.memberKey, name: 'Bravo', jurisdiction: 'NL', groups: ['fin-cert'] })
    await t.node.addPeer({ key: charlie.memberKey, name: 'Charlie', jurisdiction: 'FR' })
  })
  after(async () => { await t.stop() })

  const inject = async (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: t.auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) })

  it('takes a statement out of band as pending, then accepts it: the new key inherits the entry', async () => {
    const statement = statementToWire(createRotationStatement(bravoOld, bravoNew, Date.now(), 'hsm replaced'))
    const submitted = await inject('POST', '/v1/peers/rotations', statement)
    expect(submitted.statusCode, submitted.body).to.equal(201)
    expect(submitted.json()).to.include({ oldKey: bravoOld.memberKey, newKey: bravoNew.memberKey, status: 'pending', from: 'admin', name: 'Bravo' })
    expect((await inject('GET', '/v1/peers/rotations')).json().rotations).to.have.length(1)
    const accepted = await inject('POST', `/v1/peers/rotations/${bravoOld.memberKey}/accept`)
    expect(accepted.statusCode).to.equal(200)
    expect(accepted.json()).to.include({ status: 'accepted', decidedBy: 'admin' })
    const peers = (await inject('GET', '/v1/peers')).json().peers as Array<Record<string, unknown>>
    expect(peers.find(p => p.key === bravoOld.memberKey)).to.include({ status: 'retired', successor: bravoNew.memberKey })
    expect(peers.find(p => p.key === bravoNew.memberKey)).to.include({ status: 'active', name: 'Bravo', jurisdiction: 'NL' })
    expect(peers.find(p => p.key === bravoNew.memberKey)?.groups).to.deep.equal(['fin-cert'])
    const metrics = (await inject('GET', '/metrics')).body
    expect(metrics).to.include('intelmesh_key_rotations{status="accepted"} 1')
    expect(metrics).to.include('intelmesh_key_rotations{status="pending"} 0')
  })

  it('answers typed errors and changes nothing', async () => {
    const before = (await inject('GET', '/v1/peers')).json()
    const forged = { ...statementToWire(createRotationStatement(charlie, NodeIdentity.generate(), Date.now())), oldSignature: statementToWire(createRotationStatement(bravoNew, charlie, Date.now())).oldSignature }
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/v1/peers/rotations', forged, 422, 'KEYS_BAD_SIGNATURE'],
      ['POST', '/v1/peers/rotations', { body: 'eyJ2IjoxfQ==', oldSignature: 'AA==', newSignature: 'AA==' }, 400, 'KEYS_MALFORMED_STATEMENT'],
      ['POST', '/v1/peers/rotations', statementToWire(createRotationStatement(bravoOld, NodeIdentity.generate(), Date.now())), 409, 'KEYS_KEY_NOT_ACTIVE'],
      ['POST', '/v1/peers/rotations', statementToWire(createRotationStatement(NodeIdentity.generate(), NodeIdentity.generate(), Date.now())), 404, 'KEYS_UNKNOWN_KEY'],
      ['POST', '/v1/peers/rotations', statementToWire(createRotationStatement(charlie, bravoNew, Date.now())), 409, 'KEYS_NEW_KEY_IN_USE'],
      ['POST', `/v1/peers/rotations/${charlie.memberKey}/accept`, undefined, 404, 'KEYS_NO_PENDING_ROTATION'],
      ['POST', `/v1/peers/rotations/${charlie.memberKey}/reject`, undefined, 404, 'KEYS_NO_PENDING_ROTATION'],
      ['POST', `/v1/peers/${t.node.memberKey}/compromise`, undefined, 409, 'DIRECTORY_SELF_PROTECTED']
    ]
    for (const [method, url, payload, status, code] of cases) {
      const res = await inject(method as 'POST', url, payload)
      expect(res.statusCode, `${url} ${res.body}`).to.equal(status)
      expect(res.json().error.code).to.equal(code)
    }
    expect((await inject('GET', '/v1/peers')).json()).to.deep.equal(before)
  })

  it('marks a key compromised and reports its exposure', async () => {
    const published = await t.node.publish({ stix: { type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [{ type: 'indicator', spec_version: '2.1', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', pattern: "[ipv4-addr:value = '198.51.100.9']", pattern_type: 'stix', valid_from: '2026-01-01T00:00:00Z' }] }, policy: { tlp: 'GREEN' } })
    const res = await inject('POST', `/v1/peers/${charlie.memberKey}/compromise`)
    expect(res.statusCode).to.equal(200)
    expect(res.json()).to.include({ status: 'compromised' })
    const report = await inject('GET', `/v1/audit/exposure/${charlie.memberKey}`)
    expect(report.statusCode).to.equal(200)
    expect(report.json().bundles.map((b: { id: string }) => b.id)).to.deep.equal([published.id])
    expect(report.json().totals).to.deep.equal({ bundles: 1, sent: 0, listed: 1 })
    const edit = await t.app.inject({ method: 'PATCH', url: `/v1/peers/${charlie.memberKey}`, headers: t.auth, payload: { status: 'active' } })
    expect(edit.statusCode).to.equal(409)
    expect(edit.json().error.code).to.equal('DIRECTORY_MEMBER_FINAL')
  })
})
