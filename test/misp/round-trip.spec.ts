import { expect } from 'chai'
import { mispToStix, parseMispEvent, stixToMisp } from '../../src/misp/index.js'
import { parseStixBundle } from '../../src/stix/index.js'
import { fixtureText } from './helpers.js'
import type { MispAttribute, MispEvent } from '../../src/misp/index.js'

const NOW = Date.parse('2026-12-01T00:00:00Z')
const FIXTURES = ['phishing.json', 'network.json', 'vulnerability-actor.json']

/** What a round trip must keep of every attribute. */
function essentials (a: MispAttribute): Record<string, unknown> {
  return { uuid: a.uuid, type: a.type, value: a.value, to_ids: a.to_ids, comment: a.comment, category: a.category, object_relation: a.object_relation }
}

function tagNames (tags: Array<{ name: string }>): string[] {
  return tags.map(t => t.name).sort()
}

async function roundTrip (name: string): Promise<{ original: MispEvent, back: MispEvent, unmapped: unknown[] }> {
  const original = parseMispEvent(await fixtureText(name))
  const bundle = parseStixBundle(JSON.stringify(mispToStix(original, NOW).bundle))
  const exported = stixToMisp(bundle)
  // The export must itself be a valid MISP event: it goes through the same parser as an import.
  return { original, back: parseMispEvent(JSON.stringify(exported.event)), unmapped: exported.unmapped }
}

describe('misp - round trip MISP → STIX → MISP', () => {
  for (const name of FIXTURES) {
    describe(name, () => {
      it('keeps every attribute: uuid, type, value, to_ids, comment, category', async () => {
        const { original, back } = await roundTrip(name)
        expect(back.Attribute.map(essentials)).to.deep.equal(original.Attribute.map(essentials))
      })

      it('keeps every object with its attributes and their object relations', async () => {
        const { original, back } = await roundTrip(name)
        expect(back.Object.map(o => ({ uuid: o.uuid, name: o.name, meta: o['meta-category'], comment: o.comment, template: o.template_uuid, attributes: o.Attribute.map(essentials) })))
          .to.deep.equal(original.Object.map(o => ({ uuid: o.uuid, name: o.name, meta: o['meta-category'], comment: o.comment, template: o.template_uuid, attributes: o.Attribute.map(essentials) })))
      })

      it('keeps the event: uuid, info, date, threat level, analysis, creator, tags and attribute tags', async () => {
        const { original, back } = await roundTrip(name)
        expect(back).to.include({ uuid: original.uuid, info: original.info, date: original.date, threat_level_id: original.threat_level_id, analysis: original.analysis, timestamp: original.timestamp })
        expect(back.Orgc).to.deep.equal(original.Orgc)
        expect(tagNames(back.Tag)).to.include.members(tagNames(original.Tag))
        original.Attribute.forEach((a, i) => {
          expect(tagNames(back.Attribute[i]?.Tag ?? []), a.uuid).to.include.members(tagNames(a.Tag))
        })
      })

      it('keeps the galaxy clusters that have a STIX type, on the event and on attributes', async () => {
        const { original, back } = await roundTrip(name)
        const clusters = (e: { Galaxy: MispEvent['Galaxy'] }): string[] => e.Galaxy.flatMap(g => g.GalaxyCluster.map(c => `${g.type}/${c.uuid}/${c.value}`)).sort()
        expect(clusters(back)).to.deep.equal(clusters(original).filter(c => !c.startsWith('sector/')))
        original.Attribute.forEach((a, i) => { expect(clusters(back.Attribute[i] as MispAttribute), a.uuid).to.deep.equal(clusters(a)) })
      })

      it('writes distribution 0 and nothing unmapped for a bundle it made', async () => {
        const { back, unmapped } = await roundTrip(name)
        expect(back.distribution).to.equal('0')
        expect(unmapped).to.deep.equal([])
      })
    })
  }

  it('is stable: a second round trip gives the same STIX bundle', async () => {
    for (const name of FIXTURES) {
      const once = mispToStix(parseMispEvent(await fixtureText(name)), NOW).bundle
      const twice = mispToStix(parseMispEvent(JSON.stringify(stixToMisp(once).event)), NOW).bundle
      expect(twice.objects.map(o => o.id).sort(), name).to.deep.equal(once.objects.map(o => o.id).sort())
      const patterns = (b: typeof once): unknown[] => b.objects.filter(o => o.type === 'indicator').map(o => [o.id, o.pattern, o.object_marking_refs])
      expect(patterns(twice), name).to.deep.equal(patterns(once))
    }
  })
})
