import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { Directory, holderOf } from '../../src/directory/index.js'
import { maySendTo } from '../../src/replication/send-check.js'
import type { Member } from '../../src/directory/types.js'
import type { Policy } from '../../src/policy/types.js'

const key = (): string => NodeIdentity.generate().memberKey
const SELF = key()
const OLD = key()
const NEW = key()
const OTHER = key()
const THIEF = key()

function member (k: string, status: Member['status'] = 'active', extra: Partial<Member> = {}): Member {
  return { key: k, name: k.slice(-6), jurisdiction: 'DK', roles: ['member'], groups: [], addresses: [], status, added: 1, updated: 1, ...extra }
}

const directory = new Directory({}, {
  self: member(SELF),
  members: [member(OLD, 'retired', { successor: NEW, retiredAt: 100 }), member(NEW), member(OTHER), member(THIEF, 'compromised', { compromisedAt: 50 })]
})
const policy = (tlp: Policy['tlp'], members: string[] = []): Policy => ({ tlp, allow: [], deny: [], groups: [], members, authorities: false, personalData: false })

describe('keys - succession and the send check', () => {
  it('holderOf follows accepted rotations to the active key, and stops at anything else', () => {
    expect(holderOf(directory, NEW)).to.equal(NEW)
    expect(holderOf(directory, OLD)).to.equal(NEW)
    expect(holderOf(directory, THIEF)).to.equal(undefined)
    expect(holderOf(directory, key())).to.equal(undefined)
  })

  const cases: Array<{ title: string, origin: string, recipients: string[], target: string, policy: Policy, ok: boolean }> = [
    { title: 'an old bundle listing the retired key goes to its holder', origin: SELF, recipients: [SELF, OLD, OTHER], target: NEW, policy: policy('AMBER'), ok: true },
    { title: 'a TLP:RED bundle naming the retired key goes to its holder (named as the listed key)', origin: SELF, recipients: [SELF, OLD], target: NEW, policy: policy('RED', [OLD]), ok: true },
    { title: 'a TLP:RED bundle the retired key originated is relayed by nobody else', origin: OLD, recipients: [OLD, SELF, OTHER], target: OTHER, policy: policy('RED', [SELF, OTHER]), ok: false },
    { title: 'the holder is not a recipient of a bundle that listed neither of its keys', origin: SELF, recipients: [SELF, OTHER], target: NEW, policy: policy('GREEN'), ok: false },
    { title: 'the retired key itself is never a target', origin: SELF, recipients: [SELF, OLD], target: OLD, policy: policy('GREEN'), ok: false },
    { title: 'a compromised key is never a target', origin: SELF, recipients: [SELF, THIEF], target: THIEF, policy: policy('GREEN'), ok: false },
    { title: 'nothing whose origin is compromised is sent on', origin: THIEF, recipients: [THIEF, SELF, OTHER], target: OTHER, policy: policy('GREEN'), ok: false },
    { title: 'a bundle from the retired origin is relayed to a listed recipient as usual', origin: OLD, recipients: [OLD, SELF, OTHER], target: OTHER, policy: policy('GREEN'), ok: true }
  ]
  for (const c of cases) {
    it(c.title, () => {
      const decision = maySendTo({ id: 'x', origin: c.origin, policy: c.policy, recipients: c.recipients }, c.target, directory, new Map())
      expect(decision.ok, decision.reason).to.equal(c.ok)
    })
  }

  it('a retired or compromised entry cannot be edited back to active', async () => {
    for (const k of [OLD, THIEF]) {
      try {
        await directory.update(k, { status: 'active' }, 200)
        expect.fail('edited')
      } catch (err) {
        expect((err as { code?: string }).code).to.equal('DIRECTORY_MEMBER_FINAL')
      }
    }
  })

  it('retire copies the entry to the successor, rewriting addresses that name the old key', async () => {
    const d = new Directory({}, { self: member(SELF), members: [member(OTHER, 'active', { addresses: [`/ip4/127.0.0.1/tcp/4001/p2p/${OTHER}`], groups: ['finance'] })] })
    const successor = key()
    const { retired, successor: next } = await d.retire(OTHER, successor, 123, 200)
    expect(retired).to.include({ status: 'retired', successor, retiredAt: 123 })
    expect(next).to.include({ key: successor, status: 'active', jurisdiction: 'DK' })
    expect(next.addresses).to.deep.equal([`/ip4/127.0.0.1/tcp/4001/p2p/${successor}`])
    expect(next.groups).to.deep.equal(['finance'])
    try {
      await d.retire(SELF, key(), 1, 2)
      expect.fail('retired self')
    } catch (err) {
      expect((err as { code?: string }).code).to.equal('DIRECTORY_SELF_PROTECTED')
    }
  })
})
