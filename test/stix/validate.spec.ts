import { expect } from 'chai'
import { InvalidStixError, parseStixBundle, validateBundle } from '../../src/stix/index.js'
import { TLP1_IDS, TLP2_EXTENSION_ID, TLP2_IDS } from '../../src/stix/tlp-ids.js'
import { IDS, bundle } from './helpers.js'
import { SAMPLES, sample, uid } from './samples.js'

/** Parses a bundle of `objects` and returns the error (fails when it parses). */
function rejection (...objects: unknown[]): InvalidStixError {
  try {
    parseStixBundle(bundle(...objects))
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidStixError)
    return err as InvalidStixError
  }
  expect.fail('the bundle was accepted')
}

interface Case {
  name: string
  object: Record<string, unknown> | unknown
  field: string
  /** Defaults to the object's id. */
  objectId?: string | null
}

const T0 = '2020-01-01T00:00:00.000Z'
const ID = uid('indicator')

const REQUIRED_NAME = ['attack-pattern', 'campaign', 'course-of-action', 'identity', 'incident', 'infrastructure', 'intrusion-set', 'threat-actor', 'tool', 'vulnerability']

const CASES: Case[] = [
  // identity of the object
  { name: 'not an object', object: 'indicator', field: '(object)', objectId: null },
  { name: 'type missing', object: sample('indicator', { type: undefined }), field: 'type' },
  { name: 'type with uppercase', object: sample('indicator', { type: 'Indicator' }), field: 'type' },
  { name: 'type too short', object: sample('indicator', { type: 'ab' }), field: 'type' },
  { name: 'type with a double hyphen', object: sample('indicator', { type: 'x--y' }), field: 'type' },
  { name: 'type with a trailing hyphen', object: sample('indicator', { type: 'indicator-' }), field: 'type' },
  { name: 'type with an underscore', object: sample('indicator', { type: 'x_indicator' }), field: 'type' },
  { name: 'id missing', object: sample('indicator', { id: undefined }), field: 'id', objectId: null },
  { name: 'id not an identifier', object: sample('indicator', { id: 'indicator--1234' }), field: 'id' },
  { name: 'id with UUID version 0', object: sample('indicator', { id: 'indicator--c8c32b6e-2ea8-01c4-8446-7f5218072f27' }), field: 'id' },
  { name: 'id with UUID version 6', object: sample('indicator', { id: 'indicator--c8c32b6e-2ea8-61c4-8446-7f5218072f27' }), field: 'id' },
  { name: 'id with a non-RFC 4122 variant', object: sample('indicator', { id: 'indicator--c8c32b6e-2ea8-41c4-6446-7f5218072f27' }), field: 'id' },
  { name: 'id of another type', object: sample('indicator', { id: uid('malware') }), field: 'id' },
  { name: 'id not a string', object: sample('indicator', { id: 7 }), field: 'id', objectId: null },
  // versioning
  { name: 'spec_version missing on an SDO', object: sample('indicator', { spec_version: undefined }), field: 'spec_version' },
  { name: 'spec_version 2.0', object: sample('indicator', { spec_version: '2.0' }), field: 'spec_version' },
  { name: 'spec_version 2.0 on an SCO', object: sample('ipv4-addr', { spec_version: '2.0' }), field: 'spec_version' },
  { name: 'spec_version missing on a marking definition', object: sample('marking-definition', { spec_version: undefined }), field: 'spec_version' },
  { name: 'spec_version missing on a custom object with created', object: sample('x-acme-widget', { spec_version: undefined }), field: 'spec_version' },
  { name: 'created missing', object: sample('indicator', { created: undefined }), field: 'created' },
  { name: 'modified missing', object: sample('indicator', { modified: undefined }), field: 'modified' },
  { name: 'created without milliseconds', object: sample('indicator', { created: '2020-01-01T00:00:00Z' }), field: 'created' },
  { name: 'created with a space', object: sample('indicator', { created: '2020-01-01 00:00:00.000Z' }), field: 'created' },
  { name: 'created with an offset', object: sample('indicator', { created: '2020-01-01T00:00:00.000+01:00' }), field: 'created' },
  { name: 'created on 30 February', object: sample('indicator', { created: '2020-02-30T00:00:00.000Z', modified: '2020-03-01T00:00:00.000Z' }), field: 'created' },
  { name: 'created lowercase z', object: sample('indicator', { created: '2020-01-01T00:00:00.000z' }), field: 'created' },
  { name: 'modified before created', object: sample('indicator', { modified: '2019-12-31T23:59:59.999Z' }), field: 'modified' },
  { name: 'modified earlier by a fraction', object: sample('indicator', { created: '2020-01-01T00:00:00.0015Z', modified: '2020-01-01T00:00:00.001Z' }), field: 'modified' },
  { name: 'marking definition created not a timestamp', object: sample('marking-definition', { created: 'yesterday' }), field: 'created' },
  // indicator
  { name: 'indicator without pattern', object: sample('indicator', { pattern: undefined }), field: 'pattern' },
  { name: 'indicator without pattern_type', object: sample('indicator', { pattern_type: undefined }), field: 'pattern_type' },
  { name: 'indicator without valid_from', object: sample('indicator', { valid_from: undefined }), field: 'valid_from' },
  { name: 'indicator valid_from not a timestamp', object: sample('indicator', { valid_from: '2020-13-01T00:00:00Z' }), field: 'valid_from' },
  { name: 'indicator valid_until equal to valid_from', object: sample('indicator', { valid_until: T0 }), field: 'valid_until' },
  { name: 'indicator valid_until before valid_from', object: sample('indicator', { valid_until: '2019-01-01T00:00:00Z' }), field: 'valid_until' },
  // common properties
  { name: 'created_by_ref not an identifier', object: sample('indicator', { created_by_ref: 'ACME' }), field: 'created_by_ref' },
  { name: 'created_by_ref not an identity', object: sample('indicator', { created_by_ref: uid('malware') }), field: 'created_by_ref' },
  { name: 'object_marking_refs not a list', object: sample('indicator', { object_marking_refs: TLP2_IDS.red }), field: 'object_marking_refs' },
  { name: 'object_marking_refs to an identity', object: sample('indicator', { object_marking_refs: [uid('identity')] }), field: 'object_marking_refs[0]' },
  { name: 'granular marking without marking_ref or lang', object: sample('indicator', { granular_markings: [{ selectors: ['name'] }] }), field: 'granular_markings[0].marking_ref' },
  { name: 'granular marking without selectors', object: sample('indicator', { granular_markings: [{ marking_ref: TLP2_IDS.red }] }), field: 'granular_markings[0].selectors' },
  { name: 'external reference without source_name', object: sample('indicator', { external_references: [{ url: 'https://example.com' }] }), field: 'external_references[0].source_name' },
  { name: 'external reference with only source_name', object: sample('indicator', { external_references: [{ source_name: 'acme' }] }), field: 'external_references[0]' },
  { name: 'capec reference with a non-CAPEC id', object: sample('attack-pattern', { external_references: [{ source_name: 'capec', external_id: 'T1068' }] }), field: 'external_references[0].external_id' },
  { name: 'cve reference with a malformed id', object: sample('vulnerability', { external_references: [{ source_name: 'cve', external_id: 'CVE-21-1' }] }), field: 'external_references[0].external_id' },
  { name: 'external reference with a bad hash', object: sample('indicator', { external_references: [{ source_name: 'acme', url: 'https://e.com', hashes: { 'SHA-256': 'abc' } }] }), field: 'external_references[0].hashes.SHA-256' },
  { name: 'labels a string', object: sample('indicator', { labels: 'bad' }), field: 'labels' },
  { name: 'labels with a number', object: sample('indicator', { labels: ['ok', 1] }), field: 'labels' },
  { name: 'an empty list', object: sample('indicator', { labels: [] }), field: 'labels' },
  { name: 'a null value', object: sample('indicator', { description: null }), field: 'description' },
  { name: 'a null inside a list', object: sample('indicator', { kill_chain_phases: [null] }), field: 'kill_chain_phases[0]' },
  { name: 'kill chain phase without phase_name', object: sample('indicator', { kill_chain_phases: [{ kill_chain_name: 'lockheed' }] }), field: 'kill_chain_phases[0].phase_name' },
  { name: 'confidence above 100', object: sample('indicator', { confidence: 101 }), field: 'confidence' },
  { name: 'revoked not a boolean', object: sample('indicator', { revoked: 'no' }), field: 'revoked' },
  { name: 'a property name with a hyphen', object: sample('indicator', { 'x-acme': 1 }), field: 'x-acme' },
  { name: 'a property name of two letters', object: sample('indicator', { xy: 1 }), field: 'xy' },
  { name: 'a custom _ref that is not an identifier', object: sample('indicator', { x_acme_ref: 'nope' }), field: 'x_acme_ref' },
  { name: 'a custom _refs that is not a list', object: sample('indicator', { x_acme_refs: uid('identity') }), field: 'x_acme_refs' },
  { name: 'a nested _ref that is not an identifier', object: sample('indicator', { x_acme: { owner_ref: 'bob' } }), field: 'x_acme.owner_ref' },
  { name: 'a _hex value with an odd length', object: sample('indicator', { x_magic_hex: 'abc' }), field: 'x_magic_hex' },
  { name: 'a _bin value that is not base64', object: sample('indicator', { x_blob_bin: 'not base64!' }), field: 'x_blob_bin' },
  { name: 'an extension with an unknown key', object: sample('indicator', { extensions: { acme: { a: 1 } } }), field: 'extensions.acme' },
  { name: 'an empty extension', object: sample('indicator', { extensions: { 'extension-definition--00000000-0000-4000-8000-000000000009': {} } }), field: 'extensions.extension-definition--00000000-0000-4000-8000-000000000009' },
  { name: 'an extension with a bad extension_type', object: sample('indicator', { extensions: { 'extension-definition--00000000-0000-4000-8000-000000000009': { extension_type: 'new-thing' } } }), field: 'extensions.extension-definition--00000000-0000-4000-8000-000000000009.extension_type' },
  // SDO types
  ...REQUIRED_NAME.map(type => ({ name: `${type} without name`, object: sample(type, { name: undefined }), field: 'name' })),
  { name: 'malware without is_family', object: sample('malware', { is_family: undefined }), field: 'is_family' },
  { name: 'malware family without a name', object: sample('malware', { name: undefined, is_family: true }), field: 'name' },
  { name: 'campaign last_seen before first_seen', object: sample('campaign', { last_seen: '2019-01-01T00:00:00Z' }), field: 'last_seen' },
  { name: 'grouping without context', object: sample('grouping', { context: undefined }), field: 'context' },
  { name: 'grouping without object_refs', object: sample('grouping', { object_refs: undefined }), field: 'object_refs' },
  { name: 'note without content', object: sample('note', { content: undefined }), field: 'content' },
  { name: 'opinion with an unknown value', object: sample('opinion', { opinion: 'meh' }), field: 'opinion' },
  { name: 'report without published', object: sample('report', { published: undefined }), field: 'published' },
  { name: 'report without object_refs', object: sample('report', { object_refs: undefined }), field: 'object_refs' },
  { name: 'report with a non-STIX ref', object: sample('report', { object_refs: ['mandiant:ttp-a35bc05a-247d-49a9-b954-c5c7344c55cc'] }), field: 'object_refs[0]' },
  { name: 'observed-data with number_observed 0', object: sample('observed-data', { number_observed: 0 }), field: 'number_observed' },
  { name: 'observed-data with objects and object_refs', object: sample('observed-data', { objects: { 0: { type: 'ipv4-addr', value: '1.2.3.4' } } }), field: 'object_refs' },
  { name: 'observed-data last_observed before first_observed', object: sample('observed-data', { last_observed: '2019-01-01T00:00:00Z' }), field: 'last_observed' },
  { name: 'location without region, country or coordinates', object: sample('location', { region: undefined }), field: 'region' },
  { name: 'location with latitude only', object: sample('location', { latitude: 48.8 }), field: 'longitude' },
  { name: 'location latitude out of range', object: sample('location', { latitude: 91, longitude: 2 }), field: 'latitude' },
  { name: 'malware-analysis without product', object: sample('malware-analysis', { product: undefined }), field: 'product' },
  { name: 'malware-analysis without result or analysis_sco_refs', object: sample('malware-analysis', { result: undefined }), field: 'result' },
  // SROs
  { name: 'relationship without target_ref', object: sample('relationship', { target_ref: undefined }), field: 'target_ref' },
  { name: 'relationship without source_ref', object: sample('relationship', { source_ref: undefined }), field: 'source_ref' },
  { name: 'relationship without relationship_type', object: sample('relationship', { relationship_type: undefined }), field: 'relationship_type' },
  { name: 'relationship_type with uppercase', object: sample('relationship', { relationship_type: 'Uses' }), field: 'relationship_type' },
  { name: 'relationship source_ref not an identifier', object: sample('relationship', { source_ref: 'incident--1b75ee8f-44d6-819a-d729-09ab52c91fdb' }), field: 'source_ref' },
  { name: 'relationship to a marking definition', object: sample('relationship', { target_ref: uid('marking-definition') }), field: 'target_ref' },
  { name: 'relationship stop_time not after start_time', object: sample('relationship', { start_time: T0, stop_time: T0 }), field: 'stop_time' },
  { name: 'sighting without sighting_of_ref', object: sample('sighting', { sighting_of_ref: undefined }), field: 'sighting_of_ref' },
  { name: 'sighting of a relationship', object: sample('sighting', { sighting_of_ref: uid('relationship') }), field: 'sighting_of_ref' },
  { name: 'sighting where_sighted_refs to malware', object: sample('sighting', { where_sighted_refs: [uid('malware')] }), field: 'where_sighted_refs[0]' },
  { name: 'sighting observed_data_refs to an indicator', object: sample('sighting', { observed_data_refs: [uid('indicator')] }), field: 'observed_data_refs[0]' },
  { name: 'sighting count negative', object: sample('sighting', { count: -1 }), field: 'count' },
  // meta objects
  { name: 'marking definition without definition_type', object: sample('marking-definition', { definition_type: undefined }), field: 'definition_type' },
  { name: 'statement marking without a statement', object: sample('marking-definition', { definition: { text: 'x' } }), field: 'definition.statement' },
  { name: 'a TLP definition under a made-up id', object: sample('marking-definition', { definition_type: 'tlp', definition: { tlp: 'white' } }), field: 'id' },
  { name: 'the TLP:RED 1.0 id defined as WHITE', object: { ...sample('marking-definition', { definition_type: 'tlp', definition: { tlp: 'white' } }), id: TLP1_IDS.red }, field: 'id', objectId: TLP1_IDS.red },
  { name: 'the TLP:RED 1.0 id as a statement', object: { ...sample('marking-definition'), id: TLP1_IDS.red }, field: 'definition_type', objectId: TLP1_IDS.red },
  {
    name: 'the TLP:RED 2.0 id claiming CLEAR',
    object: { type: 'marking-definition', spec_version: '2.1', id: TLP2_IDS.red, created: T0, name: 'TLP:RED', extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'clear' } } },
    field: 'id',
    objectId: TLP2_IDS.red
  },
  {
    name: 'the TLP:AMBER 2.0 id without the TLP 2.0 extension',
    object: { ...sample('marking-definition'), id: TLP2_IDS.amber },
    field: `extensions.${TLP2_EXTENSION_ID}`,
    objectId: TLP2_IDS.amber
  },
  {
    name: 'a TLP 2.0 extension with an unknown level',
    object: { type: 'marking-definition', spec_version: '2.1', id: TLP2_IDS.red, created: T0, extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'purple' } } },
    field: `extensions.${TLP2_EXTENSION_ID}.tlp_2_0`,
    objectId: TLP2_IDS.red
  },
  { name: 'extension-definition without schema', object: sample('extension-definition', { schema: undefined }), field: 'schema' },
  { name: 'extension-definition with an unknown extension type', object: sample('extension-definition', { extension_types: ['bogus'] }), field: 'extension_types[0]' },
  { name: 'extension_properties without toplevel-property-extension', object: sample('extension-definition', { extension_properties: ['x_a'] }), field: 'extension_properties' },
  { name: 'language-content without contents', object: sample('language-content', { contents: undefined }), field: 'contents' },
  { name: 'language-content about a language-content', object: sample('language-content', { object_ref: uid('language-content') }), field: 'object_ref' },
  // cyber-observables
  { name: 'ipv4-addr without value', object: sample('ipv4-addr', { value: undefined }), field: 'value' },
  { name: 'domain-name without value', object: sample('domain-name', { value: undefined }), field: 'value' },
  { name: 'url value not a string', object: sample('url', { value: 7 }), field: 'value' },
  { name: 'email-addr without value', object: sample('email-addr', { value: undefined }), field: 'value' },
  { name: 'file without hashes or name', object: sample('file', { hashes: undefined, name: undefined }), field: 'name' },
  { name: 'file MD5 of the wrong length', object: sample('file', { hashes: { MD5: 'abc' } }), field: 'hashes.MD5' },
  { name: 'file hashes empty', object: sample('file', { hashes: {} }), field: 'hashes' },
  { name: 'artifact with payload_bin and url', object: sample('artifact', { url: 'https://e.com/a', hashes: { MD5: 'd41d8cd98f00b204e9800998ecf8427e' } }), field: 'payload_bin' },
  { name: 'network-traffic without protocols', object: sample('network-traffic', { protocols: undefined }), field: 'protocols' },
  { name: 'network-traffic without src_ref or dst_ref', object: sample('network-traffic', { dst_ref: undefined }), field: 'src_ref' },
  { name: 'network-traffic port out of range', object: sample('network-traffic', { dst_port: 70000 }), field: 'dst_port' },
  { name: 'network-traffic dst_ref not an identifier', object: sample('network-traffic', { dst_ref: '198.51.100.3' }), field: 'dst_ref' },
  { name: 'http-request-ext without request_value', object: sample('network-traffic', { extensions: { 'http-request-ext': { request_method: 'get' } } }), field: 'extensions.http-request-ext.request_value' },
  { name: 'http-request-ext header not a list', object: sample('network-traffic', { extensions: { 'http-request-ext': { request_method: 'get', request_value: '/', request_header: { Accept: 'text/plain' } } } }), field: 'extensions.http-request-ext.request_header.Accept' },
  { name: 'email-message without is_multipart', object: sample('email-message', { is_multipart: undefined }), field: 'is_multipart' },
  { name: 'email-message multipart with a body', object: sample('email-message', { is_multipart: true }), field: 'body' },
  { name: 'process without any property of its own', object: sample('process', { pid: undefined }), field: 'type' }
]

describe('stix - validate', () => {
  it('every sample object is valid on its own and together', () => {
    for (const [type, object] of Object.entries(SAMPLES)) {
      expect(validateBundle(bundle(object)), type).to.deep.equal([])
    }
    expect(validateBundle(bundle(...Object.values(SAMPLES)))).to.deep.equal([])
  })

  for (const c of CASES) {
    it(`rejects ${c.name} (field ${c.field})`, () => {
      const error = rejection(sample('identity'), c.object)
      expect(error.code).to.equal('STIX_INVALID')
      expect(error.name).to.equal('InvalidStixError')
      const record = typeof c.object === 'object' && c.object !== null ? c.object as Record<string, unknown> : {}
      const objectId = c.objectId === null ? undefined : c.objectId ?? record.id
      expect(error.objectId).to.equal(objectId)
      expect(error.index).to.equal(1)
      expect(error.field).to.equal(c.field)
      expect(error.issues).to.have.length(1)
      // The message names the object (or its position) and the field.
      expect(error.message).to.include(`"${c.field}"`)
      expect(error.message).to.include(typeof objectId === 'string' ? objectId : 'objects[1]')
    })
  }

  describe('bundle envelope', () => {
    const ENVELOPE: Array<[string, unknown, string]> = [
      ['not an object', [sample('identity')], '(bundle)'],
      ['type not bundle', { ...bundle(sample('identity')), type: 'Bundle' }, 'type'],
      ['id missing', { type: 'bundle', objects: [sample('identity')] }, 'id'],
      ['id not an identifier', { ...bundle(sample('identity')), id: 'bundle--1' }, 'id'],
      ['id of another type', { ...bundle(sample('identity')), id: uid('report') }, 'id'],
      ['objects missing', { type: 'bundle', id: IDS.bundle }, 'objects'],
      ['objects empty', bundle(), 'objects'],
      ['objects not a list', { ...bundle(), objects: {} }, 'objects']
    ]
    for (const [name, value, field] of ENVELOPE) {
      it(`rejects a bundle with ${name} (field ${field})`, () => {
        let caught: unknown
        try { parseStixBundle(value) } catch (err) { caught = err }
        expect(caught).to.be.instanceOf(InvalidStixError)
        const error = caught as InvalidStixError
        expect(error.field).to.equal(field)
        expect(error.index).to.equal(undefined)
      })
    }
  })

  describe('several objects', () => {
    it('reports the first issue of every offending object, in order', () => {
      const error = rejection(
        sample('relationship', { target_ref: undefined }),
        sample('identity'),
        sample('indicator', { valid_from: undefined, pattern: undefined })
      )
      expect(error.issues.map(i => [i.index, i.objectId, i.field])).to.deep.equal([
        [0, uid('relationship'), 'target_ref'],
        [2, uid('indicator'), 'pattern']
      ])
      expect(error.message).to.include('and 1 more')
    })

    it('rejects two different objects with the same id and modified', () => {
      const error = rejection(sample('relationship'), sample('relationship', { relationship_type: 'related-to' }))
      expect([error.objectId, error.index, error.field]).to.deep.equal([uid('relationship'), 1, 'id'])
    })

    it('accepts an exact repeat (in any key order) and two versions of one object', () => {
      const reordered = Object.fromEntries(Object.entries(sample('indicator')).reverse())
      const later = sample('indicator', { modified: '2021-01-01T00:00:00.000Z' })
      expect(validateBundle(bundle(sample('indicator'), reordered, later))).to.deep.equal([])
    })

    it('accepts two observations of one observable with the same deterministic id', () => {
      const a = sample('domain-name')
      const b = sample('domain-name', { resolves_to_refs: [uid('ipv4-addr', 2)] })
      expect(validateBundle(bundle(a, b))).to.deep.equal([])
    })
  })

  describe('custom objects and properties', () => {
    it('accepts custom objects, custom properties, x_ refs and extensions', () => {
      const withCustom = sample('indicator', {
        x_acme_score: 7,
        x_acme_owner_ref: uid('identity'),
        x_acme_peers_refs: [uid('identity', 2)],
        x_acme_magic_hex: 'deadBEEF',
        x_acme_blob_bin: 'aGVsbG8=',
        extensions: { 'extension-definition--00000000-0000-4000-8000-000000000009': { extension_type: 'property-extension', rank: 1 } }
      })
      expect(validateBundle(bundle(withCustom, sample('x-acme-widget'), sample('x-acme-observable')))).to.deep.equal([])
    })

    it('does not apply ref rules inside data-keyed dictionaries (observed-data objects, hashes)', () => {
      const observed = sample('observed-data', {
        object_refs: undefined,
        objects: { 0: { type: 'ipv4-addr', value: '198.51.100.3' }, 1: { type: 'network-traffic', dst_ref: '0', protocols: ['tcp'] } }
      })
      expect(validateBundle(bundle(observed))).to.deep.equal([])
    })

    it('accepts leap seconds only at 23:59:60 and fractional seconds of any length', () => {
      expect(validateBundle(bundle(sample('indicator', { valid_from: '2016-12-31T23:59:60Z' })))).to.deep.equal([])
      expect(validateBundle(bundle(sample('indicator', { created: '2020-01-01T00:00:00.123456Z', modified: '2020-01-01T00:00:00.1235Z' })))).to.deep.equal([])
      expect(validateBundle(bundle(sample('indicator', { valid_from: '2016-12-31T12:00:60Z' })))[0]?.field).to.equal('valid_from')
    })
  })

  it('names the indicator and the missing field in the message', () => {
    const error = rejection(sample('indicator', { id: ID, valid_from: undefined }))
    expect(error.message).to.equal(`${ID}: field "valid_from" is required`)
  })
})
