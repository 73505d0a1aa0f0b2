import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'chai'
import { TLP_LEVELS } from '../../src/policy/types.js'
import {
  TlpTooLooseError, TLP1_IDS, TLP2_IDS, assertPolicyCoversMarkings, parseStixBundle, strictestMarking
} from '../../src/stix/index.js'
import { SHARED_DATA, bundle, readCorpus } from './helpers.js'
import { sample, uid } from './samples.js'
import type { Tlp } from '../../src/policy/types.js'
import type { StixBundle } from '../../src/stix/index.js'

function parsed (...objects: Array<Record<string, unknown>>): StixBundle {
  return parseStixBundle(bundle(...objects))
}

const marked = (ref: string, n = 1): Record<string, unknown> => ({ ...sample('indicator'), id: uid('indicator', n), object_marking_refs: [ref] })
const granular = (ref: string, n = 1): Record<string, unknown> => ({
  ...sample('indicator'), id: uid('indicator', n), granular_markings: [{ selectors: ['description'], marking_ref: ref }]
})

describe('stix - tlp', () => {
  it('carries exactly the ids of the shared TLP data file', () => {
    const data = JSON.parse(readFileSync(join(SHARED_DATA, 'tlp-markings.json'), 'utf8'))
    expect(TLP2_IDS).to.deep.equal(data.tlp_2_0.ids)
    expect(TLP1_IDS).to.deep.equal(data.tlp_1_0_stix21_predefined.ids)
  })

  const LEVELS: Array<[string, string, Tlp]> = [
    ['TLP 2.0 CLEAR', TLP2_IDS.clear as string, 'CLEAR'],
    ['TLP 2.0 GREEN', TLP2_IDS.green as string, 'GREEN'],
    ['TLP 2.0 AMBER', TLP2_IDS.amber as string, 'AMBER'],
    ['TLP 2.0 AMBER+STRICT', TLP2_IDS['amber+strict'] as string, 'AMBER+STRICT'],
    ['TLP 2.0 RED', TLP2_IDS.red as string, 'RED'],
    ['TLP 1.0 WHITE', TLP1_IDS.white as string, 'CLEAR'],
    ['TLP 1.0 GREEN', TLP1_IDS.green as string, 'GREEN'],
    ['TLP 1.0 AMBER', TLP1_IDS.amber as string, 'AMBER'],
    ['TLP 1.0 RED', TLP1_IDS.red as string, 'RED']
  ]

  for (const [name, id, tlp] of LEVELS) {
    it(`reads ${name} as ${tlp}, on the object and granularly`, () => {
      expect(strictestMarking(parsed(sample('identity'), marked(id)))).to.deep.equal(
        { tlp, objectId: uid('indicator'), markingRef: id, field: 'object_marking_refs' })
      expect(strictestMarking(parsed(granular(id)))).to.deep.equal(
        { tlp, objectId: uid('indicator'), markingRef: id, field: 'granular_markings' })
    })
  }

  it('picks the strictest marking across objects and names the first object carrying it', () => {
    const b = parsed(marked(TLP2_IDS.green as string, 1), granular(TLP1_IDS.red as string, 2), marked(TLP2_IDS.red as string, 3), marked(TLP2_IDS.amber as string, 4))
    expect(strictestMarking(b)).to.deep.equal({ tlp: 'RED', objectId: uid('indicator', 2), markingRef: TLP1_IDS.red, field: 'granular_markings' })
  })

  it('ignores non-TLP markings and unmarked bundles', () => {
    const statement = sample('marking-definition')
    expect(strictestMarking(parsed(statement, marked(statement.id as string)))).to.equal(undefined)
    expect(strictestMarking(parsed(sample('identity')))).to.equal(undefined)
    // Defining a marking is not applying it.
    expect(strictestMarking(parseStixBundle(readCorpus('oasis-common-objects/tlp2-markings-and-extension-definition.json')))).to.equal(undefined)
  })

  it('reads the corpus: TLP 1.0 object markings and granular markings', () => {
    expect(strictestMarking(parseStixBundle(readCorpus('oasis-stix-elevator-idioms/141-TLP-marking-structures.json')))?.tlp).to.equal('RED')
    expect(strictestMarking(parseStixBundle(readCorpus('oasis-cti-documentation/using-marking-definitions.json')))).to.deep.equal({
      tlp: 'AMBER', objectId: 'indicator--33fe3b22-0201-47cf-85d0-97c02164528d', markingRef: TLP1_IDS.amber, field: 'object_marking_refs'
    })
    expect(strictestMarking(parseStixBundle(readCorpus('oasis-cti-documentation/using-granular-markings.json')))).to.deep.equal({
      tlp: 'RED', objectId: 'indicator--1ed8caa7-a708-4706-b651-f1186ede6ca1', markingRef: TLP1_IDS.red, field: 'granular_markings'
    })
  })

  describe('assertPolicyCoversMarkings', () => {
    for (const [name, id, tlp] of LEVELS) {
      for (const policy of TLP_LEVELS) {
        const loose = TLP_LEVELS.indexOf(policy) < TLP_LEVELS.indexOf(tlp)
        it(`${name} under a ${policy} policy: ${loose ? 'too loose' : 'covered'}`, () => {
          const b = parsed(sample('identity'), granular(id, 7))
          if (!loose) {
            expect(() => assertPolicyCoversMarkings(policy, b)).to.not.throw()
            return
          }
          let caught: unknown
          try { assertPolicyCoversMarkings(policy, b) } catch (err) { caught = err }
          expect(caught).to.be.instanceOf(TlpTooLooseError)
          const error = caught as TlpTooLooseError
          expect(error.code).to.equal('STIX_TLP_TOO_LOOSE')
          expect([error.objectId, error.markingRef, error.markingTlp, error.policyTlp, error.field])
            .to.deep.equal([uid('indicator', 7), id, tlp, policy, 'granular_markings'])
          expect(error.message).to.include(uid('indicator', 7)).and.include(id)
        })
      }
    }

    it('accepts any policy for an unmarked bundle', () => {
      expect(() => assertPolicyCoversMarkings('CLEAR', parsed(sample('identity')))).to.not.throw()
    })
  })
})
