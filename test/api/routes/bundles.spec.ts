import { expect } from 'chai'
import { NodeIdentity } from '../../../src/crypto/index.js'
import { corpusBundle, startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

describe('api - routes/bundles', () => {
  let t: TestNode
  let url: Awaited<ReturnType<typeof corpusBundle>>
  let infra: Awaited<ReturnType<typeof corpusBundle>>
  const french = NodeIdentity.generate().memberKey
  const ids: string[] = []

  before(async () => {
    t = await startTestNode({ name: 'Alpha', jurisdiction: 'DK' })
    url = await corpusBundle('oasis-cti-documentation/indicator-for-malicious-url.json')
    infra = await corpusBundle('oasis-json-schemas-examples/infrastructure.json')
    await t.node.addPeer({ key: french, name: 'Charlie SA', jurisdiction: 'FR' })
  })
  after(async () => { await t.stop() })

  const post = async (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/v1/bundles', headers: t.auth, payload })
  const get = async (path: string) => t.app.inject({ url: path, headers: t.auth })

  describe('POST /v1/bundles', () => {
    it('publishes and answers 201 with the id, the recipients and the excluded members with reasons', async () => {
      const res = await post({ stix: url, policy: { tlp: 'AMBER', allow: ['DK'] } })
      expect(res.statusCode).to.equal(201)
      const body = res.json()
      expect(body.id).to.match(/^[0-9a-f]{64}$/)
      expect(body.recipients.map((r: { key: string }) => r.key)).to.deep.equal([t.node.memberKey])
      expect(body.excluded).to.have.length(1)
      expect(body.excluded[0]).to.include({ key: french, name: 'Charlie SA' })
      expect(body.excluded[0].reason).to.be.a('string').and.not.equal('')
      ids.push(body.id)
    })

    it('accepts the STIX bundle as JSON text and an expiry', async () => {
      const res = await post({ stix: JSON.stringify(infra), policy: { tlp: 'GREEN' }, expires: Date.now() + 3_600_000 })
      expect(res.statusCode).to.equal(201)
      ids.push(res.json().id)
    })

    it('answers 400 naming the field for malformed requests', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ stix: url }, 'body.policy'],
        [{ policy: { tlp: 'GREEN' } }, 'body.stix'],
        [{ stix: 42, policy: { tlp: 'GREEN' } }, 'body.stix'],
        [{ stix: url, policy: { tlp: 'PURPLE' } }, 'body.policy.tlp'],
        [{ stix: url, policy: { tlp: 'GREEN', allow: 'EU' } }, 'body.policy.allow'],
        [{ stix: url, policy: { tlp: 'GREEN', everyone: true } }, 'body.policy.everyone'],
        [{ stix: url, policy: { tlp: 'GREEN' }, expires: 'tomorrow' }, 'body.expires'],
        [{ stix: url, policy: { tlp: 'GREEN' }, expires: Date.now() - 1000 }, 'body.expires']
      ]
      for (const [payload, field] of cases) {
        const res = await post(payload)
        expect(res.statusCode, field).to.equal(400)
        expect(res.json().error.field, field).to.equal(field)
      }
    })

    it('answers 422 for invalid STIX, a TLP marking stricter than the policy, and an impossible policy', async () => {
      const broken = await post({ stix: { type: 'bundle', id: 'bundle--1', objects: [] }, policy: { tlp: 'GREEN' } })
      expect(broken.statusCode).to.equal(422)
      expect(broken.json().error.code).to.equal('STIX_INVALID')
      expect(broken.json().error.field).to.match(/^body\.stix/)
      const notJson = await post({ stix: '{not json', policy: { tlp: 'GREEN' } })
      expect(notJson.statusCode).to.equal(422)
      const marked = await corpusBundle('oasis-stix-elevator-idioms/141-TLP-marking-structures.json')
      const loose = await post({ stix: marked, policy: { tlp: 'CLEAR' } })
      expect(loose.statusCode).to.equal(422)
      expect(loose.json().error.code).to.equal('STIX_TLP_TOO_LOOSE')
      const red = await post({ stix: url, policy: { tlp: 'RED' } })
      expect(red.statusCode).to.equal(422)
      expect(red.json().error).to.include({ code: 'POLICY_INVALID', field: 'body.policy.members' })
    })
  })

  describe('GET /v1/bundles', () => {
    it('lists in log order and pages with limit and after', async () => {
      const first = (await get('/v1/bundles?limit=1')).json()
      expect(first.items).to.have.length(1)
      expect(first.items[0].id).to.equal(ids[0])
      expect(first.next).to.be.a('number')
      const second = (await get(`/v1/bundles?limit=1&after=${String(first.next)}`)).json()
      expect(second.items[0].id).to.equal(ids[1])
      expect(second.items[0]).to.not.have.property('stix')
    })

    it('filters by type, origin, kind and creation time', async () => {
      const byType = (await get('/v1/bundles?type=infrastructure')).json().items.map((b: { id: string }) => b.id)
      expect(byType).to.deep.equal([ids[1]])
      expect((await get(`/v1/bundles?origin=${t.node.memberKey}`)).json().items).to.have.length(2)
      expect((await get(`/v1/bundles?origin=${french}`)).json().items).to.have.length(0)
      expect((await get('/v1/bundles?kind=RETRACTION')).json().items).to.have.length(0)
      const future = new Date(Date.now() + 60_000).toISOString()
      expect((await get(`/v1/bundles?created_after=${future}`)).json().items).to.have.length(0)
      expect((await get(`/v1/bundles?created_before=${future}`)).json().items).to.have.length(2)
    })

    it('answers 400 naming the query parameter', async () => {
      for (const [qs, field] of [['limit=0', 'query.limit'], ['limit=5000', 'query.limit'], ['after=-1', 'query.after'],
        ['created_after=yesterday', 'query.created_after'], ['type=Not%20A%20Type', 'query.type'], ['colour=red', 'query.colour']]) {
        const res = await get(`/v1/bundles?${qs}`)
        expect(res.statusCode, qs).to.equal(400)
        expect(res.json().error.field, qs).to.equal(field)
      }
    })
  })

  describe('GET /v1/bundles/:id', () => {
    it('returns the metadata and the decrypted STIX', async () => {
      const res = await get(`/v1/bundles/${ids[0] ?? ''}`)
      expect(res.statusCode).to.equal(200)
      const body = res.json()
      expect(body).to.include({ id: ids[0], origin: t.node.memberKey, kind: 'INTEL', tlp: 'AMBER' })
      expect(body.policy.allow).to.deep.equal(['DK'])
      expect(body.stix.objects.map((o: { id: string }) => o.id)).to.deep.equal(url.objects.map(o => o.id))
    })

    it('answers 400 for anything but 64 lower-case hex digits, path traversal included', async () => {
      // A literal `..` segment is resolved away by URL parsing before routing (a 404 route), never reaching a handler.
      expect((await get('/v1/bundles/..')).json().error.code).to.equal('NOT_FOUND')
      for (const bad of ['..%2F..%2Fetc%2Fpasswd', '%2E%2E%2Fx', 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(64)}%00`]) {
        const res = await get(`/v1/bundles/${bad}`)
        expect(res.statusCode, bad).to.equal(400)
        expect(res.json().error.field).to.equal('params.id')
      }
    })

    it('answers 404 for an unknown id', async () => {
      const res = await get(`/v1/bundles/${'0'.repeat(64)}`)
      expect(res.statusCode).to.equal(404)
      expect(res.json().error.code).to.equal('BUNDLE_NOT_FOUND')
    })
  })

  describe('GET /v1/bundles/:id/explain', () => {
    it('says for every member whether it receives the bundle and why', async () => {
      const res = await get(`/v1/bundles/${ids[0] ?? ''}/explain`)
      expect(res.statusCode).to.equal(200)
      const members = res.json().members as Array<{ key: string, ok: boolean, listed: boolean, reason: string }>
      const self = members.find(m => m.key === t.node.memberKey)
      const charlie = members.find(m => m.key === french)
      expect(self).to.include({ ok: true, listed: true })
      expect(charlie).to.include({ ok: false, listed: false })
      expect(charlie?.reason).to.be.a('string').and.not.equal('')
      expect((await get(`/v1/bundles/${'1'.repeat(64)}/explain`)).statusCode).to.equal(404)
    })
  })

  describe('POST /v1/bundles/:id/retract', () => {
    it('refuses unknown body fields with 400', async () => {
      const res = await t.app.inject({ method: 'POST', url: `/v1/bundles/${ids[0] ?? ''}/retract`, headers: t.auth, payload: { why: 'x' } })
      expect(res.statusCode).to.equal(400)
      expect(res.json().error.field).to.equal('body.why')
    })

    it('retracts (with or without a reason), after which the bundle is gone', async () => {
      const res = await t.app.inject({ method: 'POST', url: `/v1/bundles/${ids[0] ?? ''}/retract`, headers: t.auth, payload: { reason: 'false positive' } })
      expect(res.statusCode).to.equal(200)
      expect(res.json().retracted).to.equal(ids[0])
      expect(res.json().id).to.match(/^[0-9a-f]{64}$/)
      expect((await get(`/v1/bundles/${ids[0] ?? ''}`)).statusCode).to.equal(404)
      const retraction = (await get(`/v1/bundles/${String(res.json().id)}`)).json()
      expect(retraction).to.include({ kind: 'RETRACTION', ref: ids[0] })
      expect(retraction.retraction.reason).to.equal('false positive')
      const bare = await t.app.inject({ method: 'POST', url: `/v1/bundles/${ids[1] ?? ''}/retract`, headers: t.auth })
      expect(bare.statusCode).to.equal(200)
    })

    it('answers 404 when retracting an unknown or already retracted bundle', async () => {
      const res = await t.app.inject({ method: 'POST', url: `/v1/bundles/${ids[0] ?? ''}/retract`, headers: t.auth })
      expect(res.statusCode).to.be.oneOf([404, 409])
    })
  })

  it('answers 401 on every bundle route without the token', async () => {
    const id = 'a'.repeat(64)
    for (const [method, path] of [['GET', '/v1/bundles'], ['POST', '/v1/bundles'], ['GET', `/v1/bundles/${id}`], ['GET', `/v1/bundles/${id}/explain`], ['POST', `/v1/bundles/${id}/retract`]] as const) {
      expect((await t.app.inject({ method, url: path })).statusCode, `${method} ${path}`).to.equal(401)
    }
  })
})
