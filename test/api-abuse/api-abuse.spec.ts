import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { startTestNode } from '../api/test-node.js'
import type { TestNode } from '../api/test-node.js'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'

const TAXII = 'application/taxii+json;version=2.1'
const GREEN = '5b0c6d36-7b8f-4d3a-9a51-9c1f3f3e0a01'
const ALL = '5b0c6d36-7b8f-4d3a-9a51-9c1f3f3e0a00'
const OBJECTS = `/taxii2/api/collections/${GREEN}/objects/`

/** One abusive request and the status class it must get. */
interface Abuse {
  title: string
  request: (t: TestNode) => InjectOptions
  /** Exact status expected (else any 4xx). */
  status?: number
}

/** What must not change: stored bundles, the log, the audit chain, the directory. */
async function snapshot (t: TestNode): Promise<string> {
  const status = await t.node.status()
  const bundles = (await t.node.listBundles({ limit: 1000 })).items.map(b => b.id).sort()
  const audit = await t.node.audit({ limit: 1000 })
  const peers = t.node.listPeers().map(p => `${p.key}:${p.status}:${p.jurisdiction}`).sort()
  return JSON.stringify({ bundles, logHead: status.logHead, stored: status.bundles, audit: audit.length, lastAudit: audit.at(-1)?.hash, peers })
}

const json = (t: TestNode, method: InjectOptions['method'], url: string, payload: unknown): InjectOptions =>
  ({ method, url, headers: { ...t.auth, 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })
const taxiiGet = (t: TestNode, path: string): InjectOptions => ({ url: path, headers: { ...t.auth, accept: TAXII } })
const goodStix = indicatorBundle(900, { label: 'abuse' }).stix
/** A member of the directory, and a valid key of no member. */
const peerKey = NodeIdentity.generate().memberKey
const strangerKey = NodeIdentity.generate().memberKey

/**
 * Hostile and broken requests to the local HTTP API and TAXII: each gets a
 * clear 4xx with an error code, and nothing changes — no bundle, log entry,
 * audit record or directory entry — and no response echoes a secret.
 */
describe('api abuse - bad input gets a clear 4xx and changes nothing', function () {
  this.timeout(60_000)
  let t: TestNode
  let secrets: string[]

  before(async () => {
    t = await startTestNode({ name: 'Abused Firm', jurisdiction: 'DK' })
    await t.node.publish({ stix: indicatorBundle(1, { label: 'abuse' }).stix, policy: { tlp: 'GREEN' } })
    await t.node.addPeer({ key: peerKey, name: 'Peer', jurisdiction: 'NL' })
    const identity = JSON.parse(await readFile(join(t.dir, 'identity.key'), 'utf8')) as { seed: string }
    secrets = [t.token, identity.seed, Buffer.from(identity.seed, 'base64').toString('hex')]
  })
  after(async () => { await t.stop() })

  const cases: Abuse[] = [
    // authentication
    { title: 'no credentials', status: 401, request: () => ({ url: '/v1/status' }) },
    { title: 'no credentials on publish', status: 401, request: t => ({ ...json(t, 'POST', '/v1/bundles', { stix: goodStix, policy: { tlp: 'GREEN' } }), headers: { 'content-type': 'application/json' } }) },
    { title: 'a wrong token of the right length', status: 401, request: t => ({ url: '/v1/status', headers: { authorization: `Bearer ${t.token.replace(/./g, c => c === 'A' ? 'B' : 'A')}` } }) },
    { title: 'the token with a suffix', status: 401, request: t => ({ url: '/v1/status', headers: { authorization: `Bearer ${t.token}x` } }) },
    { title: 'the token as a prefix only', status: 401, request: t => ({ url: '/v1/status', headers: { authorization: `Bearer ${t.token.slice(0, 10)}` } }) },
    { title: 'an empty bearer', status: 401, request: () => ({ url: '/v1/status', headers: { authorization: 'Bearer ' } }) },
    { title: 'an unknown scheme', status: 401, request: t => ({ url: '/v1/status', headers: { authorization: `Token ${t.token}` } }) },
    { title: 'the token in the query string', status: 401, request: t => ({ url: `/v1/status?token=${t.token}` }) },
    { title: 'HTTP Basic outside TAXII', status: 401, request: t => ({ url: '/v1/status', headers: { authorization: `Basic ${Buffer.from(`x:${t.token}`).toString('base64')}` } }) },
    { title: 'TAXII with a wrong Basic password', status: 401, request: () => ({ url: '/taxii2/api/collections/', headers: { accept: TAXII, authorization: `Basic ${Buffer.from('reader:nope').toString('base64')}` } }) },
    { title: 'directory change without credentials', status: 401, request: t => ({ ...json(t, 'PATCH', '/v1/peers/PEER', { status: 'suspended' }), headers: { 'content-type': 'application/json' } }) },
    // malformed JSON and media types
    { title: 'truncated JSON', status: 400, request: t => json(t, 'POST', '/v1/bundles', '{"stix": {"type": "bundle"') },
    { title: 'a trailing comma', status: 400, request: t => json(t, 'POST', '/v1/peers', '{"key": "x", "name": "y",}') },
    { title: 'an empty JSON body', status: 400, request: t => json(t, 'POST', '/v1/bundles', '') },
    { title: 'a text/plain body', request: t => ({ method: 'POST', url: '/v1/bundles', headers: { ...t.auth, 'content-type': 'text/plain' }, payload: 'stix' }) },
    { title: 'a prototype-polluting body', request: t => json(t, 'POST', '/v1/bundles', `{"stix": ${JSON.stringify(goodStix)}, "policy": {"tlp": "GREEN"}, "__proto__": {"polluted": true}}`) },
    { title: 'a prototype-polluting policy', request: t => json(t, 'POST', '/v1/bundles', `{"stix": ${JSON.stringify(goodStix)}, "policy": {"tlp": "GREEN", "__proto__": {"authorities": true}}}`) },
    { title: 'deeply nested JSON as STIX', request: t => json(t, 'POST', '/v1/bundles', `{"stix": ${'['.repeat(50_000)}${']'.repeat(50_000)}, "policy": {"tlp": "GREEN"}}`) },
    // wrong types and values
    { title: 'stix as a number', status: 400, request: t => json(t, 'POST', '/v1/bundles', { stix: 5, policy: { tlp: 'GREEN' } }) },
    { title: 'policy as a string', status: 400, request: t => json(t, 'POST', '/v1/bundles', { stix: goodStix, policy: 'GREEN' }) },
    { title: 'an unknown TLP', request: t => json(t, 'POST', '/v1/bundles', { stix: goodStix, policy: { tlp: 'PURPLE' } }) },
    { title: 'TLP:RED without named members', request: t => json(t, 'POST', '/v1/bundles', { stix: goodStix, policy: { tlp: 'RED', members: ['not-a-key'] } }) },
    { title: 'expiry as text', status: 400, request: t => json(t, 'POST', '/v1/bundles', { stix: goodStix, policy: { tlp: 'GREEN' }, expires: 'tomorrow' }) },
    { title: 'expiry in the past', request: t => json(t, 'POST', '/v1/bundles', { stix: goodStix, policy: { tlp: 'GREEN' }, expires: 5 }) },
    { title: 'STIX that is not a bundle', request: t => json(t, 'POST', '/v1/bundles', { stix: { type: 'indicator' }, policy: { tlp: 'GREEN' } }) },
    { title: 'STIX as broken JSON text', request: t => json(t, 'POST', '/v1/bundles', { stix: '{"type": "bundle", ', policy: { tlp: 'GREEN' } }) },
    { title: 'an extra field', status: 400, request: t => json(t, 'POST', '/v1/bundles', { stix: goodStix, policy: { tlp: 'GREEN' }, origin: 'someone else' }) },
    { title: 'a peer key as a number', status: 400, request: t => json(t, 'POST', '/v1/peers', { key: 123, name: 'x', jurisdiction: 'DK' }) },
    { title: 'a peer with an unknown jurisdiction', request: t => json(t, 'POST', '/v1/peers', { key: strangerKey, name: 'x', jurisdiction: 'XX' }) },
    { title: 'this node itself as a peer', request: t => json(t, 'POST', '/v1/peers', { key: t.node.memberKey, name: 'me', jurisdiction: 'DK' }) },
    { title: 'a peer added twice', request: t => json(t, 'POST', '/v1/peers', { key: peerKey, name: 'again', jurisdiction: 'DK' }) },
    { title: 'a peer with roles as a string', status: 400, request: t => json(t, 'POST', '/v1/peers', { key: 'x', name: 'x', jurisdiction: 'DK', roles: 'authority' }) },
    { title: 'a peer status that does not exist', request: t => json(t, 'PATCH', `/v1/peers/${peerKey}`, { status: 'god' }) },
    { title: 'suspending this node itself', request: t => json(t, 'PATCH', `/v1/peers/${t.node.memberKey}`, { status: 'suspended' }) },
    { title: 'list limit below 1', status: 400, request: t => ({ url: '/v1/bundles?limit=0', headers: t.auth }) },
    { title: 'list limit as text', status: 400, request: t => ({ url: '/v1/bundles?limit=all', headers: t.auth }) },
    { title: 'list limit far over the maximum', status: 400, request: t => ({ url: '/v1/bundles?limit=99999999999999999999', headers: t.auth }) },
    { title: 'an unknown list filter', status: 400, request: t => ({ url: '/v1/bundles?where=1%3D1', headers: t.auth }) },
    { title: 'an empty search value', status: 400, request: t => ({ url: '/v1/search?value=', headers: t.auth }) },
    { title: 'a 100 KB search value', status: 400, request: t => ({ url: `/v1/search?value=${'a'.repeat(100_000)}`, headers: t.auth }) },
    { title: 'a negative audit cursor', status: 400, request: t => ({ url: '/v1/audit?after=-1', headers: t.auth }) },
    // huge bodies
    { title: 'a 5 MiB body', status: 413, request: t => json(t, 'POST', '/v1/bundles', { stix: { type: 'bundle', id: 'bundle--x', objects: [], pad: 'x'.repeat(5 * 1024 * 1024) }, policy: { tlp: 'GREEN' } }) },
    { title: 'a 5 MiB TAXII body', status: 413, request: t => ({ method: 'POST', url: OBJECTS, headers: { ...t.auth, accept: TAXII, 'content-type': TAXII }, payload: JSON.stringify({ objects: [{ type: 'note', id: 'note--x', content: 'x'.repeat(5 * 1024 * 1024) }] }) }) },
    { title: 'STIX over the content limit under the body limit', request: t => json(t, 'POST', '/v1/bundles', { stix: indicatorBundle(2, { label: 'big', padTo: 3_400_000 }).stix, policy: { tlp: 'GREEN' } }) },
    // path traversal and odd ids
    { title: 'a bundle id with ../', status: 400, request: t => ({ url: '/v1/bundles/..%2F..%2Fidentity.key', headers: t.auth }) },
    { title: 'a bundle id with an encoded dot-dot', status: 400, request: t => ({ url: '/v1/bundles/%2e%2e%2f%2e%2e%2fapi-token', headers: t.auth }) },
    { title: 'a bundle id with a NUL', status: 400, request: t => ({ url: `/v1/bundles/${'a'.repeat(32)}%00${'b'.repeat(31)}`, headers: t.auth }) },
    { title: 'a bundle id in upper case', status: 400, request: t => ({ url: `/v1/bundles/${'A'.repeat(64)}`, headers: t.auth }) },
    { title: 'an unknown bundle id', status: 404, request: t => ({ url: `/v1/bundles/${'0'.repeat(64)}`, headers: t.auth }) },
    { title: 'retracting an unknown bundle', status: 404, request: t => json(t, 'POST', `/v1/bundles/${'0'.repeat(64)}/retract`, { reason: 'x' }) },
    { title: 'a raw ../ path', status: 404, request: t => ({ url: '/v1/bundles/../../../etc/passwd', headers: t.auth }) },
    { title: 'a peer key with ../', request: t => ({ method: 'DELETE', url: '/v1/peers/..%2F..%2Fself', headers: t.auth }) },
    { title: 'a TAXII collection id with ../', request: t => taxiiGet(t, '/taxii2/api/collections/..%2F..%2F/objects/') },
    { title: 'a TAXII object id with ../', request: t => taxiiGet(t, `/taxii2/api/collections/${ALL}/objects/..%2F..%2Fidentity.key/`) },
    { title: 'a TAXII status id with ../', request: t => taxiiGet(t, '/taxii2/api/status/..%2Fapi-token/') },
    // TAXII filter abuse
    { title: 'match[id] that is no STIX id', status: 400, request: t => taxiiGet(t, `${OBJECTS}?match[id]=1%20OR%201=1`) },
    { title: 'match[type] with a path', status: 400, request: t => taxiiGet(t, `${OBJECTS}?match[type]=../../x`) },
    { title: 'match[version] that is no version', status: 400, request: t => taxiiGet(t, `${OBJECTS}?match[version]=yesterday`) },
    { title: 'match[spec_version] with an injection', status: 400, request: t => taxiiGet(t, `${OBJECTS}?match[spec_version]=2.1;DROP`) },
    { title: 'added_after that is no timestamp', status: 400, request: t => taxiiGet(t, `${OBJECTS}?added_after=now`) },
    { title: 'a negative limit', status: 400, request: t => taxiiGet(t, `${OBJECTS}?limit=-1`) },
    { title: 'a forged next cursor', status: 400, request: t => taxiiGet(t, `${OBJECTS}?next=${Buffer.from('../../etc').toString('base64url')}`) },
    { title: '2,000 invalid match[id] values', status: 400, request: t => taxiiGet(t, `${OBJECTS}?${Array.from({ length: 2000 }, (_, i) => `match[id]=x${i}`).join('&')}`) },
    { title: 'an empty value in a match list', status: 400, request: t => taxiiGet(t, `${OBJECTS}?match[type]=indicator,,note`) },
    { title: 'match[id] where the endpoint takes none', status: 400, request: t => taxiiGet(t, `/taxii2/api/collections/${ALL}/objects/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f/versions/?match[id]=indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f`) },
    { title: 'objects asked for as text/html', status: 406, request: t => ({ url: OBJECTS, headers: { ...t.auth, accept: 'text/html' } }) },
    { title: 'a TAXII POST as application/json', status: 415, request: t => ({ method: 'POST', url: OBJECTS, headers: { ...t.auth, accept: TAXII, 'content-type': 'application/json' }, payload: JSON.stringify({ objects: goodStix.objects }) }) },
    { title: 'a TAXII POST of no objects', status: 400, request: t => ({ method: 'POST', url: OBJECTS, headers: { ...t.auth, accept: TAXII, 'content-type': TAXII }, payload: JSON.stringify({ objects: [] }) }) },
    { title: 'a TAXII POST with a polluting key', status: 400, request: t => ({ method: 'POST', url: OBJECTS, headers: { ...t.auth, accept: TAXII, 'content-type': TAXII }, payload: '{"objects": [{"type": "x", "id": "x"}], "__proto__": {"polluted": true}}' }) },
    { title: 'a TAXII POST to the read-only collection', request: t => ({ method: 'POST', url: `/taxii2/api/collections/${ALL}/objects/`, headers: { ...t.auth, accept: TAXII, 'content-type': TAXII }, payload: JSON.stringify({ objects: goodStix.objects }) }) },
    { title: 'an unknown collection', status: 404, request: t => taxiiGet(t, '/taxii2/api/collections/00000000-0000-4000-8000-000000000000/objects/') }
  ]

  for (const c of cases) {
    it(c.title, async () => {
      const before = await snapshot(t)
      const res = await t.app.inject(c.request(t))
      if (c.status != null) expect(res.statusCode, res.body.slice(0, 300)).to.equal(c.status)
      else expect(res.statusCode, res.body.slice(0, 300)).to.be.within(400, 499)
      expectClearError(res)
      for (const secret of secrets) expect(res.body, 'a secret echoed in a response').to.not.include(secret)
      expect(await snapshot(t), 'state changed').to.equal(before)
      expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').to.equal(undefined)
    })
  }
})

/** A JSON error body with a stable code (API) or a TAXII error resource with an error code. */
function expectClearError (res: LightMyRequestResponse): void {
  const body = res.json() as { error?: { code?: unknown, message?: unknown }, title?: unknown, error_code?: unknown, description?: unknown }
  if (body.error != null) {
    expect(body.error.code).to.be.a('string').and.match(/^[A-Z_]+$/)
    expect(body.error.message).to.be.a('string').and.not.equal('')
  } else {
    expect(body.title, 'a TAXII error resource').to.be.a('string')
    expect(body.error_code).to.be.a('string').and.match(/^[A-Z_]+$/)
  }
}
