import { expect } from 'chai'
import { createValidatorCompiler, formatSchemaError } from '../../src/api/validation.js'
import type { ErrorObject } from 'ajv'

const compile = createValidatorCompiler()

function errorsOf (schema: object, data: unknown, httpPart = 'body'): ErrorObject[] {
  const validate = compile({ schema, httpPart, method: 'POST', url: '/x' }) as ((d: unknown) => boolean) & { errors?: ErrorObject[] }
  expect(validate(data)).to.equal(false)
  return validate.errors ?? []
}

describe('api - validation', () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    required: ['policy'],
    properties: {
      policy: { type: 'object', required: ['tlp'], properties: { tlp: { enum: ['GREEN', 'RED'] }, allow: { type: 'array', items: { type: 'string' } } } },
      limit: { type: 'integer' }
    }
  }

  it('names a missing field', () => {
    const err = formatSchemaError(errorsOf(schema, { policy: {} }), 'body')
    expect(err).to.include({ code: 'VALIDATION_FAILED', field: 'body.policy.tlp' })
    expect(err.message).to.equal('body.policy.tlp is required')
  })

  it('names an unknown field instead of silently dropping it', () => {
    expect(formatSchemaError(errorsOf(schema, { policy: { tlp: 'RED' }, extra: 1 }), 'body').field).to.equal('body.extra')
  })

  it('lists the allowed values of an enum', () => {
    const err = formatSchemaError(errorsOf(schema, { policy: { tlp: 'BLUE' } }), 'body')
    expect(err.message).to.equal('body.policy.tlp must be one of "GREEN", "RED"')
  })

  it('writes array positions with brackets', () => {
    expect(formatSchemaError(errorsOf(schema, { policy: { tlp: 'RED', allow: ['DK', 7] } }), 'body').field).to.equal('body.policy.allow[1]')
  })

  it('does not coerce body types, but does coerce query strings', () => {
    expect(formatSchemaError(errorsOf(schema, { policy: { tlp: 'RED' }, limit: '5' }), 'body').field).to.equal('body.limit')
    const query = compile({ schema: { type: 'object', properties: { limit: { type: 'integer' } } }, httpPart: 'querystring', method: 'GET', url: '/x' }) as (d: unknown) => boolean
    const data = { limit: '5' }
    expect(query(data)).to.equal(true)
    expect(data.limit).to.equal(5)
  })

  it('names the request part for querystring, params and headers', () => {
    const q = errorsOf({ type: 'object', properties: { limit: { type: 'integer' } } }, { limit: 'x' }, 'querystring')
    expect(formatSchemaError(q, 'querystring').field).to.equal('query.limit')
    expect(formatSchemaError(q, 'params').field).to.equal('params.limit')
  })
})
