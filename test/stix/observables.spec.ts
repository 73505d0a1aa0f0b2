import { expect } from 'chai'
import { extractObservables, parseStixBundle } from '../../src/stix/index.js'
import { bundle, readCorpus } from './helpers.js'
import { sample, uid } from './samples.js'
import type { Observable, StixBundle } from '../../src/stix/index.js'

function fromCorpus (rel: string): Observable[] {
  return extractObservables(parseStixBundle(readCorpus(rel)))
}

function fromObjects (...objects: Array<Record<string, unknown>>): Array<[string, string, string]> {
  return extractObservables(parseStixBundle(bundle(...objects))).map(o => [o.kind, o.value, o.objectId])
}

function indicator (pattern: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return sample('indicator', { pattern, ...extra })
}

describe('stix - observables', () => {
  describe('from the corpus', () => {
    it('indicator-for-c2-ip-address: the IPv4 of the pattern', () => {
      expect(fromCorpus('oasis-json-schemas-examples/indicator-for-c2-ip-address.json')).to.deep.equal([
        { kind: 'ipv4', value: '10.0.0.0', objectId: 'indicator--33fe3b22-0201-47cf-85d0-97c02164528d' }
      ])
    })

    it("malware-indicator-for-file-hash: the hashes.'SHA-256' of the pattern", () => {
      expect(fromCorpus('oasis-cti-documentation/malware-indicator-for-file-hash.json')).to.deep.equal([{
        kind: 'sha256',
        value: 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c',
        objectId: 'indicator--a932fcc6-e032-476c-826f-cb970a5a1ade'
      }])
    })

    it('indicator-for-malicious-url: the URL of the pattern, and its host', () => {
      expect(fromCorpus('oasis-cti-documentation/indicator-for-malicious-url.json')).to.deep.equal([
        { kind: 'url', value: 'http://x4z9arb.cn/4712/', objectId: 'indicator--d81f86b9-975b-4c0b-875e-810c5ad45a4f' },
        { kind: 'domain', value: 'x4z9arb.cn', objectId: 'indicator--d81f86b9-975b-4c0b-875e-810c5ad45a4f' }
      ])
    })

    it('malicious-email-indicator-with-attachment: nothing (only MATCHES comparisons)', () => {
      expect(fromCorpus('oasis-json-schemas-examples/malicious-email-indicator-with-attachment.json')).to.deep.equal([])
    })

    it('poisonivy: domains and IPs of OR-joined comparisons, the malformed domain skipped', () => {
      const found = fromCorpus('oasis-cti-documentation/poisonivy.json')
      const of = (id: string): string[] => found.filter(o => o.objectId === id).map(o => `${o.kind} ${o.value}`)
      expect(of('indicator--329ae6e9-25bd-49e8-89d1-aae4ca52e4a7')).to.deep.equal([
        'domain www.webserver.dynssl.com', 'ipv4 113.10.246.30', 'ipv4 219.90.112.203',
        'ipv4 75.126.95.138', 'ipv4 219.90.112.197', 'ipv4 202.65.222.45'
      ])
      // 'domain autuo.xicp.net' (sic, with a space) is not a domain name.
      expect(of('indicator--4e4c4ad7-4909-456a-b6fa-e24a6f682a40')).to.deep.equal(['ipv4 60.10.1.115'])
      expect(found.some(o => o.value.includes(' '))).to.equal(false)
    })

    it('apt1: CIDR networks, domains and lowercase "hashes.md5" keys', () => {
      const found = fromCorpus('oasis-cti-documentation/apt1.json')
      expect(found.find(o => o.objectId === 'indicator--031778a4-057f-48e6-9db9-c8d72b81ccd5')).to.deep.equal(
        { kind: 'ipv4', value: '223.166.0.0/15', objectId: 'indicator--031778a4-057f-48e6-9db9-c8d72b81ccd5' })
      expect(found.map(o => o.kind).sort()).to.deep.equal(['domain', 'domain', 'domain', 'ipv4', 'ipv4', 'ipv4', 'ipv4', 'md5', 'md5', 'md5'])
      expect(found.filter(o => o.kind === 'md5').map(o => o.value)).to.include('001dd76872d80801692ff942308c64e6')
    })

    it('infrastructure and incident-with-cyber-observables: values and file hashes of SCOs', () => {
      expect(fromCorpus('oasis-json-schemas-examples/infrastructure.json').map(o => `${o.kind} ${o.value}`))
        .to.deep.equal(['ipv4 198.51.100.3', 'domain example.com'])
      expect(fromCorpus('oasis-common-objects/incident-with-cyber-observables.json').map(o => `${o.kind} ${o.value}`)).to.deep.equal([
        'md5 695e8ac9ec11d25239acea8ec4ac903c',
        'sha256 93e8dc07b5231a83d07a866cf0a843aeb2115383bdb0b4b9696b1b43bf581437',
        'email malicious_sender.49@fakemail.com'
      ])
    })

    it('resolve_to and observable_composition: values behind resolves_to_refs and dst_ref, IN skipped', () => {
      expect(fromCorpus('oasis-stix-elevator-idioms/resolve_to.json').map(o => `${o.kind} ${o.value}`)).to.deep.equal([
        'domain microsoftb.byinter.net', 'ipv4 202.65.222.45',
        'domain www.dhcpserver.ns01.us', 'ipv4 219.90.112.203', 'ipv4 202.65.220.64'
      ])
      expect(fromCorpus('oasis-stix-elevator-idioms/observable_composition.json').map(o => `${o.kind} ${o.value}`))
        .to.deep.equal(['ipv4 46.123.99.25'])
    })

    it('pattern_id_ref_issue: once per object even when repeated across observation expressions', () => {
      const found = fromCorpus('oasis-stix-elevator-idioms/pattern_id_ref_issue.json')
      expect(found.filter(o => o.objectId.startsWith('indicator--865d068f'))
        .map(o => `${o.kind} ${o.value}`)).to.deep.equal(['ipv4 10.0.0.0', 'ipv4 20.0.0.0', 'md5 3340a281074fcb539967438e3fac326f'])
      const keys = found.map(o => `${o.objectId} ${o.kind} ${o.value}`)
      expect(new Set(keys).size).to.equal(keys.length)
    })
  })

  describe('from hand-built objects', () => {
    const id = uid('indicator')
    const CASES: Array<[string, Record<string, unknown>, Array<[string, string]>]> = [
      ['an uppercase hash in a pattern', indicator("[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']"), [['md5', 'd41d8cd98f00b204e9800998ecf8427e']]],
      ['SHA-1 and SHA-512 keys, quoted and not', indicator("[file:hashes.'SHA-1' = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709' OR file:hashes.SHA512 = '" + 'AB'.repeat(64) + "']"),
        [['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'], ['sha512', 'ab'.repeat(64)]]],
      ['a hash of the wrong length', indicator("[file:hashes.'SHA-256' = 'abcd']"), []],
      ['an SSDEEP hash (not indexed)', indicator("[file:hashes.SSDEEP = '3:a+JraNvsgzsVqSwHq9:tJuOgzsko']"), []],
      ['a domain with a trailing dot', indicator("[domain-name:value = 'Evil.Example.']"), [['domain', 'evil.example']]],
      ['a leading-zero IPv4', indicator("[ipv4-addr:value = '010.000.000.001']"), [['ipv4', '10.0.0.1']]],
      ['an uncompressed IPv6', indicator("[ipv6-addr:value = '2001:0DB8:0000:0000:0000:0000:0000:0001']"), [['ipv6', '2001:db8::1']]],
      ['an e-mail in uppercase', indicator("[email-addr:value = 'Bad@Evil.Example']"), [['email', 'bad@evil.example']]],
      ['email-message from_ref', indicator("[email-message:from_ref.value = 'bad@evil.example']"), [['email', 'bad@evil.example']]],
      ['network-traffic dst_ref to IPv6', indicator("[network-traffic:dst_ref.value = '2001:db8::0:1']"), [['ipv6', '2001:db8::1']]],
      ['network-traffic dst_ref to an e-mail (not a possible target)', indicator("[network-traffic:dst_ref.value = 'a@evil.example']"), []],
      ['x509 certificate hashes (not file hashes)', indicator("[x509-certificate:hashes.'SHA-256' = '" + 'a'.repeat(64) + "']"), []],
      ['a non-STIX pattern type', indicator("[ipv4-addr:value = '1.2.3.4']", { pattern_type: 'snort' }), []],
      ['a pattern with a NOT comparison', indicator("[ipv4-addr:value NOT = '1.2.3.4' AND ipv4-addr:value = '5.6.7.8']"), [['ipv4', '5.6.7.8']]],
      ['the same value twice', indicator("[ipv4-addr:value = '1.2.3.4'] OR [ipv4-addr:value = '001.2.3.4']"), [['ipv4', '1.2.3.4']]]
    ]
    for (const [name, object, expected] of CASES) {
      it(name, () => {
        expect(fromObjects(object)).to.deep.equal(expected.map(([kind, value]) => [kind, value, id]))
      })
    }

    it('SCOs: value, file and artifact hashes; the deprecated observed-data objects', () => {
      const observed = sample('observed-data', {
        object_refs: undefined,
        objects: { 0: { type: 'url', value: 'HTTP://EVIL.example/x' }, 1: { type: 'file', hashes: { 'SHA-256': 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' } } }
      })
      const artifact = sample('artifact', { hashes: { md5: 'D41D8CD98F00B204E9800998ECF8427E' } })
      expect(fromObjects(sample('ipv6-addr'), sample('email-addr'), sample('file'), artifact, observed)).to.deep.equal([
        ['ipv6', '2001:db8::1', uid('ipv6-addr')],
        ['email', 'a@example.com', uid('email-addr')],
        ['md5', 'd41d8cd98f00b204e9800998ecf8427e', uid('file')],
        ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', uid('file')],
        ['md5', 'd41d8cd98f00b204e9800998ecf8427e', uid('artifact')],
        ['url', 'http://evil.example/x', uid('observed-data')],
        ['domain', 'evil.example', uid('observed-data')],
        ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', uid('observed-data')]
      ])
    })

    it('skips SCO values that do not normalise', () => {
      expect(fromObjects(sample('ipv4-addr', { value: '999.1.1.1' }), sample('domain-name', { value: 'not a domain' }))).to.deep.equal([])
    })
  })
})

describe('stix - observables of URL hosts', () => {
  const url = (value: string): StixBundle => ({
    type: 'bundle',
    id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
    objects: [{ type: 'url', spec_version: '2.1', id: 'url--c1477287-23ac-5971-a010-5c287877fa60', value }]
  })

  it('indexes the host of a URL as a domain, so a domain search finds the URL', () => {
    const found = extractObservables(url('http://X4Z9ARB.cn/4712/'))
    expect(found.map(o => `${o.kind} ${o.value}`)).to.deep.equal(['url http://x4z9arb.cn/4712/', 'domain x4z9arb.cn'])
  })

  it('indexes an IPv4 or IPv6 host as an address', () => {
    expect(extractObservables(url('https://198.51.100.7:8443/a')).map(o => o.kind)).to.deep.equal(['url', 'ipv4'])
    expect(extractObservables(url('http://[2001:DB8::1]/x')).map(o => `${o.kind} ${o.value}`)).to.include('ipv6 2001:db8::1')
  })
})
