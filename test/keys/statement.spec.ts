import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { Directory } from '../../src/directory/index.js'
import { ROTATION_NEW_KEY_DOMAIN, ROTATION_OLD_KEY_DOMAIN } from '../../src/keys/constants.js'
import { checkRotation, createRotationStatement, parseRotationStatement, statementToWire } from '../../src/keys/statement.js'
import type { Member } from '../../src/directory/types.js'

const NOW = 1_800_000_000_000
const seed = (n: number): NodeIdentity => NodeIdentity.fromSeed(new Uint8Array(32).fill(n))

function member (key: string, status: Member['status'] = 'active', extra: Partial<Member> = {}): Member {
  return { key, name: `m-${key.slice(-4)}`, jurisdiction: 'DK', roles: ['member'], groups: [], addresses: [], status, added: 1, updated: 1, ...extra }
}

describe('keys - rotation statement', () => {
  const self = seed(1)
  const old = seed(2)
  const next = seed(3)
  const other = seed(4)

  it('round-trips: the wire form parses to the same claim with both signatures verified', () => {
    const statement = createRotationStatement(old, next, NOW, 'scheduled yearly rotation')
    const parsed = parseRotationStatement(JSON.parse(JSON.stringify(statementToWire(statement))))
    expect(parsed).to.include({ oldKey: old.memberKey, newKey: next.memberKey, issued: NOW, reason: 'scheduled yearly rotation', id: statement.id })
  })

  it('golden: the body bytes are fixed for fixed keys and time (a format change must be deliberate)', () => {
    const statement = createRotationStatement(old, next, NOW, 'r')
    expect(new TextDecoder().decode(statement.body)).to.equal(`{"v":1,"old":"${old.memberKey}","new":"${next.memberKey}","issued":${NOW},"reason":"r"}`)
    // Ed25519 is deterministic: the same seed signs the same bytes the same way.
    expect(createRotationStatement(old, next, NOW, 'r').id).to.equal(statement.id)
    expect(Buffer.from(createRotationStatement(old, next, NOW, 'r').oldSignature).toString('hex')).to.equal(Buffer.from(statement.oldSignature).toString('hex'))
  })

  const forgeries: Array<{ title: string, wire: () => unknown, code: string, signer?: string }> = [
    {
      title: 'a body changed after signing (new key swapped for an attacker key)',
      wire: () => {
        const w = statementToWire(createRotationStatement(old, next, NOW))
        const body = Buffer.from(w.body, 'base64').toString('utf8').replace(next.memberKey, other.memberKey)
        return { ...w, body: Buffer.from(body).toString('base64') }
      },
      code: 'KEYS_BAD_SIGNATURE',
      signer: 'old'
    },
    {
      title: 'signed by the wrong old key',
      wire: () => {
        const s = createRotationStatement(old, next, NOW)
        return { ...statementToWire(s), oldSignature: Buffer.from(other.sign(ROTATION_OLD_KEY_DOMAIN, s.body)).toString('base64') }
      },
      code: 'KEYS_BAD_SIGNATURE',
      signer: 'old'
    },
    {
      title: 'no proof of possession: the new signature is by another key',
      wire: () => {
        const s = createRotationStatement(old, next, NOW)
        return { ...statementToWire(s), newSignature: Buffer.from(other.sign(ROTATION_NEW_KEY_DOMAIN, s.body)).toString('base64') }
      },
      code: 'KEYS_BAD_SIGNATURE',
      signer: 'new'
    },
    {
      title: 'the old signature replayed as the new one (domains differ)',
      wire: () => {
        const s = createRotationStatement(old, next, NOW)
        const w = statementToWire(s)
        return { ...w, newSignature: w.oldSignature }
      },
      code: 'KEYS_BAD_SIGNATURE',
      signer: 'new'
    },
    { title: 'not an object', wire: () => 'statement', code: 'KEYS_MALFORMED_STATEMENT' },
    { title: 'non-canonical base64', wire: () => ({ ...statementToWire(createRotationStatement(old, next, NOW)), body: '!!!' }), code: 'KEYS_MALFORMED_STATEMENT' },
    {
      title: 'unknown body field',
      wire: () => {
        const body = new TextEncoder().encode(JSON.stringify({ v: 1, old: old.memberKey, new: next.memberKey, issued: NOW, reason: '', extra: 1 }))
        return { body: Buffer.from(body).toString('base64'), oldSignature: Buffer.from(old.sign(ROTATION_OLD_KEY_DOMAIN, body)).toString('base64'), newSignature: Buffer.from(next.sign(ROTATION_NEW_KEY_DOMAIN, body)).toString('base64') }
      },
      code: 'KEYS_MALFORMED_STATEMENT'
    },
    {
      title: 'old and new key the same',
      wire: () => {
        const body = new TextEncoder().encode(JSON.stringify({ v: 1, old: old.memberKey, new: old.memberKey, issued: NOW, reason: '' }))
        return { body: Buffer.from(body).toString('base64'), oldSignature: Buffer.from(old.sign(ROTATION_OLD_KEY_DOMAIN, body)).toString('base64'), newSignature: Buffer.from(old.sign(ROTATION_NEW_KEY_DOMAIN, body)).toString('base64') }
      },
      code: 'KEYS_MALFORMED_STATEMENT'
    }
  ]
  for (const c of forgeries) {
    it(`refuses ${c.title}: ${c.code}`, () => {
      try {
        parseRotationStatement(c.wire())
        expect.fail('parsed')
      } catch (err) {
        expect((err as { code?: string }).code).to.equal(c.code)
        if (c.signer != null) expect((err as { signer?: string }).signer).to.equal(c.signer)
      }
    })
  }

  it('refuses a reason with control characters (log forging)', () => {
    expect(() => createRotationStatement(old, next, NOW, 'ok\nFAKE LOG LINE')).to.throw().with.property('code', 'KEYS_MALFORMED_STATEMENT')
  })

  const checks: Array<{ title: string, entries: Member[], issued?: number, previous?: { issued: number, id: string }, code?: string, status?: string }> = [
    { title: 'an active old key and an unknown new key: accepted', entries: [member(old.memberKey)] },
    { title: 'an unknown old key', entries: [], code: 'KEYS_UNKNOWN_KEY' },
    { title: 'a suspended old key', entries: [member(old.memberKey, 'suspended')], code: 'KEYS_KEY_NOT_ACTIVE', status: 'suspended' },
    { title: 'a compromised old key', entries: [member(old.memberKey, 'compromised', { compromisedAt: 5 })], code: 'KEYS_KEY_NOT_ACTIVE', status: 'compromised' },
    { title: 'an already retired old key (a replay after acceptance)', entries: [member(old.memberKey, 'retired', { successor: other.memberKey, retiredAt: 5 })], code: 'KEYS_KEY_NOT_ACTIVE', status: 'retired' },
    { title: 'a new key that is another member', entries: [member(old.memberKey), member(next.memberKey)], code: 'KEYS_NEW_KEY_IN_USE' },
    { title: 'issued in the future beyond the clock skew', entries: [member(old.memberKey)], issued: NOW + 3_600_000, code: 'KEYS_STALE_STATEMENT' },
    { title: 'older than the statement already known for the key', entries: [member(old.memberKey)], previous: { issued: NOW + 1, id: 'x' }, code: 'KEYS_STALE_STATEMENT' }
  ]
  for (const c of checks) {
    it(`check: ${c.title}`, () => {
      const directory = new Directory({}, { self: member(self.memberKey), members: c.entries })
      const statement = createRotationStatement(old, next, c.issued ?? NOW)
      const previous = c.previous == null ? undefined : { oldKey: old.memberKey, newKey: other.memberKey, reason: '', ...c.previous }
      if (c.code == null) {
        expect(() => { checkRotation(statement, directory, NOW, previous) }).to.not.throw()
        return
      }
      try {
        checkRotation(statement, directory, NOW, previous)
        expect.fail('accepted')
      } catch (err) {
        expect((err as { code?: string }).code).to.equal(c.code)
        if (c.status != null) expect((err as { status?: string }).status).to.equal(c.status)
      }
    })
  }
})
