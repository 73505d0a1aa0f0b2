import { expect } from 'chai'
import fc from 'fast-check'
import { expandTerm } from '../../src/directory/jurisdictions.js'
import { eligible } from '../../src/policy/eligible.js'
import { mayRelay, maySend } from '../../src/policy/may-relay.js'
import { resolveRecipients } from '../../src/policy/resolve-recipients.js'
import { tlpRequiresNamedMembers } from '../../src/policy/tlp.js'
import { TLP_LEVELS } from '../../src/policy/types.js'
import { GROUPS, keyOf } from './fixtures.js'
import type { Member, Role } from '../../src/directory/types.js'
import type { Policy } from '../../src/policy/types.js'

const RUNS = 5000
const KEYS = Array.from({ length: 24 }, (_, i) => keyOf(100 + i))
// Adequate, non-adequate, EEA-only, outermost and one unknown jurisdiction (XK).
const JURISDICTIONS = ['FR', 'DE', 'NL', 'NO', 'IS', 'US', 'JP', 'CH', 'GB', 'CA', 'SG', 'CN', 'BR', 'RE', 'XK']
// Codes, shipped groups and one group this node does not know (a policy from another node).
const TERMS = [...JURISDICTIONS.filter(j => j !== 'XK'), 'EU', 'EEA', 'GDPR_ADEQUATE', 'GDPR_FREE_FLOW', 'EU_OUTERMOST_REGIONS', 'NORDICS']
const SHARING = ['finance', 'energy', 'telecom', 'health']
const PERSONAL = new Set([...GROUPS.get('EEA') ?? [], ...GROUPS.get('GDPR_ADEQUATE') ?? []])

const memberArb: fc.Arbitrary<Member> = fc.record({
  key: fc.constantFrom(...KEYS),
  name: fc.constantFrom('Alpha', 'Bravo', 'Charlie', 'Delta'),
  jurisdiction: fc.constantFrom(...JURISDICTIONS),
  roles: fc.subarray<Role>(['authority', 'member'], { minLength: 1 }),
  groups: fc.subarray(SHARING),
  addresses: fc.constant([]),
  status: fc.constantFrom<Member['status']>('active', 'active', 'active', 'suspended'),
  added: fc.constant(0),
  updated: fc.constant(0)
})

const directoryArb = fc.uniqueArray(memberArb, { maxLength: 16, selector: m => m.key })

// Raw policies, not validated: RED without members and unknown terms must be handled too.
const policyArb: fc.Arbitrary<Policy> = fc.record({
  tlp: fc.constantFrom(...TLP_LEVELS),
  allow: fc.oneof(fc.constant<string[]>([]), fc.subarray(TERMS, { maxLength: 3 })),
  deny: fc.oneof(fc.constant<string[]>([]), fc.constant<string[]>([]), fc.subarray(TERMS, { maxLength: 2 })),
  groups: fc.oneof(fc.constant<string[]>([]), fc.subarray(SHARING, { maxLength: 2 })),
  members: fc.oneof(fc.constant<string[]>([]), fc.subarray(KEYS, { maxLength: 6 })),
  authorities: fc.boolean(),
  personalData: fc.boolean()
})

const caseArb = fc.record({ policy: policyArb, directory: directoryArb, origin: fc.constantFrom(...KEYS) })

describe('policy - properties', function () {
  // Thousands of runs each: generous for a loaded CI machine.
  this.timeout(120_000)

  it('recipients are exactly the eligible members, plus the origin', () => {
    fc.assert(fc.property(caseArb, ({ policy, directory, origin }) => {
      const { recipients } = resolveRecipients(policy, directory, origin, GROUPS)
      const mismatches = directory.filter(m => recipients.includes(m.key) !== eligible(policy, m, { origin, groups: GROUPS }).ok)
      expect(mismatches).to.deep.equal([])
      const known = new Set(directory.map(m => m.key))
      expect(recipients.filter(key => !known.has(key) && key !== origin)).to.deep.equal([])
      expect(recipients).to.include(origin)
      expect(recipients).to.deep.equal([...new Set(recipients)].sort())
    }), { numRuns: RUNS })
  })

  it('results do not depend on the order of the directory', () => {
    const arb = caseArb.chain(c => fc.shuffledSubarray(c.directory, { minLength: c.directory.length }).map(shuffled => ({ ...c, shuffled })))
    fc.assert(fc.property(arb, ({ policy, directory, shuffled, origin }) => {
      expect(resolveRecipients(policy, shuffled, origin, GROUPS)).to.deep.equal(resolveRecipients(policy, directory, origin, GROUPS))
    }), { numRuns: RUNS })
  })

  it('deny always wins, for named members too', () => {
    fc.assert(fc.property(caseArb, ({ policy, directory, origin }) => {
      const { recipients } = resolveRecipients(policy, directory, origin, GROUPS)
      // An unknown deny term may cover anyone: no recipient but the origin may pass it.
      const denied = directory.filter(m => recipients.includes(m.key) && m.key !== origin &&
        policy.deny.some(term => expandTerm(term, GROUPS)?.has(m.jurisdiction) ?? true))
      expect(denied).to.deep.equal([])
    }), { numRuns: RUNS })
  })

  it('RED and AMBER+STRICT reach only named members and the origin', () => {
    const arb = caseArb.chain(c => fc.constantFrom('RED', 'AMBER+STRICT' as const).map(tlp => ({ ...c, policy: { ...c.policy, tlp } })))
    fc.assert(fc.property(arb, ({ policy, directory, origin }) => {
      expect(tlpRequiresNamedMembers(policy.tlp)).to.equal(true)
      const { recipients } = resolveRecipients(policy, directory, origin, GROUPS)
      const allowed = new Set([...policy.members, origin])
      expect(recipients.filter(key => !allowed.has(key))).to.deep.equal([])
    }), { numRuns: RUNS })
  })

  it('law beats naming: suspension, authorities, personal data and allow hold for every recipient', () => {
    fc.assert(fc.property(caseArb, ({ policy, directory, origin }) => {
      const { recipients } = resolveRecipients(policy, directory, origin, GROUPS)
      const breaches = directory.filter(m => recipients.includes(m.key) && m.key !== origin).flatMap(m => [
        m.status !== 'active' && 'suspended',
        !policy.authorities && m.roles.includes('authority') && 'authority',
        policy.personalData && !PERSONAL.has(m.jurisdiction) && 'personal data',
        policy.allow.length > 0 && !policy.allow.some(term => expandTerm(term, GROUPS)?.has(m.jurisdiction) === true) && 'allow',
        policy.groups.length > 0 && !policy.groups.some(g => m.groups.includes(g)) && 'groups'
      ].filter(Boolean).map(rule => `${m.key}: ${String(rule)}`))
      expect(breaches).to.deep.equal([])
    }), { numRuns: RUNS })
  })

  it('narrowing a policy never adds a recipient (each field narrows, none widens)', () => {
    const arb = fc.record({ c: caseArb, term: fc.constantFrom(...TERMS), group: fc.constantFrom(...SHARING) })
    fc.assert(fc.property(arb, ({ c: { policy, directory, origin }, term, group }) => {
      const before = new Set(resolveRecipients(policy, directory, origin, GROUPS).recipients)
      // allow, groups and members are unions once non-empty: setting the first entry narrows.
      const narrower: Policy[] = [
        { ...policy, deny: [...policy.deny, term] },
        { ...policy, personalData: true },
        { ...policy, authorities: false },
        { ...policy, tlp: 'RED' },
        { ...policy, allow: policy.allow.length === 0 ? [term] : policy.allow },
        { ...policy, groups: policy.groups.length === 0 ? [group] : policy.groups },
        { ...policy, members: policy.members.length === 0 ? [origin] : policy.members }
      ]
      const added = narrower.flatMap(p => resolveRecipients(p, directory, origin, GROUPS).recipients.filter(key => !before.has(key)))
      expect(added).to.deep.equal([])
    }), { numRuns: RUNS })
  })

  it('every decision is explained with a reason', () => {
    fc.assert(fc.property(caseArb, ({ policy, directory, origin }) => {
      const unexplained = resolveRecipients(policy, directory, origin, GROUPS).explanations
        .filter(e => !(e.ok ? /^included: \S/ : /^excluded: \S/).test(e.reason))
      expect(unexplained).to.deep.equal([])
    }), { numRuns: 1000 })
  })

  it('TLP:RED is never relayed by anyone but the origin', () => {
    const arb = fc.record({
      policy: policyArb.map(p => ({ ...p, tlp: 'RED' as const })),
      origin: fc.constantFrom(...KEYS),
      relay: fc.constantFrom(...KEYS),
      target: fc.constantFrom(...KEYS),
      recipients: fc.subarray(KEYS)
    })
    fc.assert(fc.property(arb, ({ policy, origin, relay, target, recipients }) => {
      const listed = [...recipients, origin, relay, target]
      const decision = mayRelay(policy, { origin, relay, target, recipients: listed })
      expect(decision.ok).to.equal(relay === origin)
    }), { numRuns: RUNS })
  })

  it('maySend allows only a listed, eligible target from the origin or a listed relay', () => {
    const arb = fc.record({
      policy: policyArb,
      origin: fc.constantFrom(...KEYS),
      relay: fc.constantFrom(...KEYS),
      target: memberArb,
      recipients: fc.subarray(KEYS)
    })
    fc.assert(fc.property(arb, ({ policy, origin, relay, target, recipients }) => {
      const decision = maySend(policy, { origin, relay, target, recipients, groups: GROUPS })
      const expected = recipients.includes(target.key) &&
        (relay === origin || (recipients.includes(relay) && policy.tlp !== 'RED')) &&
        eligible(policy, target, { origin, groups: GROUPS }).ok
      expect(decision.ok).to.equal(expected)
    }), { numRuns: RUNS })
  })
})
