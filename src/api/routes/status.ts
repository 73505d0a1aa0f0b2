import type { IntelmeshNodeApi } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'

const count = { type: 'integer' } as const

/** JSON schema of `GET /v1/status`. */
export const STATUS_SCHEMA = {
  type: 'object',
  properties: {
    memberKey: { type: 'string' },
    name: { type: 'string' },
    jurisdiction: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    version: { type: 'string' },
    uptimeMs: count,
    listen: { type: 'array', items: { type: 'string' } },
    logId: { type: 'string' },
    logHead: count,
    peers: { type: 'object', properties: { directory: count, active: count, connected: count } },
    bundles: { type: 'object', properties: { stored: count, retracted: count, tombstones: count } },
    gaps: {
      type: 'array',
      items: { type: 'object', properties: { origin: { type: 'string' }, missing: { type: 'array', items: count } } }
    },
    rejects: { type: 'object', additionalProperties: count }
  }
} as const

/** `GET /v1/status`: the node's identity, peers, store and gaps. */
export async function statusRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts
  app.get('/v1/status', {
    schema: { summary: 'Node status', tags: ['node'], response: { 200: STATUS_SCHEMA } }
  }, async () => node.status())
}
