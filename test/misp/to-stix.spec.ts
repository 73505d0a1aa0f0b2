import { expect } from 'chai'
import { InvalidMispEventError, mispToStix, parseMispEvent } from '../../src/misp/index.js'
import { extractObservables, parseStixBundle, TLP1_IDS, TLP2_IDS } from '../../src/stix/index.js'
import { seededUuid } from '../fixtures/stix-factory.js'
import { fixtureText, validateWithOasis } from './helpers.js'
import type { StixBundle, StixObject } from '../../src/stix/index.js'

const EVENT = '13a6fe6f-1723-48f7-96aa-6f08d95ee787'
const ATTR = 'be88f252-9db3-4b51-8674-b815e262d2e0'
const NOW = Date.parse('2026-12-01T00:00:00Z')

function convert (attribute: Record<string, unknown>, tags: string[] = ['tlp:green']): StixBundle {
  const event = parseMispEvent({ Event: { uuid: EVENT, info: 'table', timestamp: '1764331200', Tag: tags.map(name => ({ name })), Attribute: [{ uuid: ATTR, timestamp: '1764331200', ...attribute }] } })
  return mispToStix(event, NOW).bundle
}

function byType (bundle: StixBundle, type: string): StixObject {
  const found = bundle.objects.find(o => o.type === type)
  if (found === undefined) throw new Error(`no ${type} in the bundle`)
  return found
}

/** The bundles checked by one run of the OASIS validator at the end. */
const built: StixBundle[] = []

describe('misp - to STIX', () => {
  // [MISP type, value, pattern of the to_ids indicator, cyber-observable types of the observed-data]
  const table: Array<[string, string, string, string[]]> = [
    ['ip-dst', '198.51.100.7', "[network-traffic:dst_ref.value = '198.51.100.7']", ['network-traffic', 'ipv4-addr']],
    ['ip-src', '2001:db8::7', "[network-traffic:src_ref.value = '2001:db8::7']", ['network-traffic', 'ipv6-addr']],
    ['ip-dst', '198.51.100.0/24', "[network-traffic:dst_ref.value = '198.51.100.0/24']", ['network-traffic', 'ipv4-addr']],
    ['ip-dst|port', '198.51.100.7|443', "[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port = 443]", ['network-traffic', 'ipv4-addr']],
    ['ip-src|port', '198.51.100.8|4444', "[network-traffic:src_ref.value = '198.51.100.8' AND network-traffic:src_port = 4444]", ['network-traffic', 'ipv4-addr']],
    ['domain', 'evil.example', "[domain-name:value = 'evil.example']", ['domain-name']],
    ['hostname', 'c2.evil.example', "[domain-name:value = 'c2.evil.example']", ['domain-name']],
    ['domain|ip', 'evil.example|198.51.100.9', "[domain-name:value = 'evil.example' AND domain-name:resolves_to_refs[*].value = '198.51.100.9']", ['domain-name', 'ipv4-addr']],
    ['url', "http://evil.example/it's", "[url:value = 'http://evil.example/it\\'s']", ['url']],
    ['url', 'www.evil.example/login.php', "[url:value = 'www.evil.example/login.php']", ['url']],
    ['link', 'https://blog.example/report', "[url:value = 'https://blog.example/report']", ['url']],
    ['email-src', 'phish@evil.example', "[email-message:from_ref.value = 'phish@evil.example']", ['email-message', 'email-addr']],
    ['email-dst', 'victim@corp.example', "[email-message:to_refs[*].value = 'victim@corp.example']", ['email-message', 'email-addr']],
    ['email', 'actor@evil.example', "[email-addr:value = 'actor@evil.example']", ['email-addr']],
    ['email-subject', 'Invoice 42', "[email-message:subject = 'Invoice 42']", ['email-message']],
    ['filename', 'C:\\Temp\\drop.exe', "[file:name = 'C:\\\\Temp\\\\drop.exe']", ['file']],
    ['attachment', 'invoice.pdf', "[file:name = 'invoice.pdf']", ['file']],
    ['md5', 'd41d8cd98f00b204e9800998ecf8427e', "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']", ['file']],
    ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']", ['file']],
    ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']", ['file']],
    ['sha512', 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e', "[file:hashes.'SHA-512' = 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e']", ['file']],
    ['filename|md5', 'a.exe|d41d8cd98f00b204e9800998ecf8427e', "[file:name = 'a.exe' AND file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']", ['file']],
    ['filename|sha256', 'a.exe|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', "[file:name = 'a.exe' AND file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']", ['file']],
    ['AS', 'AS64501', '[autonomous-system:number = 64501]', ['autonomous-system']],
    ['mutex', 'Global\\evil', "[mutex:name = 'Global\\\\evil']", ['mutex']]
  ]
  for (const [type, value, pattern, observables] of table) {
    it(`${type} → an indicator with ${pattern} (to_ids), observed-data of ${observables.join(' + ')} (not)`, () => {
      const indicatorBundle = convert({ type, value, to_ids: true, comment: 'why' })
      const indicator = byType(indicatorBundle, 'indicator')
      expect(indicator).to.include({ id: `indicator--${ATTR}`, pattern, pattern_type: 'stix', description: 'why' })
      expect(indicator.labels).to.include(`misp:type="${type}"`)
      const observedBundle = convert({ type, value, to_ids: false })
      const observed = byType(observedBundle, 'observed-data')
      expect(observed.id).to.equal(`observed-data--${ATTR}`)
      expect((observed.object_refs as string[]).map(ref => ref.split('--')[0])).to.deep.equal(observables)
      expect(observed.object_refs).to.deep.equal(observables.map(t => `${t}--${ATTR}`))
      for (const bundle of [indicatorBundle, observedBundle]) expect(() => parseStixBundle(JSON.stringify(bundle))).to.not.throw()
    })
  }

  it('indexes the values an analyst searches for, from patterns and observables alike', () => {
    for (const to_ids of [true, false]) {
      const found = extractObservables(convert({ type: 'domain|ip', value: 'evil.example|198.51.100.9', to_ids })).map(o => o.value)
      expect(found, `to_ids ${String(to_ids)}`).to.include.members(['evil.example', '198.51.100.9'])
    }
  })

  it('makes vulnerability, threat-actor and campaign-name attributes their SDOs whatever to_ids says', () => {
    const vulnerability = byType(convert({ type: 'vulnerability', value: 'cve-2026-1234', to_ids: true, comment: 'RCE' }), 'vulnerability')
    expect(vulnerability).to.include({ id: `vulnerability--${ATTR}`, name: 'cve-2026-1234', description: 'RCE' })
    expect(vulnerability.external_references).to.deep.equal([{ source_name: 'cve', external_id: 'CVE-2026-1234' }])
    expect(vulnerability.labels).to.include('misp:to_ids="True"')
    expect(byType(convert({ type: 'threat-actor', value: 'Sofacy' }), 'threat-actor')).to.include({ name: 'Sofacy' })
    expect(byType(convert({ type: 'campaign-name', value: 'Cold Portal' }), 'campaign')).to.include({ name: 'Cold Portal' })
  })

  it('carries a type without mapping unchanged as x-misp-attribute and reports it', () => {
    const event = parseMispEvent({ Event: { uuid: EVENT, info: 'unmapped', Attribute: [{ uuid: ATTR, type: 'user-agent', category: 'Network activity', value: 'curl/7.1', to_ids: true, comment: 'bot' }] } })
    const conversion = mispToStix(event, NOW)
    expect(conversion.unmapped).to.deep.equal([{ type: 'user-agent', count: 1, uuids: [ATTR] }])
    expect(byType(conversion.bundle, 'x-misp-attribute')).to.include({ x_misp_type: 'user-agent', x_misp_value: 'curl/7.1', x_misp_comment: 'bot', x_misp_to_ids: true })
  })

  const bad: Array<[string, string]> = [
    ['malformed-bad-ip.json', 'Event.Attribute[1].value'],
    ['malformed-composite.json', 'Event.Object[0].Attribute[0].value'],
    ['malformed-bad-hash.json', 'Event.Attribute[0].value'],
    ['malformed-seen-order.json', 'Event.Attribute[0].last_seen']
  ]
  for (const [file, field] of bad) {
    it(`refuses ${file} naming ${field}`, async () => {
      const event = parseMispEvent(await fixtureText(file))
      const err = (() => { try { mispToStix(event, NOW) } catch (e) { return e } })()
      expect(err).to.be.instanceOf(InvalidMispEventError)
      expect((err as InvalidMispEventError).field).to.equal(field)
    })
  }

  it('keeps first and last seen in order when only last_seen is given, earlier than the attribute time', () => {
    const observed = byType(convert({ type: 'domain', value: 'old.example', last_seen: '2025-01-01T00:00:00+00:00' }), 'observed-data')
    expect(observed).to.include({ first_observed: '2025-01-01T00:00:00.000Z', last_observed: '2025-01-01T00:00:00.000Z' })
  })

  it('refuses an event of unmapped galaxies alone, which has nothing to share', () => {
    const event = parseMispEvent({ Event: { uuid: EVENT, info: 'sectors', Galaxy: [{ type: 'sector', GalaxyCluster: [{ uuid: ATTR, value: 'Finance' }] }] } })
    expect(() => mispToStix(event, NOW)).to.throw(InvalidMispEventError).with.property('field', 'Event.Galaxy')
  })

  it('turns tlp: tags into TLP markings on every object, an attribute tag overriding the event tag', async () => {
    const network = mispToStix(parseMispEvent(await fixtureText('network.json')), NOW)
    expect(network.tlp?.tlp).to.equal('AMBER')
    for (const o of network.bundle.objects) {
      const expected = o.id.endsWith('23c66450-8ddd-4701-949f-0eac950d8257') ? TLP2_IDS.amber : TLP2_IDS.green
      expect(o.object_marking_refs, o.id).to.deep.equal([expected])
    }
    const white = convert({ type: 'domain', value: 'a.example', to_ids: true }, ['tlp:white'])
    expect(byType(white, 'indicator').object_marking_refs).to.deep.equal([TLP1_IDS.white])
  })

  it('keeps the event, the objects and the galaxies with their uuids', async () => {
    const actor = mispToStix(parseMispEvent(await fixtureText('vulnerability-actor.json')), NOW)
    const report = byType(actor.bundle, 'report')
    expect(report.id).to.equal('report--21b6cf4f-b6a2-400e-a90d-380e476789f4')
    expect(report.labels).to.deep.equal(['misp-galaxy:sector="Government, Administration"'])
    expect(report.created_by_ref).to.equal('identity--ee67ba0f-cbf5-4790-8b89-3f5d1928d519')
    const actorSdo = actor.bundle.objects.find(o => o.id === 'threat-actor--5b4ee3ea-eee3-4c8e-8323-85ae32658754')
    expect(actorSdo).to.deep.include({ name: 'Sofacy', aliases: ['APT 28', 'APT28', 'Fancy Bear'] })
    const relationship = byType(actor.bundle, 'relationship')
    expect(relationship).to.include({ relationship_type: 'indicates', source_ref: 'indicator--d03f41d3-805b-4ca3-b7e9-532872084035', target_ref: 'malware--e31e175e-93e5-4247-9df1-aeee4827be42' })
    expect(actor.unmapped).to.deep.equal([{ type: 'galaxy:sector', count: 1, uuids: ['09d7ad7b-4dee-45e6-b2f3-ab2c0c646fc3'] }])
    const phishing = mispToStix(parseMispEvent(await fixtureText('phishing.json')), NOW)
    const grouping = byType(phishing.bundle, 'grouping')
    expect(grouping).to.deep.include({ id: 'grouping--9605958f-f752-4b12-ba0c-337a83552ec2', name: 'file', description: 'the attachment as dropped on disk' })
    expect(grouping.object_refs).to.deep.equal(['observed-data--41fdb9a1-8960-43d9-8219-949e3dd07df1', 'indicator--dfeb8bff-87f4-4980-af72-2624ae68c3fc', 'indicator--ffe0766a-7476-4bb4-9841-0eb750638142'])
    expect(byType(phishing.bundle, 'report').published).to.equal('2026-11-28T13:00:00.000Z')
  })

  it('is deterministic: the same event gives the same bundle', async () => {
    const text = await fixtureText('vulnerability-actor.json')
    expect(mispToStix(parseMispEvent(text), NOW).bundle).to.deep.equal(mispToStix(parseMispEvent(text), NOW + 86_400_000).bundle)
  })

  it('every bundle built here passes the project validator and python3 ../shared/tools/validate_stix.py', async function () {
    this.timeout(60_000)
    for (const name of ['phishing.json', 'network.json', 'vulnerability-actor.json']) {
      const bundle = mispToStix(parseMispEvent(await fixtureText(name)), NOW).bundle
      expect(() => parseStixBundle(JSON.stringify(bundle)), name).to.not.throw()
      built.push(bundle)
    }
    // One event holding every row of the table, with and without to_ids: one validator run checks them all.
    const attributes = table.flatMap(([type, value], i) => [true, false].map(to_ids => ({ uuid: seededUuid(`${i}/${String(to_ids)}`), type, value, to_ids, comment: 'c' })))
    built.push(mispToStix(parseMispEvent({ Event: { uuid: EVENT, info: 'table', Tag: [{ name: 'tlp:green' }], Attribute: attributes } }), NOW).bundle)
    const result = await validateWithOasis(built)
    expect(result.code, result.output).to.equal(0)
    expect(result.output.match(/^VALID /gm)).to.have.length(built.length)
  })
})
