import { expect } from 'chai'
import { derivePolicy, MispMembersRequiredError, MispTlpMissingError, strictestTag, tagOfMarking, tlpOfTag } from '../../src/misp/index.js'
import { TLP1_IDS, TLP2_IDS } from '../../src/stix/index.js'
import type { PolicyOverrides } from '../../src/misp/index.js'

const KEY = '12D3KooWGzh8zrzXoXJbCEaJHmPxBGr8MbyvHzbNN6ZBsnTGRF3T'

describe('misp - tlp', () => {
  const tags: Array<[string, string | undefined, string | undefined]> = [
    ['tlp:clear', 'CLEAR', TLP2_IDS.clear],
    ['tlp:white', 'CLEAR', TLP1_IDS.white],
    ['TLP:GREEN', 'GREEN', TLP2_IDS.green],
    [' tlp:amber ', 'AMBER', TLP2_IDS.amber],
    ['tlp:amber+strict', 'AMBER+STRICT', TLP2_IDS['amber+strict']],
    ['tlp:red', 'RED', TLP2_IDS.red],
    ['tlp:ex:chr', undefined, undefined],
    ['PAP:RED', undefined, undefined],
    ['misp-galaxy:threat-actor="tlp:red"', undefined, undefined]
  ]
  for (const [tag, tlp, marking] of tags) {
    it(`reads ${JSON.stringify(tag)} as ${tlp ?? 'no TLP'}`, () => {
      expect(tlpOfTag(tag)?.tlp).to.equal(tlp)
      expect(tlpOfTag(tag)?.markingId).to.equal(marking)
      if (marking !== undefined) expect(tagOfMarking(marking)).to.equal(tag.trim().toLowerCase())
    })
  }

  it('takes the strictest of several tags', () => {
    expect(strictestTag(['tlp:green', 'tlp:amber+strict', 'tlp:amber', 'other'])?.tag).to.equal('tlp:amber+strict')
    expect(strictestTag(['other'])).to.equal(undefined)
  })

  const amber = tlpOfTag('tlp:amber')
  const red = tlpOfTag('tlp:red')
  const derived: Array<[string, ReturnType<typeof tlpOfTag>, PolicyOverrides, Record<string, unknown>]> = [
    ['the tag alone', amber, {}, { tlp: 'AMBER', allow: [], deny: [], groups: [], members: [], authorities: false, personalData: false }],
    ['the tag and jurisdiction flags', amber, { allow: ['EU'], deny: ['FR'], personalData: true }, { tlp: 'AMBER', allow: ['EU'], deny: ['FR'], personalData: true }],
    ['a stricter TLP given', amber, { tlp: 'RED', members: [KEY] }, { tlp: 'RED', members: [KEY] }],
    ['a TLP given for an untagged event', undefined, { tlp: 'GREEN' }, { tlp: 'GREEN' }],
    ['RED with a named member', red, { members: [KEY], groups: ['fin'] }, { tlp: 'RED', members: [KEY], groups: ['fin'] }]
  ]
  for (const [name, tag, overrides, expected] of derived) {
    it(`derives the policy from ${name}`, () => {
      expect(derivePolicy(tag, overrides)).to.deep.include(expected)
    })
  }

  it('refuses an event without TLP, naming the fix', () => {
    expect(() => derivePolicy(undefined, { allow: ['EU'] })).to.throw(MispTlpMissingError).with.property('code', 'MISP_TLP_MISSING')
  })

  it('refuses AMBER+STRICT and RED without named members, naming the tag and the flag', () => {
    for (const tag of ['tlp:red', 'tlp:amber+strict']) {
      const err = (() => { try { derivePolicy(tlpOfTag(tag)) } catch (e) { return e as MispMembersRequiredError } })()
      expect(err).to.be.instanceOf(MispMembersRequiredError)
      expect(err?.code).to.equal('MISP_MEMBERS_REQUIRED')
      expect(err?.message).to.include(tag).and.include('--to')
    }
    expect(() => derivePolicy(amber, { tlp: 'RED' })).to.throw(MispMembersRequiredError)
  })
})
