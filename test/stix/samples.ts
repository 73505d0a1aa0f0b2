/** Valid minimal objects of every type the validator knows, for table-driven tests. */

/** A valid identifier of `type`, numbered (UUID v4 layout). */
export function uid (type: string, n = 1): string {
  return `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
}

const T0 = '2020-01-01T00:00:00.000Z'
const T1 = '2020-06-01T00:00:00.000Z'

function core (type: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { type, spec_version: '2.1', id: uid(type), created: T0, modified: T0, ...extra }
}

/** One valid object per type: SDOs, SROs, meta objects and the SCOs with rules. */
export const SAMPLES: Readonly<Record<string, Record<string, unknown>>> = {
  'attack-pattern': core('attack-pattern', { name: 'Spear phishing' }),
  campaign: core('campaign', { name: 'Green Group', first_seen: T0, last_seen: T1 }),
  'course-of-action': core('course-of-action', { name: 'Block' }),
  grouping: core('grouping', { context: 'suspicious-activity', object_refs: [uid('indicator')] }),
  identity: core('identity', { name: 'ACME CERT', identity_class: 'organization' }),
  incident: core('incident', { name: 'Breach' }),
  indicator: core('indicator', { pattern: "[ipv4-addr:value = '198.51.100.3']", pattern_type: 'stix', valid_from: T0, valid_until: T1 }),
  infrastructure: core('infrastructure', { name: 'C2 server' }),
  'intrusion-set': core('intrusion-set', { name: 'APT-X' }),
  location: core('location', { region: 'europe' }),
  malware: core('malware', { is_family: true, name: 'Poison Ivy' }),
  'malware-analysis': core('malware-analysis', { product: 'sandbox', result: 'malicious' }),
  note: core('note', { content: 'Seen twice', object_refs: [uid('indicator')] }),
  'observed-data': core('observed-data', { first_observed: T0, last_observed: T1, number_observed: 1, object_refs: [uid('ipv4-addr')] }),
  opinion: core('opinion', { opinion: 'agree', object_refs: [uid('indicator')] }),
  report: core('report', { name: 'Q1', published: T1, object_refs: [uid('indicator')] }),
  'threat-actor': core('threat-actor', { name: 'Evil Corp' }),
  tool: core('tool', { name: 'nmap' }),
  vulnerability: core('vulnerability', { name: 'CVE-2021-44228', external_references: [{ source_name: 'cve', external_id: 'CVE-2021-44228' }] }),
  relationship: core('relationship', { relationship_type: 'indicates', source_ref: uid('indicator'), target_ref: uid('malware') }),
  sighting: core('sighting', { sighting_of_ref: uid('indicator'), where_sighted_refs: [uid('identity')], observed_data_refs: [uid('observed-data')], count: 3 }),
  'marking-definition': {
    type: 'marking-definition', spec_version: '2.1', id: uid('marking-definition'), created: T0,
    definition_type: 'statement', definition: { statement: 'Copyright ACME' }
  },
  'extension-definition': core('extension-definition', {
    name: 'x', schema: 'https://example.com/schema', version: '1.0.0', extension_types: ['property-extension'], created_by_ref: uid('identity')
  }),
  'language-content': core('language-content', { object_ref: uid('campaign'), object_modified: T0, contents: { de: { name: 'Grüne Gruppe' } } }),
  'ipv4-addr': { type: 'ipv4-addr', id: uid('ipv4-addr'), value: '198.51.100.3' },
  'ipv6-addr': { type: 'ipv6-addr', spec_version: '2.1', id: uid('ipv6-addr'), value: '2001:db8::1' },
  'domain-name': { type: 'domain-name', id: uid('domain-name'), value: 'example.com', resolves_to_refs: [uid('ipv4-addr')] },
  url: { type: 'url', id: uid('url'), value: 'https://example.com/a' },
  'email-addr': { type: 'email-addr', id: uid('email-addr'), value: 'a@example.com' },
  file: { type: 'file', id: uid('file'), name: 'a.exe', hashes: { MD5: 'd41d8cd98f00b204e9800998ecf8427e', 'SHA-256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } },
  artifact: { type: 'artifact', id: uid('artifact'), payload_bin: 'aGVsbG8=' },
  'network-traffic': {
    type: 'network-traffic', id: uid('network-traffic'), protocols: ['tcp'], dst_ref: uid('ipv4-addr'), dst_port: 443,
    extensions: { 'http-request-ext': { request_method: 'get', request_value: '/', request_header: { Host: ['example.com'] } } }
  },
  'email-message': { type: 'email-message', id: uid('email-message'), is_multipart: false, body: 'hi' },
  process: { type: 'process', id: uid('process'), pid: 42 },
  'x-acme-widget': core('x-acme-widget', { x_size: 3 }),
  'x-acme-observable': { type: 'x-acme-observable', id: uid('x-acme-observable'), x_value: 'v' }
}

/** A copy of the sample of `type` with `changes` applied (`undefined` deletes). */
export function sample (type: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const base = SAMPLES[type]
  if (base === undefined) throw new Error(`no sample for ${type}`)
  const copy: Record<string, unknown> = structuredClone(base)
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete copy[key]
    else copy[key] = value
  }
  return copy
}
