import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { parseMispEvent, stixToMisp } from '../../src/misp/index.js'
import { parseStixBundle, TLP2_IDS } from '../../src/stix/index.js'
import { SHARED_DATA } from '../api/test-node.js'
import type { StixBundle } from '../../src/stix/index.js'

const T = '2026-11-01T00:00:00.000Z'
const U = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

async function corpusFiles (dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...await corpusFiles(path))
    else if (entry.name.endsWith('.json')) out.push(path)
  }
  return out
}

describe('misp - STIX → MISP for bundles MISP did not make', () => {
  const external: StixBundle = {
    type: 'bundle',
    id: `bundle--${U(1)}`,
    objects: [
      { type: 'indicator', spec_version: '2.1', id: `indicator--${U(2)}`, created: T, modified: T, name: 'C2', pattern: "[ipv4-addr:value = '198.51.100.3'] OR [domain-name:value = 'evil.example']", pattern_type: 'stix', valid_from: T, object_marking_refs: [TLP2_IDS.amber as string] },
      { type: 'indicator', spec_version: '2.1', id: `indicator--${U(3)}`, created: T, modified: T, pattern: "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' AND file:name = 'x.exe']", pattern_type: 'stix', valid_from: T },
      { type: 'indicator', spec_version: '2.1', id: `indicator--${U(4)}`, created: T, modified: T, pattern: "[process:name MATCHES '^evil']", pattern_type: 'stix', valid_from: T },
      { type: 'indicator', spec_version: '2.1', id: `indicator--${U(5)}`, created: T, modified: T, pattern: 'alert tcp any any -> any 80', pattern_type: 'snort', valid_from: T },
      { type: 'observed-data', spec_version: '2.1', id: `observed-data--${U(6)}`, created: T, modified: T, first_observed: T, last_observed: T, number_observed: 3, object_refs: [`file--${U(7)}`, `url--${U(8)}`] },
      { type: 'file', spec_version: '2.1', id: `file--${U(7)}`, name: 'y.dll', hashes: { MD5: 'd41d8cd98f00b204e9800998ecf8427e', 'SHA-256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } },
      { type: 'url', spec_version: '2.1', id: `url--${U(8)}`, value: 'http://evil.example/a' },
      { type: 'intrusion-set', spec_version: '2.1', id: `intrusion-set--${U(9)}`, created: T, modified: T, name: 'APT X', aliases: ['X Panda'] },
      { type: 'relationship', spec_version: '2.1', id: `relationship--${U(10)}`, created: T, modified: T, relationship_type: 'indicates', source_ref: `indicator--${U(2)}`, target_ref: `intrusion-set--${U(9)}` },
      { type: 'location', spec_version: '2.1', id: `location--${U(11)}`, created: T, modified: T, country: 'DK' },
      { type: 'vulnerability', spec_version: '2.1', id: `vulnerability--${U(12)}`, created: T, modified: T, name: 'CVE-2026-1' }
    ]
  }

  it('turns indicators, observables and SDOs into attributes and galaxies, and lists what it cannot', () => {
    parseStixBundle(JSON.stringify(external))
    const { event, unmapped } = stixToMisp(external)
    const parsed = parseMispEvent(event)
    expect(parsed.info).to.equal(`STIX bundle bundle--${U(1)}`)
    const attributes = parsed.Attribute.map(a => `${a.type}=${a.value}/${String(a.to_ids)}`)
    expect(attributes).to.deep.equal([
      'ip-dst=198.51.100.3/true', 'domain=evil.example/true',
      'filename|sha256=x.exe|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/true',
      "stix2-pattern=[process:name MATCHES '^evil']/true",
      'snort=alert tcp any any -> any 80/true',
      'filename=y.dll/false', 'md5=d41d8cd98f00b204e9800998ecf8427e/false', 'sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/false',
      'url=http://evil.example/a/false',
      'vulnerability=CVE-2026-1/false'
    ])
    expect(parsed.Attribute[0]?.uuid).to.equal(U(2))
    expect(parsed.Attribute[0]?.Tag.map(t => t.name)).to.include('tlp:amber')
    expect(parsed.Attribute[0]?.Galaxy[0]?.GalaxyCluster[0]).to.deep.include({ uuid: U(9), value: 'APT X', meta: { synonyms: ['X Panda'] } })
    expect(new Set(parsed.Attribute.map(a => a.uuid)).size).to.equal(parsed.Attribute.length)
    expect(unmapped).to.deep.equal([{ type: 'location', count: 1, uuids: [`location--${U(11)}`] }])
  })

  it('exports every bundle of the shared STIX corpus without throwing, as events MISP-format parsers accept', async function () {
    this.timeout(30_000)
    const files = await corpusFiles(join(SHARED_DATA, 'stix-corpus'))
    let exported = 0
    for (const file of files) {
      let bundle: StixBundle
      try {
        bundle = parseStixBundle(await readFile(file, 'utf8'))
      } catch {
        continue
      }
      const { event, unmapped } = stixToMisp(bundle)
      const attributes = (event.Event.Attribute as unknown[]).length + (event.Event.Object as unknown[]).length + (event.Event.Galaxy as unknown[]).length
      const accounted = attributes + unmapped.reduce((n, u) => n + u.count, 0)
      // Markings, identities and extension definitions describe the bundle; they are not content.
      const content = bundle.objects.some(o => !['marking-definition', 'identity', 'extension-definition', 'language-content'].includes(o.type))
      if (content) expect(accounted, `${file}: nothing exported nor reported`).to.be.greaterThan(0)
      if (attributes > 0) {
        expect(() => parseMispEvent(event), file).to.not.throw()
        exported++
      }
    }
    expect(exported).to.be.greaterThan(20)
  })
})
