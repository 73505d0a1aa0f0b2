import { NO_ADEQUACY, NORDICS } from './recipient-case.js'
import type { Case } from './recipient-case.js'

/** Rows for RED, AMBER+STRICT and named members, suspension, unknown jurisdictions and terms, directories, admin groups and combinations. */
export const NAMED_CASES: Case[] = [
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
