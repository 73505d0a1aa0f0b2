import { MAX_PAGE_LIMIT, PAGE_LIMIT } from '../constants.js'
import type { IntelmeshNodeApi } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'

const AUDIT_ENTRY = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    type: { type: 'string' },
    at: { type: 'integer' },
    peer: { type: 'string' },
    id: { type: 'string' },
    reason: { type: 'string' },
    code: { type: 'string' },
    detail: { type: 'object', additionalProperties: true },
    prev: { type: 'string' },
    hash: { type: 'string' }
  }
} as const

/** `GET /v1/audit`: the hash-chained audit log, paged, optionally with the chain's verdict. */
export async function auditRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts
  app.get<{ Querystring: { after?: number, limit: number, verify: boolean } }>('/v1/audit', {
    schema: {
      summary: 'Read the audit log; verify=true also checks the whole hash chain',
      tags: ['node'],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          after: { type: 'integer', minimum: 0, description: 'return entries with seq greater than this' },
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: PAGE_LIMIT },
          verify: { type: 'boolean', default: false }
        }
      },
      response: {
        200: {
          type: 'object',
          properties: {
            entries: { type: 'array', items: AUDIT_ENTRY },
            next: { type: 'integer', description: 'pass as `after` for the next page; absent at the end' },
            verify: {
              type: 'object',
              properties: {
                ok: { type: 'boolean' },
                checked: { type: 'integer' },
                brokenAt: { type: 'integer' },
                reason: { type: 'string' }
              }
            }
          }
        }
      }
    }
  }, async request => {
    const { after, limit, verify } = request.query
    const query: { after?: number, limit: number } = { limit }
    if (after != null) query.after = after
    const entries = await node.audit(query)
    const last = entries[entries.length - 1]
    const result: Record<string, unknown> = { entries }
    if (entries.length === limit && typeof last?.seq === 'number') result.next = last.seq
    if (verify) result.verify = await node.verifyAudit()
    return result
  })
}
