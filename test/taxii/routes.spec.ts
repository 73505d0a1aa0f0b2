import { expect } from 'chai'
import { corpusBundle, startTestNode } from '../api/test-node.js'
import { loadStixValidator } from './stix-schemas.js'
import type { TestNode } from '../api/test-node.js'
import type { StixValidator } from './stix-schemas.js'
import type { LightMyRequestResponse } from 'fastify'

const TAXII = 'application/taxii+json;version=2.1'
const GREEN = '5b0c6d36-7b8f-4d3a-9a51-9c1f3f3e0a01'
const EU_AMBER = '5b0c6d36-7b8f-4d3a-9a51-9c1f3f3e0a02'
const ALL = '5b0c6d36-7b8f-4d3a-9a51-9c1f3f3e0a00'

type Obj = Record<string, unknown> & { id: string, type: string, modified?: string }

describe('taxii - routes', () => {
  let t: TestNode
  let stix: StixValidator
  let url: { objects: Obj[] }
  let indicatorV2: Obj
  let firstAdded: string

  before(async () => {
    stix = await loadStixValidator()
    t = await startTestNode({ name: 'Alpha', jurisdiction: 'DK' })
    url = await corpusBundle('oasis-cti-documentation/indicator-for-malicious-url.json') as unknown as { objects: Obj[] }
    await t.node.publish({ stix: url, policy: { tlp: 'GREEN' } })
    firstAdded = new Date((await t.node.listBundles({})).items[0]?.receivedAt ?? 0).toISOString()
    await new Promise(resolve => setTimeout(resolve, 5))
    const indicator = url.objects.find(o => o.type === 'indicator') as Obj
    indicatorV2 = { ...indicator, modified: '2015-01-01T00:00:00.000Z', name: 'Malicious site hosting downloader (revised)' }
    await t.node.publish({ stix: { type: 'bundle', id: 'bundle--7a1c2a52-90b5-4d1c-9b0e-6f3c7a6d2b11', objects: [indicatorV2] }, policy: { tlp: 'GREEN' } })
    // Same TLP, narrower audience: in no collection (the presets match policies exactly).
    const hash = await corpusBundle('oasis-cti-documentation/malware-indicator-for-file-hash.json')
    await t.node.publish({ stix: hash, policy: { tlp: 'GREEN', allow: ['DK'] } })
  })
  after(async () => { await t.stop() })

  const get = async (path: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    t.app.inject({ url: `/taxii2${path}`, headers: { ...t.auth, accept: TAXII, ...headers } })

  function expectTaxiiError (res: LightMyRequestResponse, status: number): void {
    expect(res.statusCode).to.equal(status)
    expect(res.headers['content-type']).to.equal(TAXII)
    const body = res.json()
    expect(body.title).to.be.a('string')
    expect(body.http_status).to.equal(String(status))
    expect(body.description).to.be.a('string')
  }

  function expectValidStix (objects: Obj[]): void {
    for (const object of objects) expect(stix.object(object), object.id).to.deep.equal([])
    expect(stix.bundle({ type: 'bundle', id: 'bundle--2b4c8f34-2cf0-4a57-9f6a-4a5e3f0b9c3d', objects })).to.deep.equal([])
  }

  it('checks objects against the OASIS schemas (which do reject invalid STIX)', () => {
    const indicator = url.objects.find(o => o.type === 'indicator') as Obj
    expect(stix.object(indicator)).to.deep.equal([])
    const { pattern: _pattern, ...withoutPattern } = indicator
    expect(stix.object(withoutPattern as Obj)).to.not.deep.equal([])
    expect(stix.bundle({ type: 'bundle', id: 'bundle--1', objects: [indicator] })).to.not.deep.equal([])
  })

  describe('discovery, API root, collections', () => {
    it('serves discovery with the single API root', async () => {
      const res = await get('/')
      expect(res.statusCode).to.equal(200)
      expect(res.headers['content-type']).to.equal(TAXII)
      const body = res.json()
      expect(body.api_roots).to.have.length(1)
      expect(body.api_roots[0]).to.match(/\/taxii2\/api\/$/)
      expect(body.default).to.equal(body.api_roots[0])
      expect(body.title).to.include('Alpha')
    })

    it('serves the API root with the TAXII version and the body limit', async () => {
      const body = (await get('/api/')).json()
      expect(body.versions).to.deep.equal([TAXII])
      expect(body.max_content_length).to.equal(t.node.config.api.bodyLimitBytes)
    })

    it('lists "All intelligence" (read only) and the distribution presets (readable and writable)', async () => {
      const { collections } = (await get('/api/collections/')).json()
      expect(collections.map((c: { title: string }) => c.title)).to.deep.equal(['All intelligence', ...t.node.config.collections.map(c => c.title)])
      expect(collections[0]).to.include({ id: ALL, can_read: true, can_write: false })
      for (const c of collections.slice(1)) expect(c).to.include({ can_read: true, can_write: true })
      const one = (await get(`/api/collections/${EU_AMBER}/`)).json()
      expect(one).to.include({ id: EU_AMBER, title: 'EU AMBER' })
      expect(one.media_types).to.deep.equal(['application/stix+json;version=2.1'])
    })

    it('answers 404 for an unknown collection and 400 for a malformed id, as TAXII errors', async () => {
      expectTaxiiError(await get('/api/collections/00000000-0000-4000-8000-000000000000/'), 404)
      expectTaxiiError(await get('/api/collections/not-a-uuid/objects/'), 400)
      expectTaxiiError(await get('/api/nothing/'), 404)
    })

    it('negotiates media types: 406 for others, STIX accepted for objects only', async () => {
      expect((await get('/', { accept: 'application/taxii+json' })).statusCode).to.equal(200)
      expectTaxiiError(await get('/', { accept: 'application/json' }), 406)
      expectTaxiiError(await get('/', { accept: 'application/stix+json;version=2.1' }), 406)
      expectTaxiiError(await get('/api/', { accept: 'application/taxii+json;version=2.0' }), 406)
      expect((await get(`/api/collections/${GREEN}/objects/`, { accept: 'application/stix+json;version=2.1' })).statusCode).to.equal(200)
    })

    it('answers 401 as a TAXII error, and accepts Basic auth with the token as password', async () => {
      const res = await t.app.inject({ url: '/taxii2/', headers: { accept: TAXII } })
      expectTaxiiError(res, 401)
      expect(res.headers['www-authenticate']).to.match(/Basic/)
      const wrong = await t.app.inject({ url: '/taxii2/', headers: { authorization: `Basic ${Buffer.from('user:nope').toString('base64')}` } })
      expectTaxiiError(wrong, 401)
      const basic = await t.app.inject({ url: '/taxii2/api/collections/', headers: { authorization: `Basic ${Buffer.from(`reader:${t.token}`).toString('base64')}` } })
      expect(basic.statusCode).to.equal(200)
    })
  })

  describe('objects, manifest, versions', () => {
    const objectsOf = async (query = ''): Promise<{ res: LightMyRequestResponse, objects: Obj[] }> => {
      const res = await get(`/api/collections/${GREEN}/objects/${query}`)
      expect(res.statusCode, query).to.equal(200)
      return { res, objects: res.json().objects as Obj[] }
    }

    it('serves the latest version of every object in the collection, valid STIX 2.1, with date headers', async () => {
      const { res, objects } = await objectsOf()
      expect(res.json().more).to.equal(false)
      expect(objects.map(o => o.id).sort()).to.deep.equal(url.objects.map(o => o.id).sort())
      expect(objects.find(o => o.type === 'indicator')?.modified).to.equal(indicatorV2.modified)
      expectValidStix(objects)
      expect(res.headers['x-taxii-date-added-first']).to.equal(firstAdded)
      expect(Date.parse(String(res.headers['x-taxii-date-added-last']))).to.be.greaterThan(Date.parse(firstAdded))
    })

    it('keeps bundles whose policy is not a preset out of every preset collection, but in "All intelligence"', async () => {
      const hash = await corpusBundle('oasis-cti-documentation/malware-indicator-for-file-hash.json')
      for (const collection of [GREEN, EU_AMBER]) {
        const ids = ((await get(`/api/collections/${collection}/manifest/?match[version]=all`)).json().objects ?? []).map((o: Obj) => o.id)
        for (const o of hash.objects) expect(ids).to.not.include(o.id)
      }
      const res = await get(`/api/collections/${ALL}/objects/?match[version]=all`)
      const all = (res.json().objects ?? []) as Obj[]
      for (const o of [...hash.objects, ...url.objects]) expect(all.map(x => x.id)).to.include(o.id)
      expectValidStix(all)
    })

    it('refuses writes to "All intelligence" with 403', async () => {
      const res = await t.app.inject({ method: 'POST', url: `/taxii2/api/collections/${ALL}/objects/`, headers: { ...t.auth, accept: TAXII, 'content-type': TAXII }, payload: { objects: url.objects } })
      expectTaxiiError(res, 403)
    })

    it('filters by match[version], match[type], match[id], match[spec_version] and added_after', async () => {
      const indicatorId = indicatorV2.id
      expect((await objectsOf('?match[version]=all')).objects).to.have.length(4)
      const first = (await objectsOf(`?match[version]=first&match[id]=${indicatorId}`)).objects
      expect(first.map(o => o.modified)).to.deep.equal([url.objects.find(o => o.id === indicatorId)?.modified])
      const exact = (await objectsOf(`?match[version]=2015-01-01T00:00:00Z&match[type]=indicator`)).objects
      expect(exact.map(o => o.name)).to.deep.equal([indicatorV2.name])
      expect((await objectsOf('?match[type]=malware,relationship')).objects.map(o => o.type).sort()).to.deep.equal(['malware', 'relationship'])
      expect((await objectsOf('?match[spec_version]=2.1')).objects).to.have.length(3)
      expect((await objectsOf('?match[spec_version]=2.0')).objects).to.have.length(0)
      const later = await objectsOf(`?added_after=${firstAdded}`)
      expect(later.objects.map(o => o.id)).to.deep.equal([indicatorId])
    })

    it('pages through `next` until `more` is false', async () => {
      const seen: string[] = []
      let next: string | undefined
      do {
        const page = await get(`/api/collections/${GREEN}/objects/?match[version]=all&limit=1${next == null ? '' : `&next=${next}`}`)
        const body = page.json()
        expect(body.objects).to.have.length(1)
        expect(page.headers['x-taxii-date-added-first']).to.equal(page.headers['x-taxii-date-added-last'])
        seen.push(`${String(body.objects[0].id)}@${String(body.objects[0].modified)}`)
        next = body.more === true ? body.next : undefined
      } while (next != null)
      expect(seen).to.have.length(4)
      expect(new Set(seen).size).to.equal(4)
    })

    it('refuses bad filters with 400 TAXII errors; caps a huge limit', async () => {
      for (const qs of ['?added_after=yesterday', '?limit=0', '?limit=x', '?next=%21%21', '?match[foo]=1', '?match[version]=newest', '?colour=red']) {
        expectTaxiiError(await get(`/api/collections/${GREEN}/objects/${qs}`), 400)
      }
      expect((await get(`/api/collections/${GREEN}/objects/?limit=100000`)).statusCode).to.equal(200)
    })

    it('serves the manifest with ids, versions, dates added and media types', async () => {
      const res = await get(`/api/collections/${GREEN}/manifest/?match[version]=all&match[type]=indicator`)
      expect(res.statusCode).to.equal(200)
      const { objects } = res.json()
      expect(objects.map((o: { version: string }) => o.version)).to.deep.equal([url.objects.find(o => o.type === 'indicator')?.modified, indicatorV2.modified])
      for (const o of objects) {
        expect(o.media_type).to.equal('application/stix+json;version=2.1')
        expect(Number.isNaN(Date.parse(o.date_added))).to.equal(false)
      }
      expect(res.headers['x-taxii-date-added-first']).to.equal(objects[0].date_added)
    })

    it('serves one object (last version by default, all on request) and 404 for an object not in the collection', async () => {
      const one = await get(`/api/collections/${GREEN}/objects/${indicatorV2.id}/`)
      expect(one.statusCode).to.equal(200)
      expect(one.json().objects.map((o: Obj) => o.modified)).to.deep.equal([indicatorV2.modified])
      expectValidStix(one.json().objects)
      expect((await get(`/api/collections/${GREEN}/objects/${indicatorV2.id}/?match[version]=all`)).json().objects).to.have.length(2)
      expectTaxiiError(await get(`/api/collections/${EU_AMBER}/objects/${indicatorV2.id}/`), 404)
      expectTaxiiError(await get(`/api/collections/${GREEN}/objects/${indicatorV2.id}/?match[type]=indicator`), 400)
    })

    it('lists the versions of an object', async () => {
      const res = await get(`/api/collections/${GREEN}/objects/${indicatorV2.id}/versions/`)
      expect(res.statusCode).to.equal(200)
      expect(res.json()).to.deep.equal({ more: false, versions: [url.objects.find(o => o.type === 'indicator')?.modified, indicatorV2.modified] })
      const paged = (await get(`/api/collections/${GREEN}/objects/${indicatorV2.id}/versions/?limit=1`)).json()
      expect(paged.more).to.equal(true)
      expect(paged.versions).to.have.length(1)
      expectTaxiiError(await get(`/api/collections/${GREEN}/objects/${indicatorV2.id}/versions/?match[version]=all`), 400)
      expectTaxiiError(await get(`/api/collections/${GREEN}/objects/malware--00000000-0000-4000-8000-000000000000/versions/`), 404)
    })
  })

  describe('POST objects, status, DELETE', () => {
    let statusId: string
    let infra: { objects: Obj[] }

    const post = async (collection: string, body: string, contentType = TAXII): Promise<LightMyRequestResponse> =>
      t.app.inject({ method: 'POST', url: `/taxii2/api/collections/${collection}/objects/`, headers: { ...t.auth, accept: TAXII, 'content-type': contentType }, payload: body })

    it('publishes an envelope as one bundle under the preset policy and answers 202 with a status', async () => {
      infra = await corpusBundle('oasis-json-schemas-examples/infrastructure.json') as unknown as { objects: Obj[] }
      const res = await post(EU_AMBER, JSON.stringify({ objects: infra.objects }))
      expect(res.statusCode).to.equal(202)
      expect(res.headers['content-type']).to.equal(TAXII)
      const status = res.json()
      expect(status).to.include({ status: 'complete', total_count: infra.objects.length, success_count: infra.objects.length, failure_count: 0, pending_count: 0 })
      expect(status.successes.map((s: { id: string }) => s.id)).to.deep.equal(infra.objects.map(o => o.id))
      statusId = status.id
      const stored = (await t.node.listBundles({ type: 'infrastructure' })).items
      expect(stored).to.have.length(1)
      expect(stored[0]?.policy).to.deep.include({ tlp: 'AMBER', allow: ['EU'], personalData: false, authorities: false })
      const ids = (await get(`/api/collections/${EU_AMBER}/objects/`)).json().objects.map((o: Obj) => o.id)
      expect(ids.sort()).to.deep.equal(infra.objects.map(o => o.id).sort())
    })

    it('keeps the status for GET status/:id; unknown ids are 404', async () => {
      const res = await get(`/api/status/${statusId}/`)
      expect(res.statusCode).to.equal(200)
      expect(res.json()).to.include({ id: statusId, success_count: infra.objects.length })
      expectTaxiiError(await get('/api/status/00000000-0000-4000-8000-000000000000/'), 404)
    })

    it('reports objects the node refuses as failures in the status', async () => {
      const res = await post(GREEN, JSON.stringify({ objects: [{ type: 'indicator', id: 'indicator--5d7a0e1c-2f6b-4a8e-9c3d-1b2a3c4d5e6f', spec_version: '2.1' }] }))
      expect(res.statusCode).to.equal(202)
      expect(res.json()).to.include({ success_count: 0, failure_count: 1 })
      expect(res.json().failures[0].message).to.match(/^STIX_INVALID/)
    })

    it('refuses other content types (415), bodies without objects (400), unknown collections (404)', async () => {
      const body = JSON.stringify({ objects: infra.objects })
      expectTaxiiError(await post(GREEN, body, 'application/json'), 415)
      expectTaxiiError(await post(GREEN, body, 'application/taxii+json;version=2.0'), 415)
      expectTaxiiError(await post(GREEN, JSON.stringify({ objects: [] })), 400)
      expectTaxiiError(await post(GREEN, '{"objects":'), 400)
      expectTaxiiError(await post('00000000-0000-4000-8000-000000000000', body), 404)
    })

    it('DELETE retracts the bundle holding the object; the object then is gone (404)', async () => {
      const target = infra.objects[0] as Obj
      const res = await t.app.inject({ method: 'DELETE', url: `/taxii2/api/collections/${EU_AMBER}/objects/${target.id}/`, headers: { ...t.auth, accept: TAXII } })
      expect(res.statusCode).to.equal(200)
      expect((await t.node.listBundles({ type: 'infrastructure' })).items).to.have.length(0)
      expect((await t.node.listBundles({ kind: 'RETRACTION' })).items).to.have.length(1)
      expectTaxiiError(await get(`/api/collections/${EU_AMBER}/objects/${target.id}/`), 404)
      const again = await t.app.inject({ method: 'DELETE', url: `/taxii2/api/collections/${EU_AMBER}/objects/${target.id}/`, headers: { ...t.auth, accept: TAXII } })
      expectTaxiiError(again, 404)
    })
  })

  describe('DELETE of an object another member published', () => {
    let b: TestNode

    before(async () => {
      b = await startTestNode({ name: 'Bravo', jurisdiction: 'NL' })
      await t.node.addPeer({ key: b.node.memberKey, name: 'Bravo', jurisdiction: 'NL', addresses: b.node.listenAddresses() })
      await b.node.addPeer({ key: t.node.memberKey, name: 'Alpha', jurisdiction: 'DK', addresses: t.node.listenAddresses() })
    })
    after(async () => { await b?.stop() })

    it('answers 403: only the origin can retract', async function () {
      this.timeout(20_000)
      const campaign = await corpusBundle('oasis-json-schemas-examples/indicator-to-campaign-relationship.json')
      const { id } = await b.node.publish({ stix: campaign, policy: { tlp: 'GREEN' } })
      const deadline = Date.now() + 15_000
      while ((await t.node.listBundles({ origin: b.node.memberKey })).items.length === 0) {
        if (Date.now() > deadline) throw new Error('the bundle never arrived')
        await new Promise(resolve => setTimeout(resolve, 50))
      }
      const objectId = String(campaign.objects[0]?.id)
      const res = await t.app.inject({ method: 'DELETE', url: `/taxii2/api/collections/${GREEN}/objects/${objectId}/`, headers: { ...t.auth, accept: TAXII } })
      expectTaxiiError(res, 403)
      expect((await t.node.getBundle(id)).id).to.equal(id)
    })
  })
})
