import { expect } from 'chai'
import { Directory } from '../../src/directory/directory.js'
import { buildJurisdictionGroups } from '../../src/directory/jurisdictions.js'
import { resolveRecipients, UNKNOWN_MEMBER_NAME } from '../../src/policy/resolve-recipients.js'
import { validatePolicy } from '../../src/policy/validate.js'
import { aliasOf, BASE, CAST, GROUPS, keysOf } from './fixtures.js'
import type { JurisdictionGroups } from '../../src/directory/types.js'
import type { Policy } from '../../src/policy/types.js'
import type { Alias } from './fixtures.js'

interface Case {
  title: string
  /** Policy input; `members` holds aliases. Validated with validatePolicy unless `raw`. */
  policy: Record<string, unknown> & { members?: Alias[] }
  /** Use the policy as received from another node, without this node's validation. */
  raw?: boolean
  /** The origin's directory (O is the origin; list it to have it in the directory). */
  dir: Alias[]
  groups?: JurisdictionGroups
  recipients: Alias[]
  /** The exact reason for every excluded member. */
  excluded: Partial<Record<Alias, string>>
}

const NORDICS = buildJurisdictionGroups(BASE, {
  NORDICS: ['DK', 'FI', 'IS', 'NO', 'SE'],
  EU: ['EU_OUTERMOST_REGIONS']
})
const NO_ADEQUACY: JurisdictionGroups = new Map([...GROUPS].filter(([name]) => name !== 'GDPR_ADEQUATE'))

const CASES: Case[] = [
  // TLP without restrictions
  {
    title: 'CLEAR reaches every active member of a known jurisdiction',
    policy: { tlp: 'CLEAR' },
    dir: ['O', 'FR', 'US', 'SG', 'CN', 'ITS', 'XK'],
    recipients: ['O', 'FR', 'US', 'SG', 'CN'],
    excluded: { ITS: 'excluded: member is suspended', XK: 'excluded: jurisdiction XK is unknown' }
  },
  { title: 'GREEN without restrictions reaches the community', policy: { tlp: 'GREEN' }, dir: ['O', 'FR', 'US', 'SG'], recipients: ['O', 'FR', 'US', 'SG'], excluded: {} },
  { title: 'AMBER without allow or groups reaches every member', policy: { tlp: 'AMBER' }, dir: ['O', 'FR', 'CN'], recipients: ['O', 'FR', 'CN'], excluded: {} },
  { title: 'GREEN reaches a non-adequate country when no personal data is held', policy: { tlp: 'GREEN' }, dir: ['O', 'CN', 'SG', 'BR'], recipients: ['O', 'CN', 'SG', 'BR'], excluded: {} },
  // allow
  {
    title: 'allow EU keeps EEA-only and third countries out',
    policy: { tlp: 'AMBER', allow: ['EU'] },
    dir: ['O', 'FR', 'US', 'NO'],
    recipients: ['O', 'FR'],
    excluded: { US: 'excluded: US is not in EU (policy allow)', NO: 'excluded: NO is not in EU (policy allow)' }
  },
  { title: 'allow EEA includes Norway', policy: { tlp: 'AMBER', allow: ['EEA'] }, dir: ['O', 'FR', 'NO', 'CH'], recipients: ['O', 'FR', 'NO'], excluded: { CH: 'excluded: CH is not in EEA (policy allow)' } },
  {
    title: 'allow is a union of a group and a code',
    policy: { tlp: 'GREEN', allow: ['JP', 'EU'] },
    dir: ['O', 'FR', 'JP', 'US'],
    recipients: ['O', 'FR', 'JP'],
    excluded: { US: 'excluded: US is not in EU ∪ JP (policy allow)' }
  },
  { title: 'allow a single code', policy: { tlp: 'GREEN', allow: ['FR'] }, dir: ['O', 'FR', 'DE2'], recipients: ['O', 'FR'], excluded: { DE2: 'excluded: DE is not in FR (policy allow)' } },
  { title: 'allow terms are case-insensitive on input', policy: { tlp: 'green', allow: ['eu', ' jp '] }, dir: ['O', 'JP', 'CN'], recipients: ['O', 'JP'], excluded: { CN: 'excluded: CN is not in EU ∪ JP (policy allow)' } },
  {
    title: 'allow GDPR_ADEQUATE without personal data',
    policy: { tlp: 'AMBER', allow: ['GDPR_ADEQUATE'] },
    dir: ['O', 'US', 'CA', 'FR'],
    recipients: ['O', 'US', 'CA'],
    excluded: { FR: 'excluded: FR is not in GDPR_ADEQUATE (policy allow)' }
  },
  // deny
  { title: 'deny a code with an empty allow', policy: { tlp: 'GREEN', deny: ['US'] }, dir: ['O', 'US', 'FR', 'CN'], recipients: ['O', 'FR', 'CN'], excluded: { US: 'excluded: US is denied by the policy (deny: US)' } },
  {
    title: 'deny EU inside allow EEA leaves the EFTA states',
    policy: { tlp: 'AMBER', allow: ['EEA'], deny: ['EU'] },
    dir: ['O', 'FR', 'NO', 'US'],
    recipients: ['O', 'NO'],
    excluded: { FR: 'excluded: FR is denied by the policy (deny: EU)', US: 'excluded: US is not in EEA (policy allow)' }
  },
  { title: 'deny beats allow of the same code', policy: { tlp: 'GREEN', allow: ['FR'], deny: ['FR'] }, dir: ['O', 'FR'], recipients: ['O'], excluded: { FR: 'excluded: FR is denied by the policy (deny: FR)' } },
  { title: 'every matching deny term is named', policy: { tlp: 'GREEN', deny: ['FR', 'EU'] }, dir: ['O', 'FR', 'JP'], recipients: ['O', 'JP'], excluded: { FR: 'excluded: FR is denied by the policy (deny: EU, FR)' } },
  { title: 'deny CN leaves SG', policy: { tlp: 'AMBER', deny: ['CN'] }, dir: ['O', 'CN', 'SG'], recipients: ['O', 'SG'], excluded: { CN: 'excluded: CN is denied by the policy (deny: CN)' } },
  {
    title: 'deny beats naming',
    policy: { tlp: 'AMBER', deny: ['FR'], members: ['FR', 'JP'] },
    dir: ['O', 'FR', 'JP', 'US'],
    recipients: ['O', 'JP'],
    excluded: { FR: 'excluded: FR is denied by the policy (deny: FR)', US: 'excluded: the policy names its recipients and US Corp is not named' }
  },
  {
    title: "deny of the origin's own jurisdiction excludes others there but never the origin",
    policy: { tlp: 'GREEN', deny: ['DE'] },
    dir: ['O', 'DE2', 'FR'],
    recipients: ['O', 'FR'],
    excluded: { DE2: 'excluded: DE is denied by the policy (deny: DE)' }
  },
  // sharing groups
  {
    title: 'groups finance',
    policy: { tlp: 'AMBER', groups: ['finance'] },
    dir: ['O', 'FR', 'JP', 'US', 'SG'],
    recipients: ['O', 'FR', 'JP'],
    excluded: { US: 'excluded: not in any of the sharing groups finance', SG: 'excluded: not in any of the sharing groups finance' }
  },
  {
    title: 'groups is a union of sharing groups',
    policy: { tlp: 'AMBER', groups: ['telecom', 'energy'] },
    dir: ['O', 'US', 'NO', 'SG', 'FR'],
    recipients: ['O', 'US', 'NO', 'SG'],
    excluded: { FR: 'excluded: not in any of the sharing groups energy, telecom' }
  },
  { title: 'groups and allow both narrow', policy: { tlp: 'AMBER', groups: ['finance'], allow: ['EU'] }, dir: ['O', 'FR', 'JP'], recipients: ['O', 'FR'], excluded: { JP: 'excluded: JP is not in EU (policy allow)' } },
  { title: 'the origin needs no sharing group', policy: { tlp: 'AMBER', groups: ['telecom'] }, dir: ['O', 'SG', 'FR'], recipients: ['O', 'SG'], excluded: { FR: 'excluded: not in any of the sharing groups telecom' } },
  { title: 'sharing group names are case-insensitive on input', policy: { tlp: 'AMBER', groups: ['Energy'] }, dir: ['O', 'NO', 'CH'], recipients: ['O', 'NO'], excluded: { CH: 'excluded: not in any of the sharing groups energy' } },
  // authorities
  {
    title: 'authorities false keeps public authorities out',
    policy: { tlp: 'GREEN' },
    dir: ['O', 'NLP', 'GB', 'FR'],
    recipients: ['O', 'FR'],
    excluded: {
      NLP: 'excluded: NL Police is a public authority and the policy does not allow authorities',
      GB: 'excluded: GB NCSC is a public authority and the policy does not allow authorities'
    }
  },
  { title: 'authorities true lets them in', policy: { tlp: 'GREEN', authorities: true }, dir: ['O', 'NLP', 'GB', 'FR'], recipients: ['O', 'NLP', 'GB', 'FR'], excluded: {} },
  { title: 'authorities true does not lift allow', policy: { tlp: 'AMBER', authorities: true, allow: ['EU'] }, dir: ['O', 'NLP', 'GB'], recipients: ['O', 'NLP'], excluded: { GB: 'excluded: GB is not in EU (policy allow)' } },
  {
    title: 'authorities with groups and allow',
    policy: { tlp: 'AMBER', authorities: true, allow: ['EEA'], groups: ['finance'] },
    dir: ['O', 'NLP', 'NO', 'GB'],
    recipients: ['O', 'NLP'],
    excluded: { NO: 'excluded: not in any of the sharing groups finance', GB: 'excluded: GB is not in EEA (policy allow)' }
  },
  // personal data
  {
    title: 'personal data goes to EEA and adequate countries only',
    policy: { tlp: 'AMBER', personalData: true },
    dir: ['O', 'FR', 'NO', 'JP', 'CH', 'US', 'CA', 'SG', 'CN', 'BR'],
    recipients: ['O', 'FR', 'NO', 'JP', 'CH', 'US', 'CA'],
    excluded: {
      SG: 'excluded: SG is not in EEA ∪ GDPR_ADEQUATE and the bundle holds personal data',
      CN: 'excluded: CN is not in EEA ∪ GDPR_ADEQUATE and the bundle holds personal data',
      BR: 'excluded: BR is not in EEA ∪ GDPR_ADEQUATE and the bundle holds personal data'
    }
  },
  {
    title: 'personal data within allow EU ∪ EEA excludes an adequate country by allow',
    policy: { tlp: 'AMBER', personalData: true, allow: ['EU', 'EEA'] },
    dir: ['O', 'FR', 'NO', 'US'],
    recipients: ['O', 'FR', 'NO'],
    excluded: { US: 'excluded: US is not in EEA ∪ EU (policy allow)' }
  },
  {
    title: 'personal data intersects allow: an allowed non-adequate country is out',
    policy: { tlp: 'AMBER', personalData: true, allow: ['SG', 'FR'] },
    dir: ['O', 'SG', 'FR'],
    recipients: ['O', 'FR'],
    excluded: { SG: 'excluded: SG is not in EEA ∪ GDPR_ADEQUATE and the bundle holds personal data' }
  },
  {
    title: 'outside allow and outside the personal-data area: both named',
    policy: { tlp: 'AMBER', personalData: true, allow: ['EU'] },
    dir: ['O', 'SG', 'CH'],
    recipients: ['O'],
    excluded: {
      SG: 'excluded: SG is not in EU (policy allow) nor in EEA ∪ GDPR_ADEQUATE (the bundle holds personal data)',
      CH: 'excluded: CH is not in EU (policy allow)'
    }
  },
  {
    title: 'personal data with allow GDPR_ADEQUATE',
    policy: { tlp: 'AMBER', personalData: true, allow: ['GDPR_ADEQUATE'] },
    dir: ['O', 'JP', 'CH', 'US', 'FR'],
    recipients: ['O', 'JP', 'CH', 'US'],
    excluded: { FR: 'excluded: FR is not in GDPR_ADEQUATE (policy allow)' }
  },
  { title: 'personal data and deny US', policy: { tlp: 'AMBER', personalData: true, deny: ['US'] }, dir: ['O', 'US', 'JP'], recipients: ['O', 'JP'], excluded: { US: 'excluded: US is denied by the policy (deny: US)' } },
  { title: 'personal data to Switzerland and Japan', policy: { tlp: 'GREEN', personalData: true }, dir: ['O', 'CH', 'JP'], recipients: ['O', 'CH', 'JP'], excluded: {} },
  { title: 'personal data to the UK authority when authorities are allowed', policy: { tlp: 'GREEN', personalData: true, authorities: true }, dir: ['O', 'GB', 'CN'], recipients: ['O', 'GB'], excluded: { CN: 'excluded: CN is not in EEA ∪ GDPR_ADEQUATE and the bundle holds personal data' } },
  { title: 'personal data to a partially adequate country (CA)', policy: { tlp: 'GREEN', personalData: true, allow: ['CA'] }, dir: ['O', 'CA'], recipients: ['O', 'CA'], excluded: {} },
  { title: 'personal data: Brazil (adequacy pending) is not adequate', policy: { tlp: 'GREEN', personalData: true, allow: ['BR', 'EU'] }, dir: ['O', 'BR'], recipients: ['O'], excluded: { BR: 'excluded: BR is not in EEA ∪ GDPR_ADEQUATE and the bundle holds personal data' } },
  { title: 'personal data with allow US reaches the US', policy: { tlp: 'GREEN', personalData: true, allow: ['US'] }, dir: ['O', 'US', 'JP'], recipients: ['O', 'US'], excluded: { JP: 'excluded: JP is not in US (policy allow)' } },
  {
    title: 'personal data when this node lacks GDPR_ADEQUATE: nobody but the origin',
    policy: { tlp: 'GREEN', personalData: true },
    raw: true,
    groups: NO_ADEQUACY,
    dir: ['O', 'FR', 'JP'],
    recipients: ['O'],
    excluded: {
      FR: "excluded: the bundle holds personal data and this node's jurisdiction data lacks GDPR_ADEQUATE",
      JP: "excluded: the bundle holds personal data and this node's jurisdiction data lacks GDPR_ADEQUATE"
    }
  },
  // RED and AMBER+STRICT
  {
    title: 'RED goes to the named member only',
    policy: { tlp: 'RED', members: ['FR'] },
    dir: ['O', 'FR', 'JP'],
    recipients: ['O', 'FR'],
    excluded: { JP: 'excluded: TLP:RED goes only to named members and JP CERT is not named' }
  },
  {
    title: 'RED: a named member outside allow stays out (law beats naming)',
    policy: { tlp: 'RED', members: ['FR', 'US'], allow: ['EU'] },
    dir: ['O', 'FR', 'US'],
    recipients: ['O', 'FR'],
    excluded: { US: 'excluded: US is not in EU (policy allow)' }
  },
  {
    title: 'RED: a named authority without authorities stays out',
    policy: { tlp: 'RED', members: ['NLP', 'FR'] },
    dir: ['O', 'NLP', 'FR'],
    recipients: ['O', 'FR'],
    excluded: { NLP: 'excluded: NL Police is a public authority and the policy does not allow authorities' }
  },
  { title: 'RED: a named authority with authorities', policy: { tlp: 'RED', members: ['NLP'], authorities: true }, dir: ['O', 'NLP', 'GB'], recipients: ['O', 'NLP'], excluded: { GB: 'excluded: TLP:RED goes only to named members and GB NCSC is not named' } },
  { title: 'RED: a named suspended member stays out', policy: { tlp: 'RED', members: ['ITS'] }, dir: ['O', 'ITS'], recipients: ['O'], excluded: { ITS: 'excluded: member is suspended' } },
  {
    title: 'RED: a named key missing from the directory is reported',
    policy: { tlp: 'RED', members: ['GHOST', 'FR'] },
    dir: ['O', 'FR'],
    recipients: ['O', 'FR'],
    excluded: { GHOST: "excluded: named member is not in this node's directory" }
  },
  {
    title: 'RED without named members reaches only the origin',
    policy: { tlp: 'RED' },
    raw: true,
    dir: ['O', 'FR', 'JP'],
    recipients: ['O'],
    excluded: {
      FR: 'excluded: TLP:RED goes only to named members and FR Bank is not named',
      JP: 'excluded: TLP:RED goes only to named members and JP CERT is not named'
    }
  },
  {
    title: 'AMBER+STRICT goes to the named members',
    policy: { tlp: 'AMBER+STRICT', members: ['FR', 'JP'] },
    dir: ['O', 'FR', 'JP', 'US'],
    recipients: ['O', 'FR', 'JP'],
    excluded: { US: 'excluded: TLP:AMBER+STRICT goes only to named members and US Corp is not named' }
  },
  {
    title: 'AMBER_STRICT spelling is accepted',
    policy: { tlp: 'amber_strict', members: ['JP'] },
    dir: ['O', 'JP', 'CH'],
    recipients: ['O', 'JP'],
    excluded: { CH: 'excluded: TLP:AMBER+STRICT goes only to named members and CH Bank is not named' }
  },
  {
    title: 'AMBER+STRICT without named members reaches only the origin',
    policy: { tlp: 'AMBER+STRICT' },
    raw: true,
    dir: ['O', 'FR'],
    recipients: ['O'],
    excluded: { FR: 'excluded: TLP:AMBER+STRICT goes only to named members and FR Bank is not named' }
  },
  {
    title: 'AMBER+STRICT: a named member in an adequate country, personal data, allow EU',
    policy: { tlp: 'AMBER+STRICT', members: ['JP', 'FR'], personalData: true, allow: ['EU'] },
    dir: ['O', 'JP', 'FR'],
    recipients: ['O', 'FR'],
    excluded: { JP: 'excluded: JP is not in EU (policy allow)' }
  },
  { title: 'AMBER+STRICT: named authorities with authorities', policy: { tlp: 'AMBER+STRICT', members: ['NLP', 'FR'], authorities: true }, dir: ['O', 'NLP', 'FR'], recipients: ['O', 'NLP', 'FR'], excluded: {} },
  { title: 'RED: named and in the sharing group', policy: { tlp: 'RED', members: ['FR'], groups: ['finance'] }, dir: ['O', 'FR', 'JP'], recipients: ['O', 'FR'], excluded: { JP: 'excluded: TLP:RED goes only to named members and JP CERT is not named' } },
  { title: 'RED: deny beats naming before personal data', policy: { tlp: 'RED', members: ['US'], deny: ['US'], personalData: true }, dir: ['O', 'US'], recipients: ['O'], excluded: { US: 'excluded: US is denied by the policy (deny: US)' } },
  {
    title: 'RED naming only the origin',
    policy: { tlp: 'RED', members: ['O'] },
    dir: ['O', 'FR'],
    recipients: ['O'],
    excluded: { FR: 'excluded: TLP:RED goes only to named members and FR Bank is not named' }
  },
  { title: 'RED: a named non-adequate member with personal data', policy: { tlp: 'RED', members: ['SG'], personalData: true }, dir: ['O', 'SG'], recipients: ['O'], excluded: { SG: 'excluded: SG is not in EEA ∪ GDPR_ADEQUATE and the bundle holds personal data' } },
  // named members with lower TLPs
  {
    title: 'GREEN with named members goes only to them',
    policy: { tlp: 'GREEN', members: ['FR'] },
    dir: ['O', 'FR', 'JP'],
    recipients: ['O', 'FR'],
    excluded: { JP: 'excluded: the policy names its recipients and JP CERT is not named' }
  },
  {
    title: 'CLEAR with a named key that is not in the directory',
    policy: { tlp: 'CLEAR', members: ['FR', 'GHOST'] },
    dir: ['O', 'FR', 'CN'],
    recipients: ['O', 'FR'],
    excluded: { CN: 'excluded: the policy names its recipients and CN Lab is not named', GHOST: "excluded: named member is not in this node's directory" }
  },
  { title: 'naming does not lift the sharing groups', policy: { tlp: 'AMBER', members: ['FR'], groups: ['energy'] }, dir: ['O', 'FR'], recipients: ['O'], excluded: { FR: 'excluded: not in any of the sharing groups energy' } },
  // suspension and unknown jurisdictions
  { title: 'suspension is reported before deny', policy: { tlp: 'GREEN', deny: ['IT'] }, dir: ['O', 'ITS'], recipients: ['O'], excluded: { ITS: 'excluded: member is suspended' } },
  { title: 'a suspended member in the sharing group gets nothing', policy: { tlp: 'AMBER', groups: ['finance'] }, dir: ['O', 'ITS', 'FR'], recipients: ['O', 'FR'], excluded: { ITS: 'excluded: member is suspended' } },
  { title: 'an unknown jurisdiction is reported before deny', policy: { tlp: 'GREEN', deny: ['US'] }, dir: ['O', 'XK'], recipients: ['O'], excluded: { XK: 'excluded: jurisdiction XK is unknown' } },
  { title: 'an unknown jurisdiction cannot be named in', policy: { tlp: 'RED', members: ['XK'] }, dir: ['O', 'XK'], recipients: ['O'], excluded: { XK: 'excluded: jurisdiction XK is unknown' } },
  // directories
  { title: 'empty directory: the origin only', policy: { tlp: 'GREEN' }, dir: [], recipients: ['O'], excluded: {} },
  { title: 'empty directory with RED named members', policy: { tlp: 'RED', members: ['FR'] }, dir: [], recipients: ['O'], excluded: { FR: "excluded: named member is not in this node's directory" } },
  { title: 'directory holding only the origin', policy: { tlp: 'AMBER', allow: ['EU'] }, dir: ['O'], recipients: ['O'], excluded: {} },
  // terms this node does not know (a policy from another node)
  {
    title: 'an unknown allow term covers nobody',
    policy: { tlp: 'GREEN', allow: ['NORDICS'] },
    raw: true,
    dir: ['O', 'NO'],
    recipients: ['O'],
    excluded: { NO: 'excluded: NO is not in NORDICS (policy allow; NORDICS unknown to this node)' }
  },
  {
    title: 'an unknown allow term beside a known one',
    policy: { tlp: 'GREEN', allow: ['FR', 'NORDICS'] },
    raw: true,
    dir: ['O', 'FR', 'US'],
    recipients: ['O', 'FR'],
    excluded: { US: 'excluded: US is not in FR ∪ NORDICS (policy allow; NORDICS unknown to this node)' }
  },
  {
    title: 'an unknown deny term excludes everyone but the origin',
    policy: { tlp: 'GREEN', deny: ['SANCTIONED'] },
    raw: true,
    dir: ['O', 'FR', 'JP'],
    recipients: ['O'],
    excluded: {
      FR: 'excluded: the policy denies SANCTIONED, unknown to this node, so no member can be cleared',
      JP: 'excluded: the policy denies SANCTIONED, unknown to this node, so no member can be cleared'
    }
  },
  // admin-extended groups
  {
    title: 'an admin group NORDICS',
    policy: { tlp: 'AMBER', allow: ['NORDICS'] },
    groups: NORDICS,
    dir: ['O', 'NO', 'FR'],
    recipients: ['O', 'NO'],
    excluded: { FR: 'excluded: FR is not in NORDICS (policy allow)' }
  },
  { title: 'EU extended with the outermost regions', policy: { tlp: 'AMBER', allow: ['EU'] }, groups: NORDICS, dir: ['O', 'RE', 'NO'], recipients: ['O', 'RE'], excluded: { NO: 'excluded: NO is not in EU (policy allow)' } },
  { title: 'without the extension an outermost region is not EU', policy: { tlp: 'AMBER', allow: ['EU'] }, dir: ['O', 'RE'], recipients: ['O'], excluded: { RE: 'excluded: RE is not in EU (policy allow)' } },
  { title: 'deny EU_OUTERMOST_REGIONS', policy: { tlp: 'GREEN', deny: ['EU_OUTERMOST_REGIONS'] }, dir: ['O', 'RE', 'FR'], recipients: ['O', 'FR'], excluded: { RE: 'excluded: RE is denied by the policy (deny: EU_OUTERMOST_REGIONS)' } },
  // combinations
  {
    title: 'every rule at once',
    policy: { tlp: 'AMBER', allow: ['EEA'], deny: ['FR'], groups: ['finance'], authorities: true, personalData: true },
    dir: ['O', 'FR', 'NLP', 'JP', 'NO', 'ITS', 'XK'],
    recipients: ['O', 'NLP'],
    excluded: {
      FR: 'excluded: FR is denied by the policy (deny: FR)',
      JP: 'excluded: JP is not in EEA (policy allow)',
      NO: 'excluded: not in any of the sharing groups finance',
      ITS: 'excluded: member is suspended',
      XK: 'excluded: jurisdiction XK is unknown'
    }
  },
  {
    title: 'AMBER for EU finance without authorities',
    policy: { tlp: 'AMBER', allow: ['EU'], groups: ['finance'] },
    dir: ['O', 'FR', 'NLP', 'DE2'],
    recipients: ['O', 'FR'],
    excluded: {
      NLP: 'excluded: NL Police is a public authority and the policy does not allow authorities',
      DE2: 'excluded: not in any of the sharing groups finance'
    }
  },
  {
    title: 'GREEN for GDPR free flow without China, with authorities',
    policy: { tlp: 'GREEN', allow: ['GDPR_FREE_FLOW'], deny: ['CN'], authorities: true },
    dir: ['O', 'GB', 'CH', 'CN', 'SG'],
    recipients: ['O', 'GB', 'CH'],
    excluded: { CN: 'excluded: CN is denied by the policy (deny: CN)', SG: 'excluded: SG is not in GDPR_FREE_FLOW (policy allow)' }
  },
  {
    title: 'personal data for the finance group outside the EU',
    policy: { tlp: 'AMBER', personalData: true, groups: ['finance'], deny: ['EU'] },
    dir: ['O', 'JP', 'FR', 'US', 'SG'],
    recipients: ['O', 'JP'],
    excluded: {
      FR: 'excluded: FR is denied by the policy (deny: EU)',
      US: 'excluded: not in any of the sharing groups finance',
      SG: 'excluded: SG is not in EEA ∪ GDPR_ADEQUATE and the bundle holds personal data'
    }
  }
]

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
