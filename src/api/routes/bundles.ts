import { MAX_PAGE_LIMIT, PAGE_LIMIT } from '../constants.js'
import { ANY_OBJECT, BUNDLE_ID, BUNDLE_VIEW, MEMBER_KEY, POLICY_INPUT } from '../schemas.js'
import type { IntelmeshNodeApi, ListQuery, PublishRequest } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'

const idParams = { type: 'object', required: ['id'], properties: { id: BUNDLE_ID } } as const
const memberRef = { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' } } } as const

interface ListQuerystring {
  limit: number
  after?: number
  origin?: string
  type?: string
  kind?: 'INTEL' | 'RETRACTION'
  created_after?: string
  created_before?: string
}

/** Publish, list, read, retract and explain bundles. */
export async function bundlesRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts

  app.post<{ Body: PublishRequest }>('/v1/bundles', {
    schema: {
      summary: 'Publish a STIX 2.1 bundle under a distribution policy',
      tags: ['bundles'],
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['stix', 'policy'],
        properties: {
          stix: { type: ['object', 'string'], description: 'the STIX 2.1 bundle, as JSON or as JSON text' },
          policy: POLICY_INPUT,
          expires: { type: 'integer', minimum: 1, description: 'expiry in ms since the Unix epoch; absent = never' }
        }
      },
      response: {
        201: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            created: { type: 'integer' },
            recipients: { type: 'array', items: memberRef },
            excluded: {
              type: 'array',
              items: { type: 'object', properties: { ...memberRef.properties, reason: { type: 'string' } } }
            }
          }
        }
      }
    }
  }, async (request, reply) => {
    return reply.code(201).send(await node.publish(request.body))
  })

  app.get<{ Querystring: ListQuerystring }>('/v1/bundles', {
    schema: {
      summary: 'List stored bundles in local log order, paged',
      tags: ['bundles'],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: PAGE_LIMIT },
          after: { type: 'integer', minimum: 0, description: 'the `next` of the previous page' },
          origin: MEMBER_KEY,
          type: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,249}$', description: 'a STIX object type' },
          kind: { type: 'string', enum: ['INTEL', 'RETRACTION'] },
          created_after: { type: 'string', format: 'date-time' },
          created_before: { type: 'string', format: 'date-time' }
        }
      },
      response: {
        200: {
          type: 'object',
          properties: { items: { type: 'array', items: BUNDLE_VIEW }, next: { type: 'integer' } }
        }
      }
    }
  }, async request => {
    const q = request.query
    const query: ListQuery = { limit: q.limit }
    if (q.after != null) query.after = q.after
    if (q.origin != null) query.origin = q.origin
    if (q.type != null) query.type = q.type
    if (q.kind != null) query.kind = q.kind
    if (q.created_after != null) query.createdAfter = Date.parse(q.created_after)
    if (q.created_before != null) query.createdBefore = Date.parse(q.created_before)
    return node.listBundles(query)
  })

  app.get<{ Params: { id: string } }>('/v1/bundles/:id', {
    schema: {
      summary: 'Read one bundle with its decrypted content (STIX, or the note of a retraction)',
      tags: ['bundles'],
      params: idParams,
      response: {
        200: {
          ...BUNDLE_VIEW,
          properties: {
            ...BUNDLE_VIEW.properties,
            stix: { ...ANY_OBJECT, description: 'the decrypted STIX bundle (INTEL)' },
            retraction: { type: 'object', description: 'the retraction note (RETRACTION)', properties: { reason: { type: 'string' } } }
          }
        }
      }
    }
  }, async request => node.getBundle(request.params.id))

  app.post<{ Params: { id: string }, Body: { reason?: string } | undefined }>('/v1/bundles/:id/retract', {
    schema: {
      summary: 'Retract a bundle this node published (sends a signed retraction to its recipients)',
      tags: ['bundles'],
      params: idParams,
      body: {
        type: ['object', 'null'],
        additionalProperties: false,
        properties: { reason: { type: 'string', maxLength: 1000 } }
      },
      response: {
        200: { type: 'object', properties: { id: { type: 'string' }, retracted: { type: 'string' } } }
      }
    }
  }, async request => node.retract(request.params.id, request.body?.reason))

  app.get<{ Params: { id: string } }>('/v1/bundles/:id/explain', {
    schema: {
      summary: 'For every directory member: would it receive this bundle, and why',
      tags: ['bundles'],
      params: idParams,
      response: {
        200: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            members: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  key: { type: 'string' },
                  name: { type: 'string' },
                  jurisdiction: { type: 'string' },
                  roles: { type: 'array', items: { type: 'string' } },
                  listed: { type: 'boolean' },
                  ok: { type: 'boolean' },
                  reason: { type: 'string' }
                }
              }
            }
          }
        }
      }
    }
  }, async request => ({ id: request.params.id, members: await node.explain(request.params.id) }))
}
