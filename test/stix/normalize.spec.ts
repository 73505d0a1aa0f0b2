import { expect } from 'chai'
import { normalizeAs, normalizeObservable } from '../../src/stix/index.js'
import type { ObservableKind } from '../../src/stix/index.js'

type Row = [string, ObservableKind, string]

/** Search input → detected kind and canonical value. */
const DETECTED: Row[] = [
  // IPv4: dotted decimal without leading zeros; /32 is one address; other prefixes are networks
  ['198.51.100.3', 'ipv4', '198.51.100.3'],
  [' 198.51.100.3 ', 'ipv4', '198.51.100.3'],
  ['010.001.000.099', 'ipv4', '10.1.0.99'],
  ['198.51.100.3/32', 'ipv4', '198.51.100.3'],
  ['223.166.0.0/15', 'ipv4', '223.166.0.0/15'],
  ['10.1.2.3/8', 'ipv4', '10.0.0.0/8'],
  ['0.0.0.0/0', 'ipv4', '0.0.0.0/0'],
  // IPv6: RFC 5952
  ['2001:DB8::1', 'ipv6', '2001:db8::1'],
  ['2001:0db8:0000:0000:0000:0000:0000:0001', 'ipv6', '2001:db8::1'],
  ['2001:db8:0:0:1:0:0:1', 'ipv6', '2001:db8::1:0:0:1'],
  ['2001:db8:0:1:1:1:1:1', 'ipv6', '2001:db8:0:1:1:1:1:1'],
  ['2001:0:0:1:0:0:0:1', 'ipv6', '2001:0:0:1::1'],
  ['0:0:0:0:0:0:0:0', 'ipv6', '::'],
  ['::1', 'ipv6', '::1'],
  ['fe80::', 'ipv6', 'fe80::'],
  ['::ffff:198.51.100.3', 'ipv6', '::ffff:198.51.100.3'],
  ['::FFFF:c633:6403', 'ipv6', '::ffff:198.51.100.3'],
  ['64:ff9b::192.0.2.33', 'ipv6', '64:ff9b::c000:221'],
  ['2001:db8::1/128', 'ipv6', '2001:db8::1'],
  ['2001:db8:abcd:12ff::1/48', 'ipv6', '2001:db8:abcd::/48'],
  // domains: lowercase, no trailing dot, IDNA A-labels
  ['Example.COM.', 'domain', 'example.com'],
  ['www.webserver.dynssl.com', 'domain', 'www.webserver.dynssl.com'],
  ['_dmarc.example.com', 'domain', '_dmarc.example.com'],
  ['Bücher.example', 'domain', 'xn--bcher-kva.example'],
  // URLs: scheme and host lowercased, the rest kept
  ['HTTP://Example.COM/Path?Q=A#F', 'url', 'http://example.com/Path?Q=A#F'],
  ['http://x4z9arb.cn/4712/', 'url', 'http://x4z9arb.cn/4712/'],
  ['https://paypa1.banking.com', 'url', 'https://paypa1.banking.com/'],
  ['https://example.com:443/a', 'url', 'https://example.com/a'],
  ['http://example.com:8080/a', 'url', 'http://example.com:8080/a'],
  ['http://User:Pw@Example.com./a', 'url', 'http://User:Pw@example.com/a'],
  ['http://[2001:DB8:0::1]:8080/x', 'url', 'http://[2001:db8::1]:8080/x'],
  ['http://010.0.0.1/x', 'url', 'http://10.0.0.1/x'],
  ['https://example.com?q=1', 'url', 'https://example.com/?q=1'],
  ['ftp://files.example.com/pub', 'url', 'ftp://files.example.com/pub'],
  // e-mail
  ['Fred@ABC.com', 'email', 'fred@abc.com'],
  ['malicious_sender.49@fakemail.com', 'email', 'malicious_sender.49@fakemail.com'],
  // hashes: lowercase hex, kind by length
  ['D41D8CD98F00B204E9800998ECF8427E', 'md5', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', 'sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', 'sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E'.toLowerCase(), 'sha512', 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e']
]

/** Inputs that are none of the kinds (or malformed as the kind they look like). */
const REJECTED = [
  '', '   ', 'domain autuo.xicp.net', 'localhost', 'foo', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1.2.3.4/33', '1.2.3.0x1',
  '1.2.3.04444', '2001:db8::1::2', '2001:db8:1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8::', 'fe80::1%eth0', '2001:db8::g',
  '::ffff:1.2.3.4.5', '2001:db8::/129', 'exa mple.com', '-bad.example.com', 'example.123', 'http//example.com',
  'http://', 'http://exa mple.com/', 'http://ex%41mple.com/', '1http://example.com/', '@example.com', 'fred@', 'fred@localhost',
  'x'.repeat(9000) + '.com', 'abcdef0123456789abcdef012345678g'
]

describe('stix - normalize', () => {
  for (const [raw, kind, value] of DETECTED) {
    it(`normalises ${JSON.stringify(raw.length > 50 ? raw.slice(0, 47) + '...' : raw)} to ${kind} ${value.length > 50 ? value.slice(0, 47) + '...' : value}`, () => {
      expect(normalizeObservable(raw)).to.deep.equal({ kind, value })
      // Normalising twice changes nothing.
      expect(normalizeAs(kind, value)).to.equal(value)
    })
  }

  for (const raw of REJECTED) {
    it(`refuses ${JSON.stringify(raw.length > 40 ? raw.slice(0, 37) + '...' : raw)}`, () => {
      expect(normalizeObservable(raw)).to.equal(undefined)
    })
  }

  it('checks the length of a hash against its stated kind', () => {
    expect(normalizeAs('sha256', 'D41D8CD98F00B204E9800998ECF8427E')).to.equal(undefined)
    expect(normalizeAs('md5', 'D41D8CD98F00B204E9800998ECF8427E')).to.equal('d41d8cd98f00b204e9800998ecf8427e')
    expect(normalizeAs('domain', '198.51.100.3')).to.equal(undefined)
  })

  it('keeps the IPv4-mapped dotted form and compresses the first of equal zero runs', () => {
    expect(normalizeAs('ipv6', '1:0:0:2:0:0:3:4')).to.equal('1::2:0:0:3:4')
    expect(normalizeAs('ipv6', '0:0:0:0:0:ffff:c000:0201')).to.equal('::ffff:192.0.2.1')
  })
})
