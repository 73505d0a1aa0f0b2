import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { validatePolicy } from '../../src/policy/index.js'
import { CHAOS_MEMBERS, asMember, chaosGroups, expectedRecipients, mayHold, missingCopies } from '../../scripts/lib/chaos-plan.js'
import type { Holding } from '../../scripts/lib/node-commands.js'
import type { JurisdictionGroups } from '../../src/directory/types.js'

/** The chaos verdict can fail: its oracle spots a leak, a missing copy and a suspended recipient. */
describe('chaos - the oracle', () => {
  let groups: JurisdictionGroups
  const keys = CHAOS_MEMBERS.map(() => NodeIdentity.generate().memberKey)
  const member = (label: string, status: 'active' | 'suspended' = 'active') => {
    const i = CHAOS_MEMBERS.findIndex(m => m.label === label)
    return asMember(CHAOS_MEMBERS[i]!, keys[i]!, status)
  }

  before(async () => { groups = await chaosGroups() })

  it('lists exactly the eligible members, and none suspended in the origin\'s view', () => {
    const policy = validatePolicy({ tlp: 'AMBER', allow: ['EU'] }, groups)
    const all = CHAOS_MEMBERS.map(m => member(m.label))
    expect(expectedRecipients(policy, member('dk').key, all, groups)).to.deep.equal([member('dk'), member('nl'), member('fr')].map(m => m.key).sort())
    const cut = all.map(m => m.key === member('nl').key ? member('nl', 'suspended') : m)
    expect(expectedRecipients(policy, member('dk').key, cut, groups)).to.not.include(member('nl').key)
  })

  it('calls a leak a leak: not listed, or listed but not eligible', () => {
    const policy = validatePolicy({ tlp: 'GREEN' }, groups)
    const bundle = { origin: member('dk').key, recipients: [member('dk').key, member('nl-authority').key], policy }
    expect(mayHold(bundle, member('sg'), groups), 'not listed').to.equal(false)
    expect(mayHold(bundle, member('nl-authority'), groups), 'listed, but GREEN without authorities').to.equal(false)
    expect(mayHold(bundle, member('dk'), groups), 'the origin').to.equal(true)
  })

  it('finds acknowledged and unacknowledged bundles missing at a recipient', () => {
    const policy = validatePolicy({ tlp: 'GREEN' }, groups)
    const held = (id: string, recipients: string[]): Holding => ({ id, origin: keys[0]!, kind: 'INTEL', recipients, policy })
    const holdings = new Map<string, Holding[]>([[keys[0]!, [held('a', [keys[0]!, keys[1]!]), held('b', [keys[0]!, keys[2]!])]], [keys[1]!, [held('a', [keys[0]!, keys[1]!])]], [keys[2]!, []]])
    expect(missingCopies([{ id: 'a', origin: keys[0]!, recipients: [keys[0]!, keys[1]!], policy }, { id: 'c', origin: keys[0]!, recipients: [keys[0]!], policy }], holdings)).to.deep.equal([
      { id: 'c', member: keys[0]!, acknowledged: true },
      { id: 'b', member: keys[2]!, acknowledged: false }
    ])
  })
})
