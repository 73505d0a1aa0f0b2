import { expect } from 'chai'
import { ApiError, ERROR_STATUS, errorBody, toHttpFailure } from '../../src/api/errors.js'
import { IntelmeshError } from '../../src/errors.js'

class FieldError extends IntelmeshError {
  readonly field: string
  readonly index: number | undefined
  constructor (code: string, field: string, index?: number) {
    super(code, `bad ${field}`)
    this.field = field
    this.index = index
  }
}

describe('api - errors', () => {
  it('maps every listed code to its status', () => {
    const table: Array<[string, number]> = [
      ['VALIDATION_FAILED', 400], ['UNAUTHORIZED', 401], ['NOT_ORIGIN', 403], ['BUNDLE_NOT_FOUND', 404], ['NOT_ACCEPTABLE', 406],
      ['DIRECTORY_DUPLICATE_MEMBER', 409], ['STORE_TOMBSTONED', 409], ['BODY_TOO_LARGE', 413], ['UNSUPPORTED_MEDIA_TYPE', 415],
      ['STIX_INVALID', 422], ['STIX_TLP_TOO_LOOSE', 422], ['POLICY_INVALID', 422]
    ]
    for (const [code, status] of table) {
      expect(ERROR_STATUS[code], code).to.equal(status)
      expect(toHttpFailure(new IntelmeshError(code, 'x')).status, code).to.equal(status)
    }
  })

  it('answers 500 with a generic message for unexpected errors, whatever they say', () => {
    for (const err of [new Error('secret intel 10.0.0.1'), new IntelmeshError('STORE_CORRUPT', 'record 5 is corrupt'), 'a string']) {
      const failure = toHttpFailure(err)
      expect(failure).to.include({ status: 500, code: 'INTERNAL', unexpected: true })
      expect(failure.message).to.not.include('10.0.0.1')
    }
  })

  it("renames fastify's codes and keeps a field the error names", () => {
    const fastifyErr = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })
    expect(toHttpFailure(fastifyErr)).to.include({ status: 413, code: 'BODY_TOO_LARGE' })
    const validation = new ApiError('VALIDATION_FAILED', 'query.limit must be integer', 'query.limit')
    expect(errorBody(toHttpFailure(validation))).to.deep.equal({ error: { code: 'VALIDATION_FAILED', message: 'query.limit must be integer', field: 'query.limit' } })
  })

  it('names node fields from the request body', () => {
    expect(toHttpFailure(new FieldError('POLICY_INVALID', 'members')).field).to.equal('body.policy.members')
    expect(toHttpFailure(new FieldError('STIX_INVALID', 'valid_from', 3)).field).to.equal('body.stix.objects[3].valid_from')
    expect(toHttpFailure(new FieldError('DIRECTORY_INVALID_MEMBER', 'jurisdiction')).field).to.equal('body.jurisdiction')
    expect(toHttpFailure(new FieldError('POLICY_INVALID', '(policy)')).field).to.equal('body.policy')
  })
})
