import { Writable } from 'node:stream'
import { expect } from 'chai'
import { pino } from 'pino'
import { corpusBundle, startTestNode } from './test-node.js'
import type { TestNode } from './test-node.js'

describe('api - server', () => {
  let t: TestNode
  let logText = ''

  before(async () => {
    const sink = new Writable({ write (chunk, _enc, done) { logText += String(chunk); done() } })
    t = await startTestNode({ logger: pino({ level: 'info' }, sink), api: { bodyLimit: 64 * 1024 } })
  })
  after(async () => { await t.stop() })

  describe('authentication', () => {
    it('refuses a request without a token with 401 and a Bearer challenge', async () => {
      const res = await t.app.inject({ url: '/v1/status' })
      expect(res.statusCode).to.equal(401)
      expect(res.json().error.code).to.equal('UNAUTHORIZED')
      expect(res.headers['www-authenticate']).to.match(/^Bearer/)
    })

    it('refuses a wrong token, a token of another length and a malformed header', async () => {
      for (const authorization of [`Bearer ${t.token.slice(0, -1)}x`, 'Bearer short', `Token ${t.token}`, 'Bearer']) {
        const res = await t.app.inject({ url: '/v1/status', headers: { authorization } })
        expect(res.statusCode, authorization).to.equal(401)
      }
    })

    it('accepts Basic auth only under /taxii2/', async () => {
      const basic = { authorization: `Basic ${Buffer.from(`any:${t.token}`).toString('base64')}` }
      expect((await t.app.inject({ url: '/v1/status', headers: basic })).statusCode).to.equal(401)
      expect((await t.app.inject({ url: '/taxii2/', headers: basic })).statusCode).to.equal(200)
    })

    it('requires the token for unknown routes too (no route probing)', async () => {
      expect((await t.app.inject({ url: '/v1/nothing-here' })).statusCode).to.equal(401)
      const res = await t.app.inject({ url: '/v1/nothing-here', headers: t.auth })
      expect(res.statusCode).to.equal(404)
      expect(res.json().error.code).to.equal('NOT_FOUND')
    })

    it('requires the token for /metrics and /openapi.json', async () => {
      expect((await t.app.inject({ url: '/metrics' })).statusCode).to.equal(401)
      expect((await t.app.inject({ url: '/openapi.json' })).statusCode).to.equal(401)
    })
  })

  describe('request bodies', () => {
    it('answers 413 for a body over the limit', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v1/bundles', headers: t.auth, payload: { stix: 'x'.repeat(70 * 1024), policy: { tlp: 'GREEN' } } })
      expect(res.statusCode).to.equal(413)
      expect(res.json().error.code).to.equal('BODY_TOO_LARGE')
    })

    it('answers 415 for a body that is not JSON', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v1/peers', headers: { ...t.auth, 'content-type': 'application/xml' }, payload: '<peer/>' })
      expect(res.statusCode).to.equal(415)
      expect(res.json().error.code).to.equal('UNSUPPORTED_MEDIA_TYPE')
    })

    it('answers 400 INVALID_JSON for broken JSON', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v1/peers', headers: { ...t.auth, 'content-type': 'application/json' }, payload: '{"key":' })
      expect(res.statusCode).to.equal(400)
      expect(res.json().error.code).to.equal('INVALID_JSON')
    })

    it('refuses __proto__ keys (prototype poisoning)', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v1/peers', headers: { ...t.auth, 'content-type': 'application/json' }, payload: '{"__proto__":{"admin":true}}' })
      expect(res.statusCode).to.equal(400)
    })
  })

  describe('openapi', () => {
    it('documents every route with its parameters, body and responses', async () => {
      const res = await t.app.inject({ url: '/openapi.json', headers: t.auth })
      expect(res.statusCode).to.equal(200)
      const doc = res.json()
      expect(doc.openapi).to.equal('3.1.0')
      const expected: Array<[string, string]> = [
        ['/v1/status', 'get'], ['/v1/peers', 'get'], ['/v1/peers', 'post'], ['/v1/peers/{key}', 'patch'], ['/v1/peers/{key}', 'delete'],
        ['/v1/bundles', 'post'], ['/v1/bundles', 'get'], ['/v1/bundles/{id}', 'get'], ['/v1/bundles/{id}/retract', 'post'],
        ['/v1/bundles/{id}/explain', 'get'], ['/v1/search', 'get'], ['/v1/audit', 'get'], ['/v1/events', 'get'], ['/metrics', 'get'],
        ['/taxii2/', 'get'], ['/taxii2/api/', 'get'], ['/taxii2/api/collections/', 'get'], ['/taxii2/api/collections/{id}/', 'get'],
        ['/taxii2/api/collections/{id}/manifest/', 'get'], ['/taxii2/api/collections/{id}/objects/', 'get'],
        ['/taxii2/api/collections/{id}/objects/', 'post'], ['/taxii2/api/collections/{id}/objects/{object_id}/', 'get'],
        ['/taxii2/api/collections/{id}/objects/{object_id}/', 'delete'], ['/taxii2/api/collections/{id}/objects/{object_id}/versions/', 'get'],
        ['/taxii2/api/status/{id}/', 'get'], ['/openapi.json', 'get']
      ]
      for (const [path, method] of expected) {
        const op = doc.paths[path]?.[method]
        expect(op, `${method} ${path}`).to.be.an('object')
        expect(Object.keys(op.responses), `${method} ${path}`).to.not.be.empty
      }
      expect(doc.paths['/v1/bundles/{id}'].get.parameters).to.deep.include({ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } })
      expect(doc.paths['/v1/bundles'].post.requestBody.content['application/json'].schema.required).to.deep.equal(['stix', 'policy'])
      expect(doc.paths['/taxii2/api/'].get.security).to.deep.equal([{ bearerAuth: [] }, { basicAuth: [] }])
      expect(doc.components.securitySchemes.bearerAuth.scheme).to.equal('bearer')
    })
  })

  describe('logs', () => {
    it('never carry the token, a searched value or published intel', async () => {
      const stix = await corpusBundle('oasis-json-schemas-examples/indicator-for-c2-ip-address.json')
      const res = await t.app.inject({ method: 'POST', url: '/v1/bundles', headers: t.auth, payload: { stix, policy: { tlp: 'GREEN' } } })
      expect(res.statusCode).to.equal(201)
      await t.app.inject({ url: '/v1/search?value=198.51.100.3', headers: t.auth })
      await t.app.inject({ url: `/v1/bundles/${String(res.json().id)}`, headers: t.auth })
      await t.app.inject({ url: '/v1/status', headers: { authorization: 'Bearer wrong-token-value' } })
      expect(logText).to.include('"route":"/v1/search"')
      expect(logText).to.not.include(t.token)
      expect(logText).to.not.include('wrong-token-value')
      expect(logText).to.not.include('198.51.100.3')
      expect(logText).to.not.include(String((stix.objects[0] as { pattern?: string }).pattern ?? 'no pattern'))
    })
  })
})
