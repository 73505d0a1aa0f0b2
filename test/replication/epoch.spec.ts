import { expect } from 'chai'
import { checkpointScope, groupsFingerprint, memberEpoch, selfEpoch } from '../../src/replication/epoch.js'
import { defaultGroups, directoryOf, member, newMemberKey } from './fixtures.js'
import type { JurisdictionGroups } from '../../src/directory/types.js'

/**
 * Epochs change exactly when what decides a delivery changes (so a changed
 * view restarts the feed from 0), and never for what does not (addresses,
 * timestamps, order), so a restart or an address update resumes.
 */
describe('replication - epochs', () => {
  let groups: JurisdictionGroups
  const self = newMemberKey()
  const peer = newMemberKey()
  before(async () => { groups = await defaultGroups() })

  it('a member epoch changes with jurisdiction, roles, groups, status and the groups in force', () => {
    const g = groupsFingerprint(groups)
    const base = memberEpoch(member(peer, 'NL'), g)
    expect(memberEpoch(member(peer, 'NL'), g)).to.equal(base)
    expect(memberEpoch(member(peer, 'DE'), g)).to.not.equal(base)
    expect(memberEpoch(member(peer, 'NL', { roles: ['authority'] }), g)).to.not.equal(base)
    expect(memberEpoch(member(peer, 'NL', { groups: ['finance'] }), g)).to.not.equal(base)
    expect(memberEpoch(member(peer, 'NL', { status: 'suspended' }), g)).to.not.equal(base)
    expect(memberEpoch(member(peer, 'NL'), 'other-groups')).to.not.equal(base)
    expect(memberEpoch(undefined, g)).to.not.equal(base)
  })

  it('a member epoch ignores addresses, timestamps and the order of roles and groups', () => {
    const g = groupsFingerprint(groups)
    const a = { ...member(peer, 'NL', { roles: ['member', 'authority'], groups: ['x', 'y'] }), addresses: ['/ip4/1.2.3.4/tcp/1'], added: 5, updated: 9 }
    const b = member(peer, 'NL', { roles: ['authority', 'member'], groups: ['y', 'x'] })
    expect(memberEpoch(a, g)).to.equal(memberEpoch(b, g))
  })

  it('the own epoch changes with the own entry and the groups, not with other members', () => {
    const g = groupsFingerprint(groups)
    const base = selfEpoch(directoryOf(member(self, 'DK'), [member(peer, 'NL')], groups), g)
    expect(selfEpoch(directoryOf(member(self, 'DK'), [member(peer, 'BE')], groups), g), 'another member re-classified').to.equal(base)
    expect(selfEpoch(directoryOf(member(self, 'DK'), [member(peer, 'NL'), member(newMemberKey(), 'FR')], groups), g), 'a member added').to.equal(base)
    expect(selfEpoch(directoryOf({ ...member(self, 'DK'), addresses: ['/ip4/1.2.3.4/tcp/1'] }, [member(peer, 'NL')], groups), g), 'own addresses').to.equal(base)
    expect(selfEpoch(directoryOf(member(self, 'SE'), [member(peer, 'NL')], groups), g), 'own jurisdiction').to.not.equal(base)
    expect(selfEpoch(directoryOf(member(self, 'DK', { roles: ['member', 'authority'] }), [member(peer, 'NL')], groups), g), 'own roles').to.not.equal(base)
    expect(selfEpoch(directoryOf(member(self, 'DK'), [member(peer, 'NL')], groups), groupsFingerprint(new Map([...groups.entries(), ['EXTRA', new Set(['DK'])]]))), 'groups').to.not.equal(base)
  })

  it('the groups fingerprint ignores the order of codes and groups', () => {
    const shuffled: JurisdictionGroups = new Map([...groups.entries()].reverse().map(([name, codes]) => [name, new Set([...codes].reverse())]))
    expect(groupsFingerprint(shuffled)).to.equal(groupsFingerprint(groups))
    const changed: JurisdictionGroups = new Map([...groups.entries(), ['EXTRA', new Set(['DK'])]])
    expect(groupsFingerprint(changed)).to.not.equal(groupsFingerprint(groups))
  })

  it('a checkpoint scope names the log and both epochs', () => {
    expect(checkpointScope('log', 'peer-epoch', 'local-epoch')).to.equal('log/peer-epoch/local-epoch')
  })
})
