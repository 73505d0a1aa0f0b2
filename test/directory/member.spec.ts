import { expect } from 'chai'
import { hasCode } from '../../src/errors.js'
import { InvalidMemberError } from '../../src/directory/errors.js'
import { validateMember, validateMemberInput, validateMemberPatch } from '../../src/directory/member.js'
import { GROUPS, keyOf } from '../policy/fixtures.js'

const NOW = 1_700_000_000_000
const KEY = keyOf(40)
const OTHER = keyOf(41)

function fieldOf (fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidMemberError)
    expect(hasCode(err, 'DIRECTORY_INVALID_MEMBER')).to.equal(true)
    return (err as InvalidMemberError).field
  }
  throw new Error('expected InvalidMemberError')
}

describe('directory - member validation', () => {
  it('normalises input and fills the defaults', () => {
    const member = validateMemberInput({ key: ` ${KEY} `, name: '  CERT-FR  ', jurisdiction: 'fr' }, NOW)
    expect(member).to.deep.equal({
      key: KEY, name: 'CERT-FR', jurisdiction: 'FR', roles: ['member'], groups: [], addresses: [], status: 'active', added: NOW, updated: NOW
    })
  })

  it('sorts and de-duplicates roles and groups, keeps address order', () => {
    const member = validateMemberInput({
      key: KEY,
      name: 'NL Police',
      jurisdiction: 'NL',
      roles: ['member', 'authority', 'member'],
      groups: ['Finance', 'energy', 'finance'],
      addresses: ['/ip4/10.0.0.2/tcp/4001', `/dns4/node.example.org/tcp/4001/p2p/${KEY}`, '/ip4/10.0.0.2/tcp/4001'],
      status: 'suspended'
    }, NOW)
    expect(member.roles).to.deep.equal(['authority', 'member'])
    expect(member.groups).to.deep.equal(['energy', 'finance'])
    expect(member.addresses).to.deep.equal(['/ip4/10.0.0.2/tcp/4001', `/dns4/node.example.org/tcp/4001/p2p/${KEY}`])
    expect(member.status).to.equal('suspended')
  })

  it('names the field of every error', () => {
    const base = { key: KEY, name: 'X', jurisdiction: 'FR' }
    const table: Array<[unknown, string]> = [
      [null, '(entry)'],
      ['FR', '(entry)'],
      [{ ...base, key: 'not-a-key' }, 'key'],
      [{ ...base, key: 'QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N' }, 'key'],
      [{ ...base, key: 42 }, 'key'],
      [{ ...base, name: '' }, 'name'],
      [{ ...base, name: '   ' }, 'name'],
      [{ ...base, name: 'a\nb' }, 'name'],
      [{ ...base, name: 'x'.repeat(201) }, 'name'],
      [{ ...base, jurisdiction: 'XX' }, 'jurisdiction'],
      [{ ...base, jurisdiction: 'UK' }, 'jurisdiction'],
      [{ ...base, jurisdiction: 'FRA' }, 'jurisdiction'],
      [{ ...base, jurisdiction: undefined }, 'jurisdiction'],
      [{ ...base, roles: [] }, 'roles'],
      [{ ...base, roles: 'member' }, 'roles'],
      [{ ...base, roles: ['member', 'police'] }, 'roles[1]'],
      [{ ...base, status: 'banned' }, 'status'],
      [{ ...base, groups: ['ok', 'not ok'] }, 'groups[1]'],
      [{ ...base, groups: ['FINANCE_ISAC!'] }, 'groups[0]'],
      [{ ...base, groups: [3] }, 'groups[0]'],
      [{ ...base, addresses: ['/ip4/1.2.3/tcp/1'] }, 'addresses[0]'],
      [{ ...base, addresses: ['/ip4/10.0.0.1/tcp/1', 'localhost:4001'] }, 'addresses[1]'],
      [{ ...base, addresses: [''] }, 'addresses[0]'],
      [{ ...base, addresses: [`/ip4/10.0.0.1/tcp/1/p2p/${OTHER}`] }, 'addresses[0]'],
      [{ ...base, addresses: '/ip4/10.0.0.1/tcp/1' }, 'addresses'],
      [{ ...base, added: NOW }, 'added'],
      [{ ...base, jurisdicton: 'FR' }, 'jurisdicton']
    ]
    for (const [input, field] of table) {
      expect(fieldOf(() => validateMemberInput(input, NOW)), JSON.stringify(input)).to.equal(field)
    }
  })

  it('refuses a jurisdiction group given as a jurisdiction', () => {
    expect(fieldOf(() => validateMemberInput({ key: KEY, name: 'X', jurisdiction: 'eu' }, NOW, GROUPS))).to.equal('jurisdiction')
  })

  it('validateMember checks stored entries with their times', () => {
    const member = validateMemberInput({ key: KEY, name: 'X', jurisdiction: 'FR' }, NOW)
    expect(validateMember({ ...member })).to.deep.equal(member)
    expect(fieldOf(() => validateMember({ ...member, added: -1 }))).to.equal('added')
    expect(fieldOf(() => validateMember({ ...member, updated: 1.5 }))).to.equal('updated')
    expect(fieldOf(() => validateMember({ ...member, extra: true }))).to.equal('extra')
  })

  it('validateMemberPatch refuses the key and the times', () => {
    expect(validateMemberPatch({ name: 'Y', status: 'suspended' })).to.deep.equal({ name: 'Y', status: 'suspended' })
    expect(fieldOf(() => validateMemberPatch({ key: OTHER }))).to.equal('key')
    expect(fieldOf(() => validateMemberPatch({ updated: NOW }))).to.equal('updated')
  })
})
