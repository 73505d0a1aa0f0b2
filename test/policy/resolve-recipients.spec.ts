import { expect } from 'chai'
import { Directory } from '../../src/directory/directory.js'
import { resolveRecipients, UNKNOWN_MEMBER_NAME } from '../../src/policy/resolve-recipients.js'
import { validatePolicy } from '../../src/policy/validate.js'
import { aliasOf, CAST, GROUPS, keysOf } from './fixtures.js'
import { JURISDICTION_CASES } from './recipient-cases-jurisdiction.js'
import { NAMED_CASES } from './recipient-cases-named.js'
import type { Policy } from '../../src/policy/types.js'
import type { Case } from './recipient-case.js'

const CASES: Case[] = [...JURISDICTION_CASES, ...NAMED_CASES]

function policyOf (c: Case): Policy {
  const input = { ...c.policy, ...(c.policy.members != null ? { members: c.policy.members.map(a => CAST[a].key) } : {}) }
  if (c.raw === true) {
    // As decoded from another node's envelope: complete, but never checked against this node's groups.
    const defaults: Policy = { tlp: 'CLEAR', allow: [], deny: [], groups: [], members: [], authorities: false, personalData: false }
    return Object.assign(defaults, input)
  }
  return validatePolicy(input, c.groups ?? GROUPS)
}

describe('policy - resolveRecipients (table)', () => {
  it('has at least 60 cases', () => {
    expect(CASES.length).to.be.at.least(60)
  })

  for (const c of CASES) {
    it(c.title, () => {
      const result = resolveRecipients(policyOf(c), c.dir.map(a => CAST[a]), CAST.O.key, c.groups ?? GROUPS)
      expect(result.recipients.map(aliasOf), 'recipients').to.deep.equal(keysOf(c.recipients).map(aliasOf))
      const excluded = Object.fromEntries(result.excluded.map(e => [aliasOf(e.key), e.reason]))
      expect(excluded, 'excluded reasons').to.deep.equal(c.excluded)
      for (const e of result.excluded) {
        const alias = aliasOf(e.key)
        expect(e.name).to.equal(c.dir.includes(alias) ? CAST[alias].name : UNKNOWN_MEMBER_NAME)
      }
      // Every member of the directory (and every missing named key) is explained exactly once.
      const explained = result.explanations.map(e => e.key)
      expect(explained).to.deep.equal([...explained].sort())
      expect(new Set(explained).size).to.equal(explained.length)
      expect(result.explanations.filter(e => e.ok).map(e => e.key)).to.deep.equal(result.recipients)
      for (const e of result.explanations) {
        expect(e.reason.startsWith(e.ok ? 'included: ' : 'excluded: '), e.reason).to.equal(true)
      }
    })
  }
})

describe('policy - resolveRecipients (inputs)', () => {
  it('gives the same result for a Directory and for its list', () => {
    const directory = new Directory({}, { self: CAST.O, members: [CAST.FR, CAST.US, CAST.NLP, CAST.ITS] })
    const policy = validatePolicy({ tlp: 'AMBER', allow: ['EU'] }, GROUPS)
    const fromView = resolveRecipients(policy, directory, CAST.O.key, GROUPS)
    expect(fromView).to.deep.equal(resolveRecipients(policy, [...directory.list()].reverse(), CAST.O.key, GROUPS))
    expect(fromView.recipients.map(aliasOf)).to.deep.equal(keysOf(['O', 'FR']).map(aliasOf))
  })

  it('fails closed when a plain list holds one key twice', () => {
    const policy = validatePolicy({ tlp: 'GREEN' }, GROUPS)
    const twice = [CAST.FR, { ...CAST.FR, status: 'suspended' as const }]
    for (const list of [twice, [...twice].reverse()]) {
      const result = resolveRecipients(policy, list, CAST.O.key, GROUPS)
      expect(result.recipients).to.deep.equal([CAST.O.key])
      expect(result.excluded).to.deep.equal([{ key: CAST.FR.key, name: 'FR Bank', reason: 'excluded: member is suspended' }])
    }
  })

  it('explains an origin that is not in the directory', () => {
    const result = resolveRecipients(validatePolicy({ tlp: 'GREEN' }, GROUPS), [CAST.FR], CAST.O.key, GROUPS)
    expect(result.explanations.find(e => e.key === CAST.O.key)).to.deep.equal({ key: CAST.O.key, name: '(origin, not in directory)', ok: true, reason: 'included: origin of the bundle' })
  })
})
