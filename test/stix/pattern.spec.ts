import { expect } from 'chai'
import { findEqualityComparisons } from '../../src/stix/index.js'

/** Pattern → `type:steps=value` of each equality comparison found. */
const CASES: Array<[string, string[]]> = [
  ["[ipv4-addr:value = '198.51.100.3']", ['ipv4-addr:value=198.51.100.3']],
  ["[ ipv4-addr:value = '10.0.0.0' ]", ['ipv4-addr:value=10.0.0.0']],
  ["[ipv4-addr:value='10.0.0.0']", ['ipv4-addr:value=10.0.0.0']],
  ["[file:hashes.'SHA-256' = 'ef53']", ['file:hashes.SHA-256=ef53']],
  ["[file:hashes.MD5 = 'abc']", ['file:hashes.MD5=abc']],
  ["[url:value = 'http://x4z9arb.cn/4712/']", ['url:value=http://x4z9arb.cn/4712/']],
  ["[domain-name:value = 'a.example' OR ipv4-addr:value = '1.2.3.4']", ['domain-name:value=a.example', 'ipv4-addr:value=1.2.3.4']],
  ["[email-addr:value = 'a@b.example' AND email-addr:display_name = 'A']", ['email-addr:value=a@b.example', 'email-addr:display_name=A']],
  ["[ipv4-addr:value = '1.1.1.1'] OR [ipv6-addr:value = '::1']", ['ipv4-addr:value=1.1.1.1', 'ipv6-addr:value=::1']],
  ["([file:name = 'a'] FOLLOWEDBY [file:name = 'b']) WITHIN 300 SECONDS", ['file:name=a', 'file:name=b']],
  ["[network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS", ['network-traffic:dst_ref.value=example.com']],
  ["[domain-name:resolves_to_refs[*].value = '202.65.222.45']", ['domain-name:resolves_to_refs.[*].value=202.65.222.45']],
  ["[email-message:to_refs[0].value = 'x@y.example']", ['email-message:to_refs.[*].value=x@y.example']],
  ["[file:name = 'it\\'s \\\\here']", ["file:name=it's \\here"]],
  ["[file:name = 'a'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'", ['file:name=a']],
  // not equality, or negated: skipped
  ["[ipv4-addr:value != '1.2.3.4']", []],
  ["[ipv4-addr:value NOT = '1.2.3.4']", []],
  ["[ipv4-addr:value <> '1.2.3.4']", []],
  ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", []],
  ["[email-message:subject MATCHES '^[IMPORTANT] Please']", []],
  ["[file:name LIKE 'a%']", []],
  ["[network-traffic:src_ref.value IN ('10.0.0.0', '10.0.0.1')]", []],
  ["[network-traffic:dst_port = 80]", []],
  ["[network-traffic:extensions.'icmp-ext'.icmp_type_hex = h'08']", []],
  ["[user-account:is_disabled = true]", []],
  ["[file:size > 100 AND file:name = 'x']", ['file:name=x']],
  // unparseable: nothing at all
  ["[ipv4-addr:value = '1.2.3.4'", []],
  ["ipv4-addr:value = '1.2.3.4']", []],
  ["[ipv4-addr:value = '1.2.3.4]", []],
  ["[file:name = 'bad \\escape']", []],
  ["[ipv4-addr:value = '1.2.3.4'] ; DROP", []],
  ['[' + '('.repeat(100) + "ipv4-addr:value = '1.2.3.4'" + ')'.repeat(100) + ']', []]
]

function render (pattern: string): string[] {
  return findEqualityComparisons(pattern).map(c => `${c.objectType}:${c.steps.join('.')}=${c.value}`)
}

describe('stix - pattern', () => {
  for (const [pattern, expected] of CASES) {
    it(`${pattern.length > 70 ? pattern.slice(0, 67) + '...' : pattern} → ${expected.length} comparison(s)`, () => {
      expect(render(pattern)).to.deep.equal(expected)
    })
  }

  it('scans hostile patterns in linear time', () => {
    const inputs = [
      '[' + "file:name = 'a' AND ".repeat(20_000) + "file:name = 'b']",
      "[file:name = '" + '\\\\'.repeat(100_000) + "']",
      '[' + 'a.'.repeat(100_000),
      "[x:y = '" + "'".repeat(50_000)
    ]
    for (const input of inputs) {
      const started = performance.now()
      findEqualityComparisons(input)
      expect(performance.now() - started, input.slice(0, 20)).to.be.below(500)
    }
    expect(render(inputs[0] as string)).to.have.length(20_001)
  })
})
