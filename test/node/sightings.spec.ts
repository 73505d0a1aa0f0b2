import { expect } from 'chai'
import { createApiServer } from '../../src/api/server.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, eventually, holds, storedIds, useFederation } from './federation-helpers.js'
import type { TestMember } from './federation-helpers.js'

/** Every bundle id `sender`'s send audit records say went to `peer`. */
async function sentTo (sender: TestMember, peer: TestMember): Promise<string[]> {
  return (await auditRecords(sender, 'send')).filter(r => r.peer === peer.key).flatMap(r => (r.detail as { sent: string[] }).sent)
}

async function failure (promise: Promise<unknown>): Promise<string | undefined> {
  return await promise.then(() => undefined, (err: Error & { code?: string }) => err.code)
}

/**
 * Sightings back to the origin across three real nodes: a recipient reports
 * a sighting; it reaches the origin, which shows it with the bundle, and
 * never a member the sighting's policy does not name.
 */
describe('node - sightings', function () {
  this.timeout(60_000)
  const federation = useFederation([
    { label: 'dk', jurisdiction: 'DK' },
    { label: 'nl', jurisdiction: 'NL' },
    { label: 'fr', jurisdiction: 'FR' }
  ])
  let original = ''
  let indicator = ''

  before(async () => {
    const [dk, nl, fr] = federation.members as [TestMember, TestMember, TestMember]
    const { stix } = indicatorBundle(1, { label: 'sightings' })
    indicator = (stix.objects as Array<{ id: string }>)[0]!.id
    original = (await dk.node.publish({ stix, policy: { tlp: 'GREEN' } })).id
    expect(await eventually(async () => await holds(nl, original) && await holds(fr, original)), 'delivered').to.equal(true)
  })

  it('reaches the origin, which shows it with the bundle; a member not named never receives it, in any form', async () => {
    const [dk, nl, fr] = federation.members as [TestMember, TestMember, TestMember]
    const seenAt = '2026-12-01T10:00:00.000Z'
    const result = await nl.node.sight(original, { count: 3, seenAt })
    expect(result.ref).to.equal(original)
    expect(result.indicator).to.equal(indicator)
    expect(result.recipients.map(r => r.key), 'origin only').to.deep.equal([dk.key])
    const sighting = await nl.node.getBundle(result.id)
    expect(sighting.ref).to.equal(original)
    expect(sighting.tlp).to.equal('AMBER+STRICT')
    expect([...sighting.recipients].sort()).to.deep.equal([dk.key, nl.key].sort())
    const sightingObject = sighting.stix?.objects.find(o => o.type === 'sighting')
    expect(sightingObject).to.include({ sighting_of_ref: indicator, count: 3, first_seen: seenAt, last_seen: seenAt })

    expect(await eventually(async () => (await dk.node.sightings(original)).sightings.length === 1), 'linked at the origin').to.equal(true)
    const [seen] = (await dk.node.sightings(original)).sightings
    expect(seen).to.deep.include({ bundleId: result.id, from: nl.key, fromName: nl.name, count: 3, indicator, firstSeen: seenAt, lastSeen: seenAt })
    expect(seen!.receivedAt).to.equal((await dk.node.getBundle(result.id)).receivedAt)
    // The sighting bundle is acknowledged to its own origin like any other.
    expect(await eventually(async () => (await nl.node.deliveries(result.id)).recipients.every(r => r.status === 'delivered'))).to.equal(true)

    // fr: not in the store, never received, never refused, never sent by anyone.
    await new Promise(resolve => setTimeout(resolve, 1_500)) // past relay lingering
    expect(await storedIds(fr)).to.not.include(result.id)
    expect((await auditRecords(fr)).filter(r => r.id === result.id), 'no record of it at fr').to.deep.equal([])
    expect(await sentTo(nl, dk), 'control: the send audit does list what reached dk').to.include(result.id)
    expect(await sentTo(nl, fr)).to.not.include(result.id)
    expect(await sentTo(dk, fr)).to.not.include(result.id)
    expect((await fr.node.sightings(original)).sightings).to.deep.equal([])
  })

  it('with share "recipients" also reaches the recipients the original policy admits', async () => {
    const [dk, nl, fr] = federation.members as [TestMember, TestMember, TestMember]
    const result = await fr.node.sight(original, { count: 7, share: 'recipients' })
    expect(result.recipients.map(r => r.key).sort()).to.deep.equal([dk.key, nl.key].sort())
    for (const m of [dk, nl]) {
      expect(await eventually(async () => (await m.node.sightings(original)).sightings.some(s => s.bundleId === result.id)), `${m.label} sees it`).to.equal(true)
    }
  })

  it('refuses a sighting of an unknown bundle, of its own bundle, of a retraction or of another indicator, storing nothing', async () => {
    const [dk, nl] = federation.members as [TestMember, TestMember, TestMember]
    const headBefore = (await nl.node.status()).logHead
    expect(await failure(nl.node.sight('ab'.repeat(32), { count: 1 }))).to.equal('SIGHTING_UNKNOWN_BUNDLE')
    expect(await failure(dk.node.sight(original, { count: 1 }))).to.equal('SIGHTING_OWN_BUNDLE')
    expect(await failure(nl.node.sight(original, { count: 1, indicator: 'indicator--00000000-0000-4000-8000-000000000000' }))).to.equal('SIGHTING_UNKNOWN_INDICATOR')
    expect(await failure(nl.node.sight(original, { count: 0 }))).to.equal('SIGHTING_INVALID')
    expect(await failure(nl.node.sight(original, { count: 1, seenAt: '2999-01-01T00:00:00Z' }))).to.equal('SIGHTING_INVALID')
    expect(await failure(nl.node.sight(original, { count: 1, firstSeen: '2026-12-02T00:00:00Z', lastSeen: '2026-12-01T00:00:00Z' }))).to.equal('SIGHTING_INVALID')
    const other = await dk.node.publish({ stix: indicatorBundle(2, { label: 'sightings' }).stix, policy: { tlp: 'GREEN' } })
    const retraction = await dk.node.retract(other.id)
    expect(await eventually(async () => await holds(nl, retraction.id)), 'retraction arrived').to.equal(true)
    const headMid = (await nl.node.status()).logHead
    expect(await failure(nl.node.sight(retraction.id, { count: 1 }))).to.equal('SIGHTING_NOT_INTEL')
    expect((await nl.node.status()).logHead, 'nothing stored').to.equal(headMid)
    expect(headMid).to.be.above(headBefore) // the retraction itself (a control that the log head moves at all)
  })

  it('the API: POST and GET sightings, GET deliveries; 403 NOT_ORIGIN and typed errors', async () => {
    const [dk, nl] = federation.members as [TestMember, TestMember, TestMember]
    const apps = [dk, nl].map(m => createApiServer({ node: m.node, token: 't' }))
    const auth = { authorization: 'Bearer t' }
    try {
      const [dkApi, nlApi] = apps as [ReturnType<typeof createApiServer>, ReturnType<typeof createApiServer>]
      const posted = await nlApi.inject({ method: 'POST', url: `/v1/bundles/${original}/sightings`, headers: auth, payload: { count: 2, indicator } })
      expect(posted.statusCode, posted.body).to.equal(201)
      const sightingId = posted.json<{ id: string }>().id
      expect(await eventually(async () => (await dkApi.inject({ method: 'GET', url: `/v1/bundles/${original}/sightings`, headers: auth })).json<{ sightings: Array<{ bundleId: string }> }>().sightings.some(s => s.bundleId === sightingId))).to.equal(true)

      const deliveries = await dkApi.inject({ method: 'GET', url: `/v1/bundles/${original}/deliveries`, headers: auth })
      expect(deliveries.statusCode).to.equal(200)
      const body = deliveries.json<{ id: string, recipients: Array<Record<string, unknown>> }>()
      expect(body.id).to.equal(original)
      for (const r of body.recipients) {
        expect(Object.keys(r).sort()).to.deep.equal(['deliveredAt', 'key', 'name', 'status'])
        expect(r.status).to.equal('delivered')
      }
      const notOrigin = await nlApi.inject({ method: 'GET', url: `/v1/bundles/${original}/deliveries`, headers: auth })
      expect(notOrigin.statusCode).to.equal(403)
      expect(notOrigin.json<{ error: { code: string } }>().error.code).to.equal('NOT_ORIGIN')

      const unknown = await nlApi.inject({ method: 'POST', url: `/v1/bundles/${'cd'.repeat(32)}/sightings`, headers: auth, payload: { count: 1 } })
      expect(unknown.statusCode).to.equal(404)
      expect(unknown.json<{ error: { code: string } }>().error.code).to.equal('SIGHTING_UNKNOWN_BUNDLE')
      const wrongIndicator = await nlApi.inject({ method: 'POST', url: `/v1/bundles/${original}/sightings`, headers: auth, payload: { count: 1, indicator: 'indicator--00000000-0000-4000-8000-000000000000' } })
      expect(wrongIndicator.statusCode).to.equal(422)
      expect(wrongIndicator.json<{ error: { code: string, field: string } }>().error).to.include({ code: 'SIGHTING_UNKNOWN_INDICATOR', field: 'body.indicator' })
      const badBody = await nlApi.inject({ method: 'POST', url: `/v1/bundles/${original}/sightings`, headers: auth, payload: { count: 'many' } })
      expect(badBody.statusCode).to.equal(400)
      const missing = await dkApi.inject({ method: 'GET', url: `/v1/bundles/${'cd'.repeat(32)}/deliveries`, headers: auth })
      expect(missing.statusCode).to.equal(404)
    } finally {
      for (const app of apps) await app.close()
    }
  })
})
