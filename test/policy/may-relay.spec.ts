import { expect } from 'chai'
import { mayRelay, maySend } from '../../src/policy/may-relay.js'
import { validatePolicy } from '../../src/policy/validate.js'
import { CAST, GROUPS } from './fixtures.js'

const O = CAST.O.key
const FR = CAST.FR.key
const JP = CAST.JP.key
const US = CAST.US.key

describe('policy - mayRelay and maySend', () => {
  const amber = validatePolicy({ tlp: 'AMBER' }, GROUPS)
  const red = validatePolicy({ tlp: 'RED', members: [FR, JP] }, GROUPS)
  const recipients = [O, FR, JP].sort()

  it('the origin may send to a listed recipient', () => {
    expect(mayRelay(red, { origin: O, relay: O, target: FR, recipients })).to.deep.equal({ ok: true, reason: 'allowed: the origin sends to a listed recipient' })
  })

  it('a listed recipient may relay AMBER to another listed recipient', () => {
    expect(mayRelay(amber, { origin: O, relay: FR, target: JP, recipients })).to.deep.equal({ ok: true, reason: 'allowed: a listed recipient relays to a listed recipient' })
  })

  it('RED is never relayed by anyone but the origin', () => {
    expect(mayRelay(red, { origin: O, relay: FR, target: JP, recipients })).to.deep.equal({ ok: false, reason: 'refused: TLP:RED is never relayed by anyone but the origin' })
  })

  it('a relay that is not listed may not pass it on', () => {
    expect(mayRelay(amber, { origin: O, relay: US, target: JP, recipients })).to.deep.equal({ ok: false, reason: 'refused: the relay is not a listed recipient' })
  })

  it('a target that is not listed gets nothing, even from the origin', () => {
    expect(mayRelay(amber, { origin: O, relay: O, target: US, recipients })).to.deep.equal({ ok: false, reason: 'refused: the target is not a listed recipient' })
  })

  it('maySend also requires the target to be eligible by this node\'s directory', () => {
    const policy = validatePolicy({ tlp: 'AMBER', allow: ['EU'] }, GROUPS)
    // Listed by the origin, but this relay's directory places JP outside the EU.
    expect(maySend(policy, { origin: O, relay: FR, target: CAST.JP, recipients, groups: GROUPS }))
      .to.deep.equal({ ok: false, reason: 'excluded: JP is not in EU (policy allow)' })
    expect(maySend(policy, { origin: O, relay: JP, target: CAST.FR, recipients, groups: GROUPS }))
      .to.deep.equal({ ok: true, reason: 'included: FR is in EU (policy allow)' })
  })

  it('maySend refuses a target this node has suspended', () => {
    const suspended = { ...CAST.FR, status: 'suspended' as const }
    expect(maySend(amber, { origin: O, relay: O, target: suspended, recipients, groups: GROUPS }))
      .to.deep.equal({ ok: false, reason: 'excluded: member is suspended' })
  })

  it('maySend reports the relay refusal first', () => {
    expect(maySend(red, { origin: O, relay: JP, target: CAST.FR, recipients, groups: GROUPS }).reason)
      .to.equal('refused: TLP:RED is never relayed by anyone but the origin')
  })
})
