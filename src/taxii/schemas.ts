import { TAXII_MAX_PAGE_LIMIT } from './constants.js'

// JSON schemas of the TAXII 2.1 resources (OASIS TAXII 2.1 §3-§5). Response
// schemas list every property that may be sent; STIX objects pass as they are.

const text = { type: 'string' } as const
const texts = { type: 'array', items: text } as const

/** TAXII error message resource. */
export const TAXII_ERROR = {
  type: 'object',
  required: ['title'],
  properties: { title: text, description: text, error_id: text, error_code: text, http_status: text }
} as const

/** A collection resource. */
export const COLLECTION = {
  type: 'object',
  required: ['id', 'title', 'can_read', 'can_write'],
  properties: {
    id: text,
    title: text,
    description: text,
    alias: text,
    can_read: { type: 'boolean' },
    can_write: { type: 'boolean' },
    media_types: texts
  }
} as const

const STATUS_DETAIL = { type: 'object', properties: { id: text, version: text, message: text } } as const

/** A status resource. */
export const STATUS = {
  type: 'object',
  required: ['id', 'status', 'total_count', 'success_count', 'failure_count', 'pending_count'],
  properties: {
    id: text,
    status: text,
    request_timestamp: text,
    total_count: { type: 'integer' },
    success_count: { type: 'integer' },
    successes: { type: 'array', items: STATUS_DETAIL },
    failure_count: { type: 'integer' },
    failures: { type: 'array', items: STATUS_DETAIL },
    pending_count: { type: 'integer' },
    pendings: { type: 'array', items: STATUS_DETAIL }
  }
} as const

/** An envelope of STIX objects. */
export const ENVELOPE = {
  type: 'object',
  properties: {
    more: { type: 'boolean' },
    next: text,
    objects: { type: 'array', items: { type: 'object', additionalProperties: true } }
  }
} as const

/** A manifest resource. */
export const MANIFEST = {
  type: 'object',
  properties: {
    more: { type: 'boolean' },
    next: text,
    objects: {
      type: 'array',
      items: { type: 'object', properties: { id: text, date_added: text, version: text, media_type: text } }
    }
  }
} as const

/** A versions resource. */
export const VERSIONS = {
  type: 'object',
  properties: { more: { type: 'boolean' }, next: text, versions: texts }
} as const

const list = { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 2000 } } as const

/** Builds the querystring schema of an object endpoint: unknown parameters are a 400. */
export function objectsQuery (fields: Array<'id' | 'type' | 'version'>): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    added_after: { type: 'string', maxLength: 64 },
    limit: { type: 'integer', minimum: 1, description: `capped at ${TAXII_MAX_PAGE_LIMIT}` },
    next: { type: 'string', maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' },
    'match[spec_version]': list
  }
  for (const field of fields) properties[`match[${field}]`] = list
  return { type: 'object', additionalProperties: false, properties }
}

/** Path parameter schemas. */
export const COLLECTION_ID = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } as const
/** A STIX identifier. */
export const OBJECT_ID = { type: 'string', maxLength: 300, pattern: '^[a-z0-9][a-z0-9-]*--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } as const
