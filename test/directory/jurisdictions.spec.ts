import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect } from 'chai'
import { hasCode } from '../../src/errors.js'
import { InvalidJurisdictionsError } from '../../src/directory/errors.js'
import { buildJurisdictionGroups, countryCodes, expandTerm, isCountryCode, parseJurisdictionData, termIncludes } from '../../src/directory/jurisdictions.js'
import { loadJurisdictionData } from '../../src/directory/load-jurisdictions.js'
import type { JurisdictionData, JurisdictionExtensions } from '../../src/directory/jurisdictions.js'

const SHARED = JSON.parse(readFileSync(resolve(process.cwd(), '../shared/data/jurisdictions.json'), 'utf8')) as { groups: Record<string, string[]> }

function failure (base: JurisdictionData, extensions?: JurisdictionExtensions): InvalidJurisdictionsError {
  try {
    buildJurisdictionGroups(base, extensions)
  } catch (err) {
    expect(hasCode(err, 'DIRECTORY_INVALID_JURISDICTIONS')).to.equal(true)
    return err as InvalidJurisdictionsError
  }
  throw new Error('expected InvalidJurisdictionsError')
}

describe('directory - jurisdictions', () => {
  let base: JurisdictionData
  before(async () => {
    base = await loadJurisdictionData()
  })

  describe('ISO 3166-1 alpha-2', () => {
    it('knows the 249 officially assigned codes and no reserved ones', () => {
      expect(countryCodes().size).to.equal(249)
      for (const code of ['FR', 'DE', 'GB', 'US', 'JP', 'CH', 'SG', 'CN', 'GR', 'RE', 'AX']) {
        expect(isCountryCode(code), code).to.equal(true)
      }
      for (const code of ['EU', 'UK', 'EL', 'XK', 'fr', 'FRA', '']) {
        expect(isCountryCode(code), code).to.equal(false)
      }
    })
  })

  describe('groups from the data file', () => {
    it('EU has 27 codes, EEA 30 (EU + IS, LI, NO)', () => {
      const groups = buildJurisdictionGroups(base)
      expect(groups.get('EU')?.size).to.equal(27)
      expect(groups.get('EEA')?.size).to.equal(30)
      const eu = groups.get('EU') ?? new Set()
      expect([...groups.get('EEA') ?? []].filter(c => !eu.has(c))).to.deep.equal(['IS', 'LI', 'NO'])
      expect(eu.has('GR')).to.equal(true)
      expect(groups.get('GDPR_ADEQUATE')?.has('GB')).to.equal(true)
    })

    it('config/jurisdictions.json carries the shared facts unchanged, with their sources', () => {
      for (const [name, codes] of Object.entries(SHARED.groups)) {
        expect(base.groups[name], name).to.deep.equal(codes)
      }
      const file = JSON.parse(readFileSync(new URL('../../config/jurisdictions.json', import.meta.url), 'utf8')) as Record<string, unknown>
      expect(file.sources).to.be.an('array').that.is.not.empty
      expect(file).to.have.property('adequacy_details')
      expect(file).to.have.property('pending_or_unverified')
    })

    it('every code in every group is a known code', () => {
      for (const [name, codes] of buildJurisdictionGroups(base)) {
        for (const code of codes) {
          expect(isCountryCode(code), `${name}: ${code}`).to.equal(true)
        }
      }
    })
  })

  describe('admin extensions', () => {
    it('add a group and extend an existing one, by codes or group names', () => {
      const groups = buildJurisdictionGroups(base, { NORDICS: ['dk', 'FI', 'IS', 'NO', 'SE'], EU: ['EU_OUTERMOST_REGIONS'], FRIENDS: ['NORDICS', 'CH'] })
      expect([...groups.get('NORDICS') ?? []]).to.deep.equal(['DK', 'FI', 'IS', 'NO', 'SE'])
      expect(groups.get('EU')?.size).to.equal(33)
      expect(groups.get('EU')?.has('RE')).to.equal(true)
      expect([...groups.get('FRIENDS') ?? []]).to.deep.equal(['CH', 'DK', 'FI', 'IS', 'NO', 'SE'])
      // Extending EU leaves groups that listed codes on their own untouched.
      expect(groups.get('EEA')?.has('RE')).to.equal(false)
    })

    it('rejects a group name that is a country code', () => {
      const err = failure(base, { FR: ['FR'] })
      expect(err.group).to.equal('FR')
      expect(err.message).to.contain('FR')
    })

    it('rejects a group name that is not UPPER_SNAKE', () => {
      expect(failure(base, { nordics: ['NO'] }).group).to.equal('nordics')
      expect(failure(base, { 'NORD-ICS': ['NO'] }).group).to.equal('NORD-ICS')
      expect(failure(base, { _X: ['NO'] }).group).to.equal('_X')
    })

    it('rejects an unknown member, naming the group and the code', () => {
      const err = failure(base, { BALKANS: ['RS', 'XK'] })
      expect(err.group).to.equal('BALKANS')
      expect(err.message).to.contain('XK')
    })

    it('rejects a cycle', () => {
      expect(failure(base, { A_GROUP: ['B_GROUP'], B_GROUP: ['A_GROUP'] }).group).to.be.oneOf(['A_GROUP', 'B_GROUP'])
    })

    it('rejects a base file with a colliding group name', () => {
      expect(failure({ groups: { ...base.groups, DE: ['DE'] } }).group).to.equal('DE')
    })
  })

  describe('terms', () => {
    const groups = new Map([['EU', new Set(['FR', 'DE'])]])

    it('expandTerm: a code, a group, or undefined', () => {
      expect([...expandTerm('FR', groups) ?? []]).to.deep.equal(['FR'])
      expect([...expandTerm('EU', groups) ?? []]).to.deep.equal(['FR', 'DE'])
      expect(expandTerm('NORDICS', groups)).to.equal(undefined)
      expect(expandTerm('XK', groups)).to.equal(undefined)
    })

    it('termIncludes: true, false, or undefined for an unknown term', () => {
      expect(termIncludes('EU', 'FR', groups)).to.equal(true)
      expect(termIncludes('EU', 'US', groups)).to.equal(false)
      expect(termIncludes('US', 'US', groups)).to.equal(true)
      expect(termIncludes('NORDICS', 'NO', groups)).to.equal(undefined)
    })
  })

  describe('data file shape', () => {
    it('parseJurisdictionData names the bad group', () => {
      expect(() => parseJurisdictionData({ groups: { EU: 'FR' } })).to.throw(InvalidJurisdictionsError).with.property('group', 'EU')
      expect(() => parseJurisdictionData({ nope: 1 })).to.throw(InvalidJurisdictionsError)
      expect(() => parseJurisdictionData([])).to.throw(InvalidJurisdictionsError)
    })

    it('loadJurisdictionData reads another path, refuses a file without groups and invalid JSON', async () => {
      const shared = await loadJurisdictionData(resolve(process.cwd(), '../shared/data/jurisdictions.json'))
      expect(shared.groups.EU).to.have.length(27)
      const noGroups = await loadJurisdictionData(new URL('../../config/iso3166.json', import.meta.url)).catch((e: unknown) => e)
      expect(hasCode(noGroups, 'DIRECTORY_INVALID_JURISDICTIONS')).to.equal(true)
      const dir = await mkdtemp(join(tmpdir(), 'intelmesh-jurisdictions-'))
      try {
        await writeFile(join(dir, 'bad.json'), '{ "groups": ')
        const bad = await loadJurisdictionData(join(dir, 'bad.json')).catch((e: unknown) => e)
        expect(hasCode(bad, 'DIRECTORY_INVALID_JURISDICTIONS')).to.equal(true)
      } finally {
        await rm(dir, { recursive: true })
      }
    })
  })
})
