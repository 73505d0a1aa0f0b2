import { LogController, fastify } from 'fastify'
import { createTaxiiRoutes } from '../taxii/routes.js'
import { TAXII_PREFIX, requireToken } from './auth.js'
import { BODY_LIMIT, SHUTDOWN_GRACE_MS } from './constants.js'
import { ApiError, errorBody, toHttpFailure } from './errors.js'
import { OpenApiCollector } from './openapi.js'
import { adminRoutes } from './routes/admin.js'
import { auditRoutes } from './routes/audit.js'
import { bundlesRoutes } from './routes/bundles.js'
import { deliveriesRoutes } from './routes/deliveries.js'
import { eventsRoutes } from './routes/events.js'
import { healthRoutes } from './routes/health.js'
import { metricsRoutes } from './routes/metrics.js'
import { mispRoutes } from './routes/misp.js'
import { keysRoutes } from './routes/keys.js'
import { peersRoutes } from './routes/peers.js'
import { searchRoutes } from './routes/search.js'
import { statusRoutes } from './routes/status.js'
import { uiRoutes } from './routes/ui.js'
import { createValidatorCompiler, formatSchemaError } from './validation.js'
import type { IntelmeshNodeApi } from '../node/types.js'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'

/** What the API server uses: the node's public interface, the API token, a logger. */
export interface ApiServerComponents {
  node: IntelmeshNodeApi
  /** The bearer token every request must present. */
  token: string
  logger?: Logger
}

/** Optional settings of the API server. */
export interface ApiServerInit {
  /** Largest request body in bytes (default: the node's `api.bodyLimitBytes`, else BODY_LIMIT). */
  bodyLimit?: number
  /** Event stream heartbeat interval (default SSE_HEARTBEAT_MS). */
  heartbeatMs?: number
  /** Event stream per-client buffer bound (default SSE_MAX_BUFFERED_BYTES). */
  sseMaxBufferedBytes?: number
  /** Time in-flight requests get at close before connections are cut (default SHUTDOWN_GRACE_MS). */
  shutdownGraceMs?: number
}

/** The package version, shown in the OpenAPI document. */
const VERSION = '0.1.0'

/**
 * Builds the local HTTP API (JSON under /v1, TAXII 2.1 under /taxii2, metrics,
 * OpenAPI). It is not listening yet: call `listen()`, or `inject()` in tests.
 */
export function createApiServer (components: ApiServerComponents, init: ApiServerInit = {}): FastifyInstance {
  const { node, token } = components
  const bodyLimit = init.bodyLimit ?? node.config.api.bodyLimitBytes ?? BODY_LIMIT
  const app = fastify({
    ...(components.logger == null ? { logger: false } : { loggerInstance: components.logger }),
    bodyLimit,
    routerOptions: { ignoreTrailingSlash: true },
    // Access lines are written below without query strings: a search value is intel.
    logController: new LogController({ disableRequestLogging: true }),
    schemaErrorFormatter: formatSchemaError
  }) as unknown as FastifyInstance
  app.setValidatorCompiler(createValidatorCompiler())

  const openapi = new OpenApiCollector()
  app.addHook('onRoute', openapi.onRoute)
  app.addHook('onRequest', requireToken(token))
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, route: request.routeOptions.url ?? '(none)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request')
  })

  let forceClose: NodeJS.Timeout | undefined
  app.addHook('preClose', async () => {
    forceClose = setTimeout(() => { app.server.closeAllConnections() }, init.shutdownGraceMs ?? SHUTDOWN_GRACE_MS)
    forceClose.unref()
  })
  app.addHook('onClose', async () => { clearTimeout(forceClose) })

  app.setErrorHandler(async (err, request, reply) => {
    const failure = toHttpFailure(err)
    if (failure.unexpected) request.log.error({ err: redacted(err) }, 'unexpected error')
    return reply.code(failure.status).send(errorBody(failure))
  })
  app.setNotFoundHandler(async request => {
    throw new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)
  })

  app.get('/openapi.json', {
    schema: { summary: 'This OpenAPI 3.1 document', tags: ['meta'], response: { 200: { type: 'object', additionalProperties: true } } }
  }, async () => openapi.build({
    title: 'intelmesh node API',
    version: VERSION,
    description: 'Local API of an intelmesh node: publish and read threat intelligence, manage the directory, TAXII 2.1 under /taxii2/.'
  }))
  void app.register(statusRoutes, { node })
  void app.register(peersRoutes, { node })
  void app.register(keysRoutes, { node })
  void app.register(bundlesRoutes, { node })
  void app.register(deliveriesRoutes, { node })
  void app.register(searchRoutes, { node })
  void app.register(auditRoutes, { node })
  void app.register(metricsRoutes, { node })
  void app.register(mispRoutes, { node })
  void app.register(healthRoutes, { node })
  void app.register(adminRoutes, { node })
  const events: Parameters<typeof eventsRoutes>[1] = { node }
  if (init.heartbeatMs != null) events.heartbeatMs = init.heartbeatMs
  if (init.sseMaxBufferedBytes != null) events.maxBufferedBytes = init.sseMaxBufferedBytes
  void app.register(eventsRoutes, events)
  void app.register(uiRoutes, {})
  void app.register(createTaxiiRoutes({ node, bodyLimit }), { prefix: TAXII_PREFIX })
  return app
}

/**
 * An unexpected error without its message: messages of low-level errors can quote
 * the data being processed (a JSON parse error quotes its input), and that may be
 * decrypted intel. Name, code and stack frames are enough to find the bug.
 */
function redacted (err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err }
  const frames = (err.stack ?? '').split('\n').filter(line => line.trimStart().startsWith('at ')).join('\n')
  return { name: err.name, code: (err as { code?: unknown }).code, stack: frames }
}
