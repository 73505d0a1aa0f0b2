import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { ApiError } from './errors.js'
import type { ErrorObject } from 'ajv'
import type { FastifySchemaCompiler } from 'fastify'

// ajv-formats is CommonJS: under NodeNext its default import is the module object, whose `default` is the plugin.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default ?? addFormatsModule

/**
 * One Ajv for bodies, params and headers, another for query strings: only query
 * strings are text that must be coerced into numbers and booleans. Neither strips
 * unknown properties (fastify's default does): an unknown field is a 400 naming it.
 */
function makeAjv (coerce: boolean): Ajv {
  const ajv = new Ajv({ allErrors: false, removeAdditional: false, useDefaults: true, coerceTypes: coerce ? 'array' : false, strict: false })
  addFormats(ajv)
  return ajv
}

/** A fastify validator compiler using strict Ajv instances (see `makeAjv`). */
export function createValidatorCompiler (): FastifySchemaCompiler<unknown> {
  const plain = makeAjv(false)
  const query = makeAjv(true)
  return ({ schema, httpPart }) => (httpPart === 'querystring' ? query : plain).compile(schema as object)
}

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' }

/** Turns Ajv errors into a 400 whose message and `field` name the offending request field. */
export function formatSchemaError (errors: ErrorObject[], dataVar: string): ApiError {
  const first = errors[0]
  const part = PART_NAMES[dataVar] ?? dataVar
  if (first == null) return new ApiError('VALIDATION_FAILED', `${part} is invalid`, part)
  const path = first.instancePath.split('/').filter(s => s !== '').map(unescapePointer)
  const params = first.params as Record<string, unknown>
  let detail = first.message ?? 'is invalid'
  if (first.keyword === 'required') {
    path.push(String(params.missingProperty))
    detail = 'is required'
  } else if (first.keyword === 'additionalProperties') {
    path.push(String(params.additionalProperty))
    detail = 'is not an allowed field'
  } else if (first.keyword === 'enum') {
    detail = `must be one of ${(params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`
  }
  const field = [part, ...path].reduce((acc, segment) => /^\d+$/.test(segment) ? `${acc}[${segment}]` : `${acc}.${segment}`)
  return new ApiError('VALIDATION_FAILED', `${field} ${detail}`, field)
}

function unescapePointer (segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~')
}
