import { BUNDLE_ID } from '../schemas.js'
import type { IntelmeshNodeApi, SightRequest } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'

const idParams = { type: 'object', required: ['id'], properties: { id: BUNDLE_ID } } as const
const STIX_ID = { type: 'string', maxLength: 300, pattern: '^[a-z0-9][a-z0-9-]*--[0-9a-fA-F-]{36}$' } as const
const TIME = { type: 'string', format: 'date-time' } as const

const SIGHTING_VIEW = {
  type: 'object',
  properties: {
    bundleId: { type: 'string' },
    from: { type: 'string' },
    fromName: { type: 'string' },
    count: { type: 'integer' },
    indicator: { type: 'string' },
    firstSeen: { type: 'string' },
    lastSeen: { type: 'string' },
    receivedAt: { type: 'integer' }
  }
} as const

/** Delivery receipts (origin only) and sightings of a bundle. */
export async function deliveriesRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts

  app.get<{ Params: { id: string } }>('/v1/bundles/:id/deliveries', {
    schema: {
      summary: 'Origin only: per listed recipient, delivered (with the time its signed receipt names) or pending',
      tags: ['bundles'],
      params: idParams,
      response: {
        200: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            recipients: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  key: { type: 'string' },
                  name: { type: 'string' },
                  status: { type: 'string', enum: ['delivered', 'pending'] },
                  deliveredAt: { type: 'integer' }
                }
              }
            }
          }
        }
      }
    }
  }, async request => node.deliveries(request.params.id))

  app.get<{ Params: { id: string } }>('/v1/bundles/:id/sightings', {
    schema: {
      summary: 'The sightings of this bundle reported to (or by) this node',
      tags: ['bundles'],
      params: idParams,
      response: {
        200: { type: 'object', properties: { id: { type: 'string' }, sightings: { type: 'array', items: SIGHTING_VIEW } } }
      }
    }
  }, async request => node.sightings(request.params.id))

  app.post<{ Params: { id: string }, Body: SightRequest }>('/v1/bundles/:id/sightings', {
    schema: {
      summary: "Report a sighting of a received bundle's indicator to its origin (a new bundle sealed to the origin only)",
      tags: ['bundles'],
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['count'],
        properties: {
          count: { type: 'integer', minimum: 1, maximum: 999_999_999 },
          indicator: { ...STIX_ID, description: 'the sighted indicator; optional when the bundle holds one' },
          seenAt: { ...TIME, description: 'sets first_seen and last_seen; default now' },
          firstSeen: TIME,
          lastSeen: TIME,
          share: { type: 'string', enum: ['origin', 'recipients'], default: 'origin', description: "origin: the origin only; recipients: also the bundle's recipients its policy admits" }
        }
      },
      response: {
        201: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            ref: { type: 'string' },
            indicator: { type: 'string' },
            sighting: { type: 'string' },
            recipients: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' } } } }
          }
        }
      }
    }
  }, async (request, reply) => reply.code(201).send(await node.sight(request.params.id, request.body)))
}
