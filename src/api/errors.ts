import { IntelmeshError } from '../errors.js'
import type { FastifyError } from 'fastify'

/** An error raised by the HTTP edge itself (authentication, validation, routing, media types). */
export class ApiError extends IntelmeshError {
  static override name = 'ApiError'
  /** The request field at fault, e.g. `body.policy.tlp` or `params.id`. */
  readonly field: string | undefined

  constructor (code: string, message: string, field?: string) {
    super(code, message)
    this.field = field
  }
}

/**
 * Error code -> HTTP status: the one table of the API edge (fastify `lib/errors.js` style).
 * A code not listed here is unexpected and answered with 500 and a generic message.
 */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  // The HTTP edge.
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_ACCEPTABLE: 406,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // Directory and keys.
  INVALID_MEMBER_KEY: 400,
  DIRECTORY_INVALID_MEMBER: 400,
  DIRECTORY_UNKNOWN_MEMBER: 404,
  DIRECTORY_DUPLICATE_MEMBER: 409,
  DIRECTORY_SELF_PROTECTED: 409,
  DIRECTORY_MEMBER_FINAL: 409,
  DIRECTORY_MEMBER_NOT_ACTIVE: 409,
  KEYS_MALFORMED_STATEMENT: 400,
  KEYS_BAD_SIGNATURE: 422,
  KEYS_UNKNOWN_KEY: 404,
  KEYS_KEY_NOT_ACTIVE: 409,
  KEYS_NEW_KEY_IN_USE: 409,
  KEYS_STALE_STATEMENT: 409,
  KEYS_NO_PENDING_ROTATION: 404,
  KEYS_RESTART_PENDING: 503,
  // Bundles.
  PUBLISH_INVALID: 400,
  SEARCH_INVALID_VALUE: 400,
  BUNDLE_NOT_FOUND: 404,
  NOT_ORIGIN: 403,
  STORE_TOMBSTONED: 409,
  STORE_COUNTER_CONFLICT: 409,
  STIX_TOO_LARGE: 413,
  ENVELOPE_TOO_LARGE: 413,
  POLICY_INVALID: 422,
  // The MISP bridge (src/misp).
  MISP_INVALID: 422,
  MISP_TLP_MISSING: 422,
  MISP_MEMBERS_REQUIRED: 422,
  MISP_DISTRIBUTION_LOCAL: 422,
  MISP_UNMAPPED: 422,
  MISP_NOT_CONVERTIBLE: 409,
  STIX_BAD_JSON: 422,
  STIX_INVALID: 422,
  STIX_TLP_TOO_LOOSE: 422,
  // Sightings (docs/sightings-and-receipts.md).
  SIGHTING_INVALID: 400,
  SIGHTING_UNKNOWN_BUNDLE: 404,
  SIGHTING_NOT_INTEL: 409,
  SIGHTING_OWN_BUNDLE: 409,
  SIGHTING_ORIGIN_UNKNOWN: 409,
  SIGHTING_ORIGIN_EXCLUDED: 409,
  SIGHTING_NO_INDICATOR: 422,
  SIGHTING_INDICATOR_REQUIRED: 422,
  SIGHTING_UNKNOWN_INDICATOR: 422,
  // Backup and restore.
  PUBLISH_HELD: 503
}

/**
 * Node errors name a field of the node's own input (`tlp`, `valid_from`); at the
 * HTTP edge the field is named from the request body, like validation errors.
 */
const FIELD_PREFIX: Readonly<Record<string, string>> = {
  DIRECTORY_INVALID_MEMBER: 'body',
  PUBLISH_INVALID: 'body',
  POLICY_INVALID: 'body.policy',
  MISP_INVALID: 'body.event',
  MISP_TLP_MISSING: 'body.event',
  MISP_DISTRIBUTION_LOCAL: 'body.event',
  MISP_UNMAPPED: 'body.event',
  MISP_MEMBERS_REQUIRED: 'body',
  STIX_INVALID: 'body.stix',
  STIX_TLP_TOO_LOOSE: 'body.stix'
}

/** Fastify's own error codes, renamed to ours so clients see one vocabulary. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE'
}

/** The JSON error body every route returns. */
export interface ErrorBody { error: { code: string; message: string; field?: string } }

/** What the edge answers for an error, and whether it was unexpected (to be logged in full). */
export interface HttpFailure {
  status: number
  code: string
  message: string
  field?: string
  unexpected: boolean
}

/** Maps any thrown value to a status, a stable code and a message safe to show the client. */
export function toHttpFailure (err: unknown): HttpFailure {
  const fastifyCode = (err as Partial<FastifyError> | null)?.code
  if (err instanceof IntelmeshError) {
    const status = ERROR_STATUS[err.code]
    if (status != null) {
      const failure: HttpFailure = { status, code: err.code, message: err.message, unexpected: false }
      const field = nodeFieldOf(err)
      if (field != null) failure.field = field
      return failure
    }
  } else if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode] != null) {
    const code = FASTIFY_CODES[fastifyCode]
    const failure: HttpFailure = { status: ERROR_STATUS[code] ?? 400, code, message: (err as Error).message, unexpected: false }
    const field = fieldOf(err)
    if (field != null) failure.field = field
    return failure
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error (see the node log)', unexpected: true }
}

/** The JSON body for a failure. */
export function errorBody (failure: HttpFailure): ErrorBody {
  const body: ErrorBody = { error: { code: failure.code, message: failure.message } }
  if (failure.field != null) body.error.field = failure.field
  return body
}

function nodeFieldOf (err: IntelmeshError): string | undefined {
  const field = fieldOf(err)
  const prefix = FIELD_PREFIX[err.code]
  if (field == null || prefix == null) return field
  const index = (err as { index?: unknown }).index
  const objectPath = typeof index === 'number' ? `.objects[${index}]` : ''
  return field.startsWith('(') ? `${prefix}${objectPath}` : `${prefix}${objectPath}.${field}`
}

function fieldOf (err: unknown): string | undefined {
  const field = (err as { field?: unknown }).field
  return typeof field === 'string' ? field : undefined
}

/** JSON schema of the error body, for the OpenAPI document and response serialisation. */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string' }
      }
    }
  }
} as const
