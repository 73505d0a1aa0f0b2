import { expect } from 'chai'
import { eligible } from '../../src/policy/eligible.js'
import { validatePolicy } from '../../src/policy/validate.js'
import { CAST, GROUPS } from './fixtures.js'
import type { Member } from '../../src/directory/types.js'

const ctx = { origin: CAST.O.key, groups: GROUPS }

function decide (input: Record<string, unknown>, member: Member): { ok: boolean; reason: string } {
  return eligible(validatePolicy(input, GROUPS), member, ctx)
}

describe('policy - eligible', () => {
  describe('the origin', () => {
    it('is always eligible, even when every rule would exclude it', () => {
      const origin: Member = { ...CAST.O, roles: ['authority'], status: 'suspended' }
      const policy = validatePolicy({ tlp: 'RED', members: [CAST.FR.key], deny: ['DE'], groups: ['health'], personalData: true }, GROUPS)
      expect(eligible(policy, origin, ctx)).to.deep.equal({ ok: true, reason: 'included: origin of the bundle' })
    })

    it('is judged like anyone else when it is not the origin of this bundle', () => {
      const policy = validatePolicy({ tlp: 'GREEN', deny: ['DE'] }, GROUPS)
      expect(eligible(policy, CAST.O, { origin: CAST.FR.key, groups: GROUPS }).ok).to.equal(false)
    })
  })

  describe('positive reasons explain what was checked', () => {
    it('no restriction', () => {
      expect(decide({ tlp: 'CLEAR' }, CAST.CN)).to.deep.equal({ ok: true, reason: 'included: TLP:CLEAR, no rule of the policy excludes this member' })
    })

    it('allow and deny', () => {
      expect(decide({ tlp: 'AMBER', allow: ['EEA', 'EU'], deny: ['US'] }, CAST.FR).reason)
        .to.equal('included: FR is not denied (deny: US); FR is in EEA, EU (policy allow)')
    })

    it('personal data', () => {
      expect(decide({ tlp: 'GREEN', personalData: true }, CAST.JP).reason).to.equal('included: JP may receive personal data (GDPR_ADEQUATE)')
      expect(decide({ tlp: 'GREEN', personalData: true }, CAST.NO).reason).to.equal('included: NO may receive personal data (EEA)')
    })

    it('authorities, naming and sharing groups', () => {
      expect(decide({ tlp: 'RED', members: [CAST.NLP.key], authorities: true, groups: ['energy', 'health'] }, CAST.NLP).reason)
        .to.equal('included: public authorities are allowed; named by the policy; in sharing group energy')
    })
  })

  it('does not lift the named-members rule for a RED policy that was never validated', () => {
    const raw = { tlp: 'RED' as const, allow: [], deny: [], groups: [], members: [], authorities: true, personalData: false }
    expect(eligible(raw, CAST.FR, ctx)).to.deep.equal({ ok: false, reason: 'excluded: TLP:RED goes only to named members and FR Bank is not named' })
  })

  it('on receive: a node checks itself by its own view (origin elsewhere)', () => {
    const policy = validatePolicy({ tlp: 'AMBER', allow: ['EU'], personalData: true }, GROUPS)
    const self = CAST.JP
    expect(eligible(policy, self, { origin: CAST.FR.key, groups: GROUPS })).to.deep.equal({ ok: false, reason: 'excluded: JP is not in EU (policy allow)' })
  })

  it('is pure: the same inputs give the same decision and inputs are not changed', () => {
    const policy = validatePolicy({ tlp: 'AMBER', allow: ['EU'], groups: ['finance'] }, GROUPS)
    const copy = structuredClone(policy)
    const first = eligible(policy, CAST.FR, ctx)
    expect(eligible(policy, CAST.FR, ctx)).to.deep.equal(first)
    expect(policy).to.deep.equal(copy)
  })
})
