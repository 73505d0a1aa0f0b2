import { expect } from 'chai'
import { InvalidMispEventError, parseMispEvent } from '../../src/misp/index.js'
import { fixture, fixtureText } from './helpers.js'

const UUID_A = 'be88f252-9db3-4b51-8674-b815e262d2e0'
const EVENT = '13a6fe6f-1723-48f7-96aa-6f08d95ee787'

/** A minimal valid event with one attribute, patched by `change`. */
function event (change: (e: Record<string, unknown>, a: Record<string, unknown>) => void): unknown {
  const a: Record<string, unknown> = { uuid: UUID_A, type: 'domain', value: 'example.org', to_ids: true }
  const e: Record<string, unknown> = { uuid: EVENT, info: 'test', Attribute: [a] }
  change(e, a)
  return { Event: e }
}

function failure (input: unknown): InvalidMispEventError {
  try {
    parseMispEvent(input)
  } catch (err) {
    if (err instanceof InvalidMispEventError) return err
    throw err
  }
  throw new Error('parsed without error')
}

describe('misp - parse', () => {
  it('parses the hand-written fixtures', async () => {
    const phishing = parseMispEvent(await fixtureText('phishing.json'))
    expect(phishing.uuid).to.equal('3080c542-fd6a-4487-9e08-4596358283f7')
    expect(phishing.Attribute).to.have.length(6)
    expect(phishing.Object[0]?.Attribute.map(a => a.object_relation)).to.deep.equal(['filename', 'md5', 'sha1'])
    expect(phishing.Attribute[0]).to.not.have.property('first_seen')
    const actor = parseMispEvent(await fixture('vulnerability-actor.json'))
    expect(actor.Galaxy.map(g => g.type)).to.deep.equal(['threat-actor', 'mitre-attack-pattern', 'sector'])
    expect(actor.Attribute[2]?.Galaxy[0]?.GalaxyCluster[0]?.meta?.synonyms).to.deep.equal(['China Chopper'])
  })

  it('takes the bare event object, MISP string forms of numbers and flags, and null for absent fields', () => {
    const parsed = parseMispEvent({ uuid: EVENT, info: 'bare', timestamp: 1764331200, distribution: 3, Attribute: [{ uuid: UUID_A.toUpperCase(), type: 'ip-dst', value: '198.51.100.1', to_ids: '1', comment: null, timestamp: '1764331200' }] })
    expect(parsed.distribution).to.equal('3')
    expect(parsed.Attribute[0]).to.include({ uuid: UUID_A, to_ids: true, timestamp: 1764331200 })
    expect(parsed.Attribute[0]).to.not.have.property('comment')
  })

  const fixtures: Array<[string, string]> = [
    ['malformed-truncated.json', '(event)'],
    ['malformed-not-an-event.json', '(event)'],
    ['malformed-missing-uuid.json', 'Event.Attribute[0].uuid'],
    ['malformed-duplicate-uuid.json', 'Event.Attribute[1].uuid'],
    ['malformed-empty-object.json', 'Event.Object[0].Attribute']
  ]
  for (const [file, field] of fixtures) {
    it(`refuses ${file} naming ${field}`, async () => {
      const err = failure(await fixtureText(file))
      expect(err.code).to.equal('MISP_INVALID')
      expect(err.field).to.equal(field)
      expect(err.message).to.include(field)
    })
  }

  const cases: Array<[string, (e: Record<string, unknown>, a: Record<string, unknown>) => void, string]> = [
    ['a uuid that is a number', e => { e.uuid = 5 }, 'Event.uuid'],
    ['a missing info', e => { delete e.info }, 'Event.info'],
    ['a uuid that is not RFC 4122', e => { e.uuid = '13a6fe6f-1723-08f7-96aa-6f08d95ee787' }, 'Event.uuid'],
    ['a bad date', e => { e.date = '2026-02-30x' }, 'Event.date'],
    ['a timestamp that is not seconds', e => { e.timestamp = '2026-11-01' }, 'Event.timestamp'],
    ['a distribution out of range', e => { e.distribution = '7' }, 'Event.distribution'],
    ['Attribute not a list', e => { e.Attribute = {} }, 'Event.Attribute'],
    ['an attribute that is not an object', e => { e.Attribute = ['x'] }, 'Event.Attribute[0]'],
    ['an attribute without type', (_e, a) => { delete a.type }, 'Event.Attribute[0].type'],
    ['a type with spaces', (_e, a) => { a.type = 'ip dst' }, 'Event.Attribute[0].type'],
    ['an empty value', (_e, a) => { a.value = '  ' }, 'Event.Attribute[0].value'],
    ['to_ids that is no flag', (_e, a) => { a.to_ids = 'yes' }, 'Event.Attribute[0].to_ids'],
    ['a first_seen that is no time', (_e, a) => { a.first_seen = 'yesterday' }, 'Event.Attribute[0].first_seen'],
    ['a tag without name', (_e, a) => { a.Tag = [{ colour: '#fff' }] }, 'Event.Attribute[0].Tag[0].name'],
    ['a galaxy without type', e => { e.Galaxy = [{ GalaxyCluster: [] }] }, 'Event.Galaxy[0].type'],
    ['a cluster without uuid', e => { e.Galaxy = [{ type: 'threat-actor', GalaxyCluster: [{ value: 'X' }] }] }, 'Event.Galaxy[0].GalaxyCluster[0].uuid'],
    ['an object attribute without object_relation', e => { e.Object = [{ uuid: '41b16fc0-5853-4ae6-8286-5484978f6aa1', name: 'file', Attribute: [{ uuid: '5cf5596f-e566-4af5-9ef9-41ce7d7848a3', type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' }] }] }, 'Event.Object[0].Attribute[0].object_relation'],
    ['an event with nothing in it', e => { e.Attribute = [] }, 'Event.Attribute']
  ]
  for (const [name, change, field] of cases) {
    it(`refuses ${name} (${field})`, () => {
      const err = failure(event(change))
      expect(err.code).to.equal('MISP_INVALID')
      expect(err.field).to.equal(field)
    })
  }

  it('never quotes the input in the message of a JSON error', () => {
    const err = failure('{"Event": {"info": "secret-token-123", ')
    expect(err.message).to.not.include('secret-token-123')
  })
})
