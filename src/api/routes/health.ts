import { NODE_VERSION } from '../../node/constants.js'
import type { IntelmeshNodeApi } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'

/** JSON schema of `GET /healthz`. */
const HEALTH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'version'],
  properties: { status: { const: 'ok' }, version: { type: 'string' } }
} as const

/** JSON schema of `GET /readyz`, ready (200) or not (503). */
const READY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'store', 'network', 'peers'],
  properties: {
    status: { enum: ['ready', 'not_ready'] },
    reason: { type: 'string' },
    store: { enum: ['open', 'closed'] },
    network: { enum: ['started', 'stopped'] },
    peers: {
      type: 'object',
      additionalProperties: false,
      required: ['connected', 'required'],
      properties: { connected: { type: 'integer' }, required: { type: 'integer' } }
    }
  }
} as const

/**
 * `GET /healthz` (liveness) and `GET /readyz` (readiness), the only routes
 * answered without the token (see PROBE_PATHS in auth.ts): a probe cannot
 * hold a secret, so they say nothing a stranger on the host may not know —
 * no keys, names or counts of intel. They log at warn and above only, so no
 * access line: a probe every few seconds would drown the operator's log.
 */
export async function healthRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts
  app.get('/healthz', {
    logLevel: 'warn',
    schema: { summary: 'Liveness: the process answers (no token needed)', tags: ['probes'], security: [], response: { 200: HEALTH_SCHEMA } }
  }, async (_request, reply) => {
    void reply.header('cache-control', 'no-store')
    return { status: 'ok', version: NODE_VERSION }
  })
  app.get('/readyz', {
    logLevel: 'warn',
    schema: {
      summary: 'Readiness: store open, network started, enough active peers connected (no token needed)',
      tags: ['probes'],
      security: [],
      response: { 200: READY_SCHEMA, 503: READY_SCHEMA }
    }
  }, async (_request, reply) => {
    const { ready, reason, store, network, peers } = node.readiness()
    void reply.header('cache-control', 'no-store')
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', ...(reason == null ? {} : { reason }), store, network, peers })
  })
}
