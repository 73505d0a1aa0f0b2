import { MAX_PAGE_LIMIT, MAX_SEARCH_VALUE_LENGTH, PAGE_LIMIT } from '../constants.js'
import { ANY_OBJECT, BUNDLE_VIEW } from '../schemas.js'
import type { IntelmeshNodeApi } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'

/** `GET /v1/search?value=`: the STIX objects holding an indicator value. */
export async function searchRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts
  app.get<{ Querystring: { value: string, limit: number } }>('/v1/search', {
    schema: {
      summary: 'Find stored STIX objects holding an observable value (IP, domain, URL, hash, e-mail …)',
      tags: ['bundles'],
      querystring: {
        type: 'object',
        additionalProperties: false,
        required: ['value'],
        properties: {
          value: { type: 'string', minLength: 1, maxLength: MAX_SEARCH_VALUE_LENGTH },
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: PAGE_LIMIT }
        }
      },
      response: {
        200: {
          type: 'object',
          properties: {
            hits: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  value: { type: 'string' },
                  kind: { type: 'string' },
                  bundleId: { type: 'string' },
                  objectId: { type: 'string' },
                  object: ANY_OBJECT,
                  bundle: BUNDLE_VIEW
                }
              }
            }
          }
        }
      }
    }
  }, async request => ({ hits: await node.search(request.query.value, { limit: request.query.limit }) }))
}
