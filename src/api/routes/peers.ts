import { MEMBER_KEY, PEER_FIELDS, PEER_VIEW } from '../schemas.js'
import type { IntelmeshNodeApi, PeerInput } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'

const keyParams = { type: 'object', required: ['key'], properties: { key: MEMBER_KEY } } as const

/** The directory: `GET|POST /v1/peers`, `PATCH|DELETE /v1/peers/:key`. */
export async function peersRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts

  app.get('/v1/peers', {
    schema: {
      summary: "List the directory's members and their connection state",
      tags: ['peers'],
      response: { 200: { type: 'object', properties: { peers: { type: 'array', items: PEER_VIEW } } } }
    }
  }, async () => ({ peers: node.listPeers() }))

  app.post<{ Body: PeerInput }>('/v1/peers', {
    schema: {
      summary: 'Add a member to the directory by its key',
      tags: ['peers'],
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'name', 'jurisdiction'],
        properties: { key: MEMBER_KEY, ...PEER_FIELDS }
      },
      response: { 201: PEER_VIEW }
    }
  }, async (request, reply) => {
    const peer = await node.addPeer(request.body)
    return reply.code(201).send(peer)
  })

  app.patch<{ Params: { key: string }, Body: Partial<Omit<PeerInput, 'key'>> }>('/v1/peers/:key', {
    schema: {
      summary: 'Change a member (e.g. suspend it with {"status":"suspended"})',
      tags: ['peers'],
      params: keyParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: PEER_FIELDS },
      response: { 200: PEER_VIEW }
    }
  }, async request => node.updatePeer(request.params.key, request.body))

  app.delete<{ Params: { key: string } }>('/v1/peers/:key', {
    schema: {
      summary: 'Remove a member from the directory',
      tags: ['peers'],
      params: keyParams,
      response: { 204: { type: 'null', description: 'removed' } }
    }
  }, async (request, reply) => {
    await node.removePeer(request.params.key)
    return reply.code(204).send()
  })
}
