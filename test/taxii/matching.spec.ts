import { expect } from 'chai'
import { policyMatchesPreset, presetPolicy } from '../../src/taxii/matching.js'
import type { CollectionPreset } from '../../src/config/types.js'
import type { Policy } from '../../src/policy/types.js'

const base: Policy = { tlp: 'AMBER', allow: ['EU'], deny: [], groups: [], members: [], authorities: false, personalData: false }
const preset: CollectionPreset = { id: '5b0c6d36-7b8f-4d3a-9a51-9c1f3f3e0a02', title: 'EU AMBER', policy: { tlp: 'AMBER', allow: ['EU'] } }

describe('taxii - matching', () => {
  it('fills the fields a preset leaves out with empty lists and false', () => {
    expect(presetPolicy(preset)).to.deep.equal(base)
  })

  it('matches a policy equal to the preset, lists compared as sets', () => {
    expect(policyMatchesPreset(base, preset)).to.equal(true)
    expect(policyMatchesPreset({ ...base, allow: ['eu'] }, preset)).to.equal(true)
    const two: CollectionPreset = { ...preset, policy: { tlp: 'AMBER', allow: ['DK', 'NL'], groups: ['Fin-CERT'] } }
    expect(policyMatchesPreset({ ...base, allow: ['NL', 'DK'], groups: ['fin-cert'] }, two)).to.equal(true)
  })

  it('does not match when any field differs', () => {
    const differing: Array<Partial<Policy>> = [
      { tlp: 'GREEN' }, { allow: [] }, { allow: ['EU', 'NO'] }, { deny: ['FR'] }, { groups: ['x'] },
      { members: ['12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp'] }, { authorities: true }, { personalData: true }
    ]
    for (const change of differing) {
      expect(policyMatchesPreset({ ...base, ...change }, preset), JSON.stringify(change)).to.equal(false)
    }
  })
})
