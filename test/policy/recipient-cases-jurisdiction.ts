import { NO_ADEQUACY } from './recipient-case.js'
import type { Case } from './recipient-case.js'

/** Rows for TLP without restrictions, allow, deny, sharing groups, authorities and personal data. */
export const JURISDICTION_CASES: Case[] = [
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
  }
]
