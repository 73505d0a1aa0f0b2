import { expect } from 'chai'
import { maySendTo } from '../../src/replication/send-check.js'
import { defaultGroups, directoryOf, member, newMemberKey, policy } from './fixtures.js'
import type { JurisdictionGroups } from '../../src/directory/types.js'

/** Enforcement point 2: before every send or relay, by THIS node's directory. */
describe('replication - send check', () => {
  let groups: JurisdictionGroups
  const origin = newMemberKey()
  const relay = newMemberKey()
  const nl = newMemberKey()
  const sg = newMemberKey()
  const stranger = newMemberKey()
  before(async () => { groups = await defaultGroups() })

  const relayDirectory = (sgAs = 'SG'): ReturnType<typeof directoryOf> =>
    directoryOf(member(relay, 'DK'), [member(origin, 'FR'), member(nl, 'NL'), member(sg, sgAs)], groups)
  const bundle = (input: Record<string, unknown>, recipients: string[]): Parameters<typeof maySendTo>[0] =>
    ({ id: 'b'.repeat(64), origin, policy: policy(input, groups), recipients })

  const cases: Array<{ title: string, bundle: () => Parameters<typeof maySendTo>[0], target: string, sgAs?: string, ok: boolean, reason?: RegExp }> = [
    { title: 'a listed, eligible member', bundle: () => bundle({ tlp: 'GREEN' }, [origin, relay, nl]), target: nl, ok: true },
    { title: 'a member not listed in the header', bundle: () => bundle({ tlp: 'GREEN' }, [origin, relay]), target: nl, ok: false, reason: /not a listed recipient/ },
    { title: 'a non-listed member, even when this directory wrongly makes it eligible', bundle: () => bundle({ tlp: 'AMBER', allow: ['EU'] }, [origin, relay, nl]), target: sg, sgAs: 'DE', ok: false, reason: /not a listed recipient/ },
    { title: 'a listed member this directory finds ineligible', bundle: () => bundle({ tlp: 'AMBER', allow: ['EU'] }, [origin, relay, nl, sg]), target: sg, ok: false, reason: /SG/ },
    { title: 'a key this directory does not hold', bundle: () => bundle({ tlp: 'GREEN' }, [origin, relay, stranger]), target: stranger, ok: false, reason: /not in this node's directory/ },
    { title: 'TLP:RED from a relay', bundle: () => bundle({ tlp: 'RED', members: [relay, nl] }, [origin, relay, nl]), target: nl, ok: false, reason: /RED/ },
    { title: 'a relay that is not itself listed', bundle: () => bundle({ tlp: 'GREEN' }, [origin, nl]), target: nl, ok: false, reason: /relay is not a listed recipient/ }
  ]

  for (const c of cases) {
    it(`${c.ok ? 'sends to' : 'refuses'} ${c.title}`, () => {
      const decision = maySendTo(c.bundle(), c.target, relayDirectory(c.sgAs), groups)
      expect(decision.ok).to.equal(c.ok)
      if (c.reason != null) expect(decision.reason).to.match(c.reason)
    })
  }

  it('refuses a listed member this directory has suspended', () => {
    const directory = directoryOf(member(relay, 'DK'), [member(origin, 'FR'), member(nl, 'NL', { status: 'suspended' })], groups)
    expect(maySendTo(bundle({ tlp: 'GREEN' }, [origin, relay, nl]), nl, directory, groups).ok).to.equal(false)
  })

  it('the origin may send TLP:RED to a named member', () => {
    const directory = directoryOf(member(origin, 'FR'), [member(nl, 'NL')], groups)
    expect(maySendTo(bundle({ tlp: 'RED', members: [nl] }, [origin, nl]), nl, directory, groups).ok).to.equal(true)
  })
})
