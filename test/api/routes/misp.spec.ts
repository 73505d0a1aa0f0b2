import { expect } from 'chai'
import { NodeIdentity } from '../../../src/crypto/index.js'
import { parseMispEvent } from '../../../src/misp/index.js'
import { parseStixBundle } from '../../../src/stix/index.js'
import { fixture, fixtureText, validateWithOasis } from '../../misp/helpers.js'
import { startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

describe('api - routes/misp', () => {
  let t: TestNode
  const french = NodeIdentity.generate().memberKey
  const ids: Record<string, string> = {}

  before(async () => {
    t = await startTestNode({ name: 'Alpha', jurisdiction: 'DK' })
    await t.node.addPeer({ key: french, name: 'Charlie SA', jurisdiction: 'FR' })
  })
  after(async () => { await t.stop() })

  const importEvent = async (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/v1/misp/events', headers: t.auth, payload })
  const get = async (path: string) => t.app.inject({ url: path, headers: t.auth })
  const stored = async (): Promise<number> => (await t.node.listBundles({ limit: 1000 })).items.length

  it('imports the phishing event under the policy of its tlp:amber tag, reporting the unmapped text attribute', async () => {
    const res = await importEvent({ event: await fixture('phishing.json'), policy: { allow: ['DK'] } })
    expect(res.statusCode, res.body).to.equal(201)
    const body = res.json()
    expect(body.bundle).to.equal('bundle--3080c542-fd6a-4487-9e08-4596358283f7')
    expect(body.policy).to.deep.include({ tlp: 'AMBER', allow: ['DK'] })
    expect(body.tlpFrom).to.equal('tlp:amber')
    expect(body.recipients.map((r: { key: string }) => r.key)).to.deep.equal([t.node.memberKey])
    expect(body.excluded.map((e: { key: string }) => e.key)).to.deep.equal([french])
    expect(body.unmapped).to.deep.equal([{ type: 'text', count: 1, uuids: ['506b186e-5c3e-4e41-8603-b184532e3a5c'] }])
    expect(body.counts).to.deep.equal({ attributes: 9, objects: 1, galaxyClusters: 0, stixObjects: 14 })
    ids.phishing = body.id
    const view = (await get(`/v1/bundles/${body.id}`)).json()
    expect(view.tlp).to.equal('AMBER')
    expect(() => parseStixBundle(JSON.stringify(view.stix))).to.not.throw()
  })

  it('derives AMBER for the network event from an attribute tag stricter than the event tag, and the search finds its values', async () => {
    const res = await importEvent({ event: await fixtureText('network.json') })
    expect(res.statusCode, res.body).to.equal(201)
    expect(res.json().policy.tlp).to.equal('AMBER')
    ids.network = res.json().id
    const hits = (await get('/v1/search?value=198.51.100.24')).json().hits
    expect(hits.map((h: { objectId: string }) => h.objectId)).to.include('indicator--42dd80ee-5291-4f9c-a4e2-746c46954b85')
  })

  it('imports the AMBER+STRICT event only for named members, then gives it back as a MISP event', async () => {
    const event = await fixture('vulnerability-actor.json')
    const refused = await importEvent({ event })
    expect(refused.statusCode).to.equal(422)
    expect(refused.json().error).to.include({ code: 'MISP_MEMBERS_REQUIRED', field: 'body.policy.members' })
    const res = await importEvent({ event, policy: { members: [t.node.memberKey] }, expires: Date.now() + 86_400_000 })
    expect(res.statusCode, res.body).to.equal(201)
    expect(res.json().policy).to.deep.include({ tlp: 'AMBER+STRICT', members: [t.node.memberKey] })
    expect(res.json().unmapped).to.deep.equal([{ type: 'galaxy:sector', count: 1, uuids: ['09d7ad7b-4dee-45e6-b2f3-ab2c0c646fc3'] }])
    ids.actor = res.json().id
  })

  it('GET /v1/bundles/:id/misp gives every imported attribute back (uuid, type, value, to_ids, comment)', async () => {
    for (const [name, file] of [['phishing', 'phishing.json'], ['network', 'network.json'], ['actor', 'vulnerability-actor.json']] as const) {
      const res = await get(`/v1/bundles/${ids[name] as string}/misp`)
      expect(res.statusCode, res.body).to.equal(200)
      expect(res.json().unmapped).to.deep.equal([])
      const back = parseMispEvent({ Event: res.json().Event })
      const original = parseMispEvent(await fixtureText(file))
      const essentials = (e: typeof back): unknown[] => [...e.Attribute, ...e.Object.flatMap(o => o.Attribute)].map(a => [a.uuid, a.type, a.value, a.to_ids, a.comment])
      expect(essentials(back), name).to.deep.equal(essentials(original))
      expect(back.distribution).to.equal('0')
    }
  })

  it('every bundle it stored passes python3 ../shared/tools/validate_stix.py', async function () {
    this.timeout(60_000)
    const bundles = await Promise.all(Object.values(ids).map(async id => (await get(`/v1/bundles/${id}`)).json().stix))
    const result = await validateWithOasis(bundles)
    expect(result.code, result.output).to.equal(0)
  })

  it('gives a bundle published as plain STIX back as a MISP event too', async () => {
    const stix = { type: 'bundle', id: 'bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', objects: [{ type: 'indicator', spec_version: '2.1', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z', pattern: "[url:value = 'http://plain.example/']", pattern_type: 'stix', valid_from: '2026-11-01T00:00:00.000Z' }] }
    const published = await t.app.inject({ method: 'POST', url: '/v1/bundles', headers: t.auth, payload: { stix, policy: { tlp: 'GREEN' } } })
    const res = await get(`/v1/bundles/${published.json().id as string}/misp`)
    expect(res.statusCode).to.equal(200)
    expect(res.json().Event.Attribute).to.have.length(1)
    expect(res.json().Event.Attribute[0]).to.include({ type: 'url', value: 'http://plain.example/', to_ids: true, uuid: '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' })
  })

  describe('bad input gets a typed error and stores nothing', () => {
    const malformed: Array<[string, string]> = [
      ['malformed-truncated.json', 'body.event'],
      ['malformed-not-an-event.json', 'body.event'],
      ['malformed-missing-uuid.json', 'body.event.Event.Attribute[0].uuid'],
      ['malformed-duplicate-uuid.json', 'body.event.Event.Attribute[1].uuid'],
      ['malformed-empty-object.json', 'body.event.Event.Object[0].Attribute'],
      ['malformed-bad-ip.json', 'body.event.Event.Attribute[1].value'],
      ['malformed-composite.json', 'body.event.Event.Object[0].Attribute[0].value'],
      ['malformed-bad-hash.json', 'body.event.Event.Attribute[0].value'],
      ['malformed-seen-order.json', 'body.event.Event.Attribute[0].last_seen']
    ]
    for (const [file, field] of malformed) {
      it(`${file}: 422 MISP_INVALID at ${field}`, async () => {
        const before = await stored()
        const res = await importEvent({ event: await fixtureText(file) })
        expect(res.statusCode, res.body).to.equal(422)
        expect(res.json().error).to.include({ code: 'MISP_INVALID', field })
        expect(await stored()).to.equal(before)
      })
    }

    it('refuses a looser TLP than the tags (STIX_TLP_TOO_LOOSE), strict import of unmapped types, no TLP, distribution 0', async () => {
      const before = await stored()
      const phishing = await fixture('phishing.json')
      const event = phishing.Event as Record<string, unknown>
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ event: phishing, policy: { tlp: 'GREEN' } }, 'STIX_TLP_TOO_LOOSE'],
        [{ event: phishing, strict: true }, 'MISP_UNMAPPED'],
        [{ event: { Event: { ...event, Tag: [] } } }, 'MISP_TLP_MISSING'],
        [{ event: { Event: { ...event, distribution: '0' } } }, 'MISP_DISTRIBUTION_LOCAL']
      ]
      for (const [payload, code] of cases) {
        const res = await importEvent(payload)
        expect(res.statusCode, code).to.equal(422)
        expect(res.json().error.code).to.equal(code)
      }
      expect(await stored()).to.equal(before)
      const override = await importEvent({ event: { Event: { ...event, uuid: '13a6fe6f-1723-48f7-96aa-6f08d95ee787', distribution: '0' } }, ignoreDistribution: true })
      expect(override.statusCode, override.body).to.equal(201)
    })

    it('refuses unknown body fields and an export of a retraction', async () => {
      const unknown = await importEvent({ event: await fixture('phishing.json'), publish: true })
      expect(unknown.statusCode).to.equal(400)
      const retracted = (await t.app.inject({ method: 'POST', url: `/v1/bundles/${ids.network as string}/retract`, headers: t.auth, payload: {} })).json()
      const res = await get(`/v1/bundles/${retracted.id as string}/misp`)
      expect(res.statusCode).to.equal(409)
      expect(res.json().error.code).to.equal('MISP_NOT_CONVERTIBLE')
      expect((await get(`/v1/bundles/${ids.network as string}/misp`)).statusCode).to.equal(404)
    })
  })

  it('lists the MISP routes in the OpenAPI document', async () => {
    const doc = (await get('/openapi.json')).json()
    expect(doc.paths).to.have.property('/v1/misp/events')
    expect(doc.paths).to.have.property('/v1/bundles/{id}/misp')
  })

  describe('metrics (after the imports above)', () => {
    it('counts every import by outcome', async () => {
      const text = (await get('/metrics')).body
      expect(text).to.match(/intelmesh_misp_imports_total\{outcome="published"\} 4/)
      expect(text).to.match(/intelmesh_misp_imports_total\{outcome="MISP_INVALID"\} 9/)
      expect(text).to.match(/intelmesh_misp_imports_total\{outcome="MISP_MEMBERS_REQUIRED"\} 1/)
    })
  })
})
