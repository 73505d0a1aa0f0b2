import { ApiError } from '../api/errors.js'
import { TAXII_MAX_PAGE_LIMIT, TAXII_PAGE_LIMIT } from './constants.js'

/** How `match[version]` picks among the versions of one object. */
export type VersionSelector = 'first' | 'last' | 'all' | { at: string }

/** Parsed TAXII filters of one request. */
export interface ObjectFilter {
  ids?: Set<string>
  types?: Set<string>
  versions: VersionSelector[]
  specVersions?: Set<string>
  /** ms since epoch: only versions added strictly after. */
  addedAfter?: number
  limit: number
  /** Cursor: continue after this (log position, object index). */
  after?: { pos: number, index: number }
}

/** Query string of TAXII object endpoints as fastify hands it over (lists already coerced). */
export interface TaxiiQuery {
  added_after?: string
  limit?: number
  next?: string
  'match[id]'?: string[]
  'match[type]'?: string[]
  'match[version]'?: string[]
  'match[spec_version]'?: string[]
}

const STIX_ID = /^[a-z0-9][a-z0-9-]*--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const STIX_TYPE = /^[a-z0-9][a-z0-9-]*$/
const SPEC_VERSION = /^[0-9]+\.[0-9]+$/
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/

/**
 * STIX timestamp -> a form that sorts and compares as text (nanosecond digits),
 * so `2016-04-06T20:06:37Z` and `2016-04-06T20:06:37.000Z` are the same version.
 * Undefined for anything that is not an RFC 3339 UTC timestamp.
 */
export function normalizeTimestamp (text: string): string | undefined {
  const m = TIMESTAMP.exec(text)
  if (m == null || Number.isNaN(Date.parse(text))) return undefined
  return `${m[1] ?? ''}.${(m[2] ?? '').padEnd(9, '0')}Z`
}

/** Opaque `next` cursor for (log position, object index). */
export function encodeCursor (pos: number, index: number): string {
  return Buffer.from(`${pos}.${index}`).toString('base64url')
}

/** Inverse of `encodeCursor`; throws a 400 naming `next` for anything else. */
export function decodeCursor (text: string): { pos: number, index: number } {
  const m = /^(\d{1,15})\.(\d{1,9})$/.exec(Buffer.from(text, 'base64url').toString('utf8'))
  if (m == null) throw new ApiError('VALIDATION_FAILED', 'query.next is not a cursor this server issued', 'query.next')
  return { pos: Number(m[1]), index: Number(m[2]) }
}

/** Which filters an endpoint accepts (TAXII 2.1 §5: versions takes no id/type/version). */
export interface FilterOptions { id: boolean, type: boolean, version: boolean }

/** Parses and checks TAXII filters; every error is a 400 naming the parameter. */
export function parseFilter (query: TaxiiQuery, allowed: FilterOptions): ObjectFilter {
  const filter: ObjectFilter = {
    versions: ['last'],
    limit: Math.min(query.limit ?? TAXII_PAGE_LIMIT, TAXII_MAX_PAGE_LIMIT)
  }
  const refuse = (name: keyof TaxiiQuery): never => {
    throw new ApiError('VALIDATION_FAILED', `query.${name} is not supported by this endpoint`, `query.${name}`)
  }
  if (query['match[id]'] != null) {
    if (!allowed.id) refuse('match[id]')
    filter.ids = new Set(listOf(query['match[id]'], 'match[id]', v => STIX_ID.test(v)))
  }
  if (query['match[type]'] != null) {
    if (!allowed.type) refuse('match[type]')
    filter.types = new Set(listOf(query['match[type]'], 'match[type]', v => STIX_TYPE.test(v)))
  }
  if (query['match[version]'] != null) {
    if (!allowed.version) refuse('match[version]')
    filter.versions = listOf(query['match[version]'], 'match[version]',
      v => v === 'first' || v === 'last' || v === 'all' || normalizeTimestamp(v) != null)
      .map(v => v === 'first' || v === 'last' || v === 'all' ? v : { at: normalizeTimestamp(v) ?? v })
  } else if (!allowed.version) {
    filter.versions = ['all']
  }
  if (query['match[spec_version]'] != null) {
    filter.specVersions = new Set(listOf(query['match[spec_version]'], 'match[spec_version]', v => SPEC_VERSION.test(v)))
  }
  if (query.added_after != null) {
    if (normalizeTimestamp(query.added_after) == null) {
      throw new ApiError('VALIDATION_FAILED', 'query.added_after must be a UTC timestamp such as 2024-05-01T12:00:00.000Z', 'query.added_after')
    }
    filter.addedAfter = Date.parse(query.added_after)
  }
  if (query.next != null) filter.after = decodeCursor(query.next)
  return filter
}

/** Splits comma-separated values (TAXII allows `a,b` and repeated parameters alike) and checks each. */
function listOf (raw: string[], name: string, valid: (value: string) => boolean): string[] {
  const values = raw.flatMap(v => v.split(',')).map(v => v.trim())
  for (const value of values) {
    if (value === '' || !valid(value)) {
      throw new ApiError('VALIDATION_FAILED', `query.${name} has an invalid value "${value.slice(0, 100)}"`, `query.${name}`)
    }
  }
  return values
}
