import { expect } from 'chai'
import { hasCode } from '../../src/errors.js'
import { MAX_POLICY_TERMS } from '../../src/policy/constants.js'
import { InvalidPolicyError } from '../../src/policy/errors.js'
import { validatePolicy } from '../../src/policy/validate.js'
import { CAST, GROUPS } from './fixtures.js'

function fieldOf (input: unknown, groups = GROUPS): string {
  try {
    validatePolicy(input, groups)
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidPolicyError)
    expect(hasCode(err, 'POLICY_INVALID')).to.equal(true)
    return (err as InvalidPolicyError).field
  }
  throw new Error('expected InvalidPolicyError')
}

describe('policy - validatePolicy', () => {
  it('fills the defaults', () => {
    expect(validatePolicy({ tlp: 'GREEN' }, GROUPS)).to.deep.equal({
      tlp: 'GREEN', allow: [], deny: [], groups: [], members: [], authorities: false, personalData: false
    })
  })

  it('normalises case, spelling, order and duplicates', () => {
    const policy = validatePolicy({
      tlp: 'tlp:amber_strict',
      allow: ['eu', 'JP', 'EU', ' ch '],
      deny: ['fr', 'FR'],
      groups: ['Finance', 'energy', 'finance'],
      members: [CAST.JP.key, CAST.FR.key, CAST.JP.key],
      authorities: true,
      personalData: true
    }, GROUPS)
    expect(policy).to.deep.equal({
      tlp: 'AMBER+STRICT',
      allow: ['CH', 'EU', 'JP'],
      deny: ['FR'],
      groups: ['energy', 'finance'],
      members: [CAST.FR.key, CAST.JP.key].sort(),
      authorities: true,
      personalData: true
    })
  })

  it('is idempotent', () => {
    const once = validatePolicy({ tlp: 'RED', members: [CAST.FR.key], allow: ['gdpr_adequate'] }, GROUPS)
    expect(validatePolicy(once, GROUPS)).to.deep.equal(once)
  })

  it('names the field of every error', () => {
    const table: Array<[unknown, string]> = [
      [null, '(policy)'],
      [[], '(policy)'],
      [{ tlp: 'WHITE' }, 'tlp'],
      [{}, 'tlp'],
      [{ tlp: 'GREEN', colour: 'red' }, 'colour'],
      [{ tlp: 'GREEN', allow: ['EU', 'XX'] }, 'allow[1]'],
      [{ tlp: 'GREEN', allow: ['UK'] }, 'allow[0]'],
      [{ tlp: 'GREEN', allow: 'EU' }, 'allow'],
      [{ tlp: 'GREEN', deny: ['NORDICS'] }, 'deny[0]'],
      [{ tlp: 'GREEN', deny: [7] }, 'deny[0]'],
      [{ tlp: 'GREEN', groups: ['bad group!'] }, 'groups[0]'],
      [{ tlp: 'GREEN', members: ['not-a-key'] }, 'members[0]'],
      [{ tlp: 'GREEN', members: [CAST.FR.key, 'QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N'] }, 'members[1]'],
      [{ tlp: 'RED' }, 'members'],
      [{ tlp: 'RED', members: [] }, 'members'],
      [{ tlp: 'AMBER+STRICT' }, 'members'],
      [{ tlp: 'GREEN', authorities: 'yes' }, 'authorities'],
      [{ tlp: 'GREEN', personalData: 1 }, 'personalData'],
      [{ tlp: 'GREEN', allow: Array.from({ length: MAX_POLICY_TERMS + 1 }, () => 'FR') }, 'allow']
    ]
    for (const [input, field] of table) {
      expect(fieldOf(input), JSON.stringify(input)).to.equal(field)
    }
  })

  it('refuses personal data when this node lacks the GDPR groups', () => {
    const groups = new Map([...GROUPS].filter(([name]) => name !== 'EEA'))
    expect(fieldOf({ tlp: 'GREEN', personalData: true }, groups)).to.equal('personalData')
  })

  it('accepts admin-added groups as terms', () => {
    const groups = new Map([...GROUPS, ['NORDICS', new Set(['NO', 'SE'])]])
    expect(validatePolicy({ tlp: 'GREEN', allow: ['nordics'] }, groups).allow).to.deep.equal(['NORDICS'])
  })
})
