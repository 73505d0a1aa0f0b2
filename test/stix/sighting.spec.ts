import { expect } from 'chai'
import { parseStixBundle } from '../../src/stix/index.js'
import { memberIdentityId, sightingBundle, sightingsIn } from '../../src/stix/sighting.js'
import { TLP2_IDS } from '../../src/stix/tlp-ids.js'
import { assertPolicyCoversMarkings } from '../../src/stix/tlp.js'

const KEY = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const input = {
  sighterKey: KEY,
  sighterName: 'CERT-NL',
  sightingOf: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  count: 3,
  firstSeen: '2026-12-01T10:00:00.000Z',
  lastSeen: '2026-12-01T11:00:00.000Z',
  tlp: 'AMBER+STRICT' as const,
  created: '2026-12-01T12:00:00.000Z',
  sightingUuid: '0b6b1a5e-59ae-4b8c-9a57-0a4c4b0c5f0e'
}

describe('stix - sighting', () => {
  it('builds a valid STIX 2.1 bundle: a sighting by the member identity, marked with the policy TLP', () => {
    const bundle = sightingBundle(input)
    const parsed = parseStixBundle(new TextEncoder().encode(JSON.stringify(bundle)))
    assertPolicyCoversMarkings('AMBER+STRICT', parsed)
    expect(() => { assertPolicyCoversMarkings('AMBER', parsed) }, 'marked AMBER+STRICT').to.throw()
    const [identity, sighting] = bundle.objects as [Record<string, unknown>, Record<string, unknown>]
    expect(identity).to.include({ type: 'identity', id: memberIdentityId(KEY), name: 'CERT-NL' })
    expect(sighting).to.deep.include({
      type: 'sighting',
      sighting_of_ref: input.sightingOf,
      count: 3,
      first_seen: input.firstSeen,
      last_seen: input.lastSeen,
      created_by_ref: identity.id,
      where_sighted_refs: [identity.id],
      object_marking_refs: [TLP2_IDS['amber+strict']]
    })
  })

  it('names a member by the same v5 identity id every time, and different members differently', () => {
    const id = memberIdentityId(KEY)
    expect(id).to.match(/^identity--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(memberIdentityId(KEY)).to.equal(id)
    expect(memberIdentityId(KEY.slice(0, -1) + 'p')).to.not.equal(id)
  })

  it('reads the sightings back; skips objects that are not sightings', () => {
    const bundle = sightingBundle(input)
    expect(sightingsIn(bundle)).to.deep.equal([{ sightingId: `sighting--${input.sightingUuid}`, indicator: input.sightingOf, count: 3, firstSeen: input.firstSeen, lastSeen: input.lastSeen }])
    expect(sightingsIn({ objects: [{ type: 'sighting', id: 'sighting--x' }, null, 'x'] })).to.deep.equal([])
    expect(sightingsIn({})).to.deep.equal([])
  })
})
