import iso3166 from '../../config/iso3166.json' with { type: 'json' }
import { InvalidJurisdictionsError } from './errors.js'
import { isJurisdictionGroupName } from './names.js'
import type { JurisdictionGroups } from './types.js'

// The 249 officially assigned ISO 3166-1 alpha-2 codes. Reserved codes (EU, UK, EL, XK) are not
// country codes: a member's jurisdiction must be a real one so that every group test is exact.
const COUNTRY_CODES: ReadonlySet<string> = new Set(iso3166.codes.map(c => c.code))

/** The part of `config/jurisdictions.json` intelmesh reads; the file's other fields are provenance for admins. */
export interface JurisdictionData {
  /** Group name (UPPER_SNAKE) -> ISO 3166-1 alpha-2 codes or names of other groups. */
  groups: Readonly<Record<string, readonly string[]>>
}

/**
 * Admin additions from the node config: a new name adds a group, an existing name extends that group.
 * Members are codes or names of other groups (expanded).
 */
export type JurisdictionExtensions = Readonly<Record<string, readonly string[]>>

/** True when `code` is an officially assigned ISO 3166-1 alpha-2 code (upper case). */
export function isCountryCode (code: string): boolean {
  return COUNTRY_CODES.has(code)
}

/** Every officially assigned ISO 3166-1 alpha-2 code. */
export function countryCodes (): ReadonlySet<string> {
  return COUNTRY_CODES
}

/** The codes a policy term (a country code or a group name) stands for; undefined when unknown. */
export function expandTerm (term: string, groups: JurisdictionGroups): ReadonlySet<string> | undefined {
  if (isCountryCode(term)) {
    return new Set([term])
  }
  return groups.get(term)
}

/** Whether the term covers `code`: undefined when the term is unknown (callers must fail closed). */
export function termIncludes (term: string, code: string, groups: JurisdictionGroups): boolean | undefined {
  if (isCountryCode(term)) {
    return term === code
  }
  return groups.get(term)?.has(code)
}

/** Checks the shape of parsed jurisdiction JSON; throws InvalidJurisdictionsError naming the field. */
export function parseJurisdictionData (json: unknown): JurisdictionData {
  if (!isRecord(json) || !isRecord(json.groups)) {
    throw new InvalidJurisdictionsError(undefined, 'jurisdiction data must be an object with a "groups" object')
  }
  for (const [name, members] of Object.entries(json.groups)) {
    if (!Array.isArray(members) || !members.every(m => typeof m === 'string')) {
      throw new InvalidJurisdictionsError(name, 'members must be an array of strings')
    }
  }
  return { groups: json.groups as Record<string, string[]> }
}

/**
 * Base groups plus the admin's extensions -> resolved groups (name -> codes).
 * Names are UPPER_SNAKE and never a country code (a term must mean one thing); members must be known
 * codes or groups; group references are expanded and a cycle is an error.
 */
export function buildJurisdictionGroups (base: JurisdictionData, adminExtensions: JurisdictionExtensions = {}): JurisdictionGroups {
  const definitions = new Map<string, string[]>()
  for (const source of [base.groups, adminExtensions]) {
    for (const [name, members] of Object.entries(source)) {
      checkGroupName(name)
      const terms = definitions.get(name) ?? []
      terms.push(...members.map(m => m.trim().toUpperCase()))
      definitions.set(name, terms)
    }
  }

  const resolved = new Map<string, ReadonlySet<string>>()
  const resolving = new Set<string>()
  const resolve = (name: string): ReadonlySet<string> => {
    const done = resolved.get(name)
    if (done != null) {
      return done
    }
    if (resolving.has(name)) {
      throw new InvalidJurisdictionsError(name, `refers to itself through ${[...resolving].join(' -> ')}`)
    }
    resolving.add(name)
    const codes = new Set<string>()
    for (const term of definitions.get(name) ?? []) {
      if (isCountryCode(term)) {
        codes.add(term)
      } else if (definitions.has(term)) {
        for (const code of resolve(term)) {
          codes.add(code)
        }
      } else {
        throw new InvalidJurisdictionsError(name, `"${term}" is neither an ISO 3166-1 alpha-2 code nor a jurisdiction group`)
      }
    }
    resolving.delete(name)
    const sorted: ReadonlySet<string> = new Set([...codes].sort())
    resolved.set(name, sorted)
    return sorted
  }

  for (const name of [...definitions.keys()].sort()) {
    resolve(name)
  }
  return new Map([...resolved].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
}

function checkGroupName (name: string): void {
  if (!isJurisdictionGroupName(name)) {
    throw new InvalidJurisdictionsError(name, 'group names must be UPPER_SNAKE (A-Z, 0-9, _), e.g. GDPR_ADEQUATE')
  }
  if (isCountryCode(name)) {
    throw new InvalidJurisdictionsError(name, `${name} is an ISO 3166-1 country code and cannot name a group`)
  }
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
