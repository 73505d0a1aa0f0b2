import { buildJurisdictionGroups } from '../../src/directory/jurisdictions.js'
import { BASE, GROUPS } from './fixtures.js'
import type { JurisdictionGroups } from '../../src/directory/types.js'
import type { Alias } from './fixtures.js'

/** One row of the recipient table. */
export interface Case {
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

/** Shipped groups plus an admin group NORDICS and EU extended with the outermost regions. */
export const NORDICS = buildJurisdictionGroups(BASE, {
  NORDICS: ['DK', 'FI', 'IS', 'NO', 'SE'],
  EU: ['EU_OUTERMOST_REGIONS']
})
/** A node whose jurisdiction data lacks GDPR_ADEQUATE. */
export const NO_ADEQUACY: JurisdictionGroups = new Map([...GROUPS].filter(([name]) => name !== 'GDPR_ADEQUATE'))
