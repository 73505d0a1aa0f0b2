import { MEMBER_KEY, PEER_VIEW } from '../schemas.js'
import type { IntelmeshNodeApi } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'

const text = { type: 'string' } as const
const ms = { type: 'integer', description: 'milliseconds since the Unix epoch' } as const
const keyParams = { type: 'object', required: ['key'], properties: { key: MEMBER_KEY } } as const

const STATEMENT = {
  type: 'object',
  additionalProperties: false,
  required: ['body', 'oldSignature', 'newSignature'],
  properties: {
    body: { type: 'string', minLength: 1, maxLength: 4096, description: 'base64 of the signed statement body' },
    oldSignature: { type: 'string', minLength: 1, maxLength: 128 },
    newSignature: { type: 'string', minLength: 1, maxLength: 128 }
  }
} as const

const ROTATION_VIEW = {
  type: 'object',
  required: ['oldKey', 'newKey', 'issued', 'status', 'id'],
  properties: {
    oldKey: text,
    newKey: text,
    issued: ms,
    reason: text,
    id: { type: 'string', description: 'hex SHA-256 of the statement body' },
    status: { type: 'string', enum: ['pending', 'accepted', 'rejected'] },
    receivedAt: ms,
    from: { type: 'string', description: 'the peer that passed it on, or `admin`' },
    decidedAt: ms,
    decidedBy: { type: 'string', enum: ['admin', 'policy'] },
    name: text
  }
} as const

const EXPOSURE = {
  type: 'object',
  properties: {
    key: text,
    totals: { type: 'object', properties: { bundles: { type: 'integer' }, sent: { type: 'integer' }, listed: { type: 'integer' } } },
    bundles: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: text,
          stored: { type: 'boolean' },
          origin: text,
          kind: text,
          tlp: text,
          created: ms,
          sentAt: { type: 'array', items: ms },
          paths: { type: 'array', items: { type: 'string', enum: ['sent', 'listed'] } }
        }
      }
    }
  }
} as const

/**
 * The key lifecycle (docs/key-lifecycle.md): `POST /v1/keys/rotate`, the peers' rotations under
 * `/v1/peers/rotations`, `POST /v1/peers/:key/compromise` and `GET /v1/audit/exposure/:key`.
 */
export async function keysRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts

  app.post<{ Body: { reason?: string } }>('/v1/keys/rotate', {
    schema: {
      summary: "Rotate this node's own key; the statement goes to every connected peer, then the node restarts under the new key",
      tags: ['keys'],
      body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } },
      response: {
        200: {
          type: 'object',
          properties: { oldKey: text, newKey: text, issued: ms, statement: STATEMENT, announcedTo: { type: 'array', items: text }, restartRequired: { type: 'boolean' } }
        }
      }
    }
  }, async request => node.rotateKey(request.body?.reason))

  app.get('/v1/peers/rotations', {
    schema: {
      summary: "Peers' key rotations this node knows: pending, accepted or rejected",
      tags: ['keys'],
      response: { 200: { type: 'object', properties: { rotations: { type: 'array', items: ROTATION_VIEW } } } }
    }
  }, async () => ({ rotations: node.listRotations() }))

  app.post<{ Body: { body: string, oldSignature: string, newSignature: string } }>('/v1/peers/rotations', {
    schema: {
      summary: 'Submit a rotation statement received out of band (it becomes pending, like one a peer passed on)',
      tags: ['keys'],
      body: STATEMENT,
      response: { 201: ROTATION_VIEW }
    }
  }, async (request, reply) => reply.code(201).send(await node.submitRotation(request.body)))

  app.post<{ Params: { key: string } }>('/v1/peers/rotations/:key/accept', {
    schema: {
      summary: 'Accept the pending rotation of this (old) key: the new key takes over its entry, the old one is retired',
      tags: ['keys'],
      params: keyParams,
      response: { 200: ROTATION_VIEW }
    }
  }, async request => node.acceptRotation(request.params.key))

  app.post<{ Params: { key: string } }>('/v1/peers/rotations/:key/reject', {
    schema: {
      summary: 'Reject the pending rotation of this (old) key',
      tags: ['keys'],
      params: keyParams,
      response: { 200: ROTATION_VIEW }
    }
  }, async request => node.rejectRotation(request.params.key))

  app.post<{ Params: { key: string } }>('/v1/peers/:key/compromise', {
    schema: {
      summary: 'Mark a member key compromised: its connections close at once and it is refused everywhere',
      tags: ['keys'],
      params: keyParams,
      response: { 200: PEER_VIEW }
    }
  }, async request => node.compromisePeer(request.params.key))

  app.get<{ Params: { key: string } }>('/v1/audit/exposure/:key', {
    schema: {
      summary: 'Exposure report: every bundle this node sent to the key, and every stored bundle sealed to it',
      tags: ['keys'],
      params: keyParams,
      response: { 200: EXPOSURE }
    }
  }, async request => node.exposure(request.params.key))
}
