import type { IntelmeshNodeApi } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'

/** `GET /metrics`: Prometheus text exposition of the node's registry (token required like every route). */
export async function metricsRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts
  app.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics',
      tags: ['node'],
      produces: ['text/plain'],
      response: { 200: { type: 'string' } }
    }
  }, async (_request, reply) => {
    const text = await node.metrics.metrics()
    return reply.type(node.metrics.contentType).send(text)
  })
}
