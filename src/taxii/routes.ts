import { ApiError, toHttpFailure } from '../api/errors.js'
import { API_ROOT_PATH, TAXII_MEDIA_TYPE } from './constants.js'
import { checkAccept, checkContentType } from './media.js'
import { objectsRoutes } from './objects-routes.js'
import { collectionResource, findCollection, listCollections } from './collections.js'
import { COLLECTION, COLLECTION_ID, STATUS, TAXII_ERROR } from './schemas.js'
import { StatusStore } from './status-store.js'
import type { IntelmeshNodeApi } from '../node/types.js'
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'

/** What the TAXII server uses. */
export interface TaxiiComponents {
  node: IntelmeshNodeApi
  /** The request body limit, announced as the API root's max_content_length. */
  bodyLimit: number
}

function baseUrl (request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`
}

/**
 * TAXII 2.1 server (register with prefix `/taxii2`): discovery, one API root,
 * collections (the node's distribution presets), objects, manifest, versions,
 * status. Errors are TAXII error message resources.
 */
export function createTaxiiRoutes (components: TaxiiComponents): FastifyPluginAsync {
  const { node, bodyLimit } = components
  return async (app: FastifyInstance) => {
    const statuses = new StatusStore()

    // Only TAXII bodies are parsed here: any other Content-Type is a 415.
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('application/taxii+json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string, refusePrototypeKeys))
      } catch {
        done(new ApiError('INVALID_JSON', 'the request body is not valid JSON'), undefined)
      }
    })
    app.addHook('onRequest', async request => {
      checkAccept(request.headers.accept, /\/objects\//.test(request.url))
      if (request.method === 'POST') checkContentType(request.headers['content-type'])
    })
    app.addHook('onSend', async (_request, reply, payload) => {
      if (payload != null && payload !== '') reply.header('content-type', TAXII_MEDIA_TYPE)
      return payload
    })
    app.setErrorHandler(async (err, request, reply) => {
      const failure = toHttpFailure(err)
      if (failure.unexpected) request.log.error({ err: { name: (err as Error).name, code: (err as { code?: unknown }).code } }, 'unexpected TAXII error')
      return reply.code(failure.status).send({
        title: failure.code === 'INTERNAL' ? 'Internal error' : titleOf(failure.status),
        description: failure.message,
        error_code: failure.code,
        http_status: String(failure.status)
      })
    })
    app.setNotFoundHandler(async request => {
      throw new ApiError('NOT_FOUND', `no TAXII resource at ${request.url.split('?')[0] ?? ''}`)
    })

    app.get('/', {
      schema: {
        summary: 'TAXII server discovery',
        tags: ['taxii'],
        produces: [TAXII_MEDIA_TYPE],
        response: {
          200: {
            type: 'object',
            properties: { title: { type: 'string' }, description: { type: 'string' }, contact: { type: 'string' }, default: { type: 'string' }, api_roots: { type: 'array', items: { type: 'string' } } }
          }
        }
      }
    }, async request => ({
      title: `intelmesh node ${node.config.name}`,
      description: 'TAXII 2.1 interface of an intelmesh node: one API root whose collections are the node\'s distribution presets',
      default: `${baseUrl(request)}${API_ROOT_PATH}`,
      api_roots: [`${baseUrl(request)}${API_ROOT_PATH}`]
    }))

    app.get('/api/', {
      schema: {
        summary: 'TAXII API root',
        tags: ['taxii'],
        produces: [TAXII_MEDIA_TYPE],
        response: {
          200: {
            type: 'object',
            properties: { title: { type: 'string' }, description: { type: 'string' }, versions: { type: 'array', items: { type: 'string' } }, max_content_length: { type: 'integer' } }
          }
        }
      }
    }, async () => ({
      title: `intelmesh ${node.config.name}`,
      description: 'Threat intelligence shared with this node through the alliance, per distribution preset',
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: bodyLimit
    }))

    app.get('/api/collections/', {
      schema: {
        summary: 'TAXII collections: the distribution presets of this node',
        tags: ['taxii'],
        produces: [TAXII_MEDIA_TYPE],
        response: { 200: { type: 'object', properties: { collections: { type: 'array', items: COLLECTION } } } }
      }
    }, async () => ({ collections: listCollections(node).map(collectionResource) }))

    app.get<{ Params: { id: string } }>('/api/collections/:id/', {
      schema: {
        summary: 'One TAXII collection',
        tags: ['taxii'],
        produces: [TAXII_MEDIA_TYPE],
        params: { type: 'object', required: ['id'], properties: { id: COLLECTION_ID } },
        response: { 200: COLLECTION, 404: TAXII_ERROR }
      }
    }, async request => collectionResource(findCollection(node, request.params.id)))

    app.get<{ Params: { id: string } }>('/api/status/:id/', {
      schema: {
        summary: 'Status of an earlier objects POST (kept in memory, most recent first)',
        tags: ['taxii'],
        produces: [TAXII_MEDIA_TYPE],
        params: { type: 'object', required: ['id'], properties: { id: COLLECTION_ID } },
        response: { 200: STATUS, 404: TAXII_ERROR }
      }
    }, async request => {
      const status = statuses.get(request.params.id)
      if (status == null) throw new ApiError('NOT_FOUND', `status ${request.params.id} is unknown (or too old)`)
      return status
    })

    await app.register(objectsRoutes, { node, statuses })
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 406: 'Not acceptable',
  409: 'Conflict', 413: 'Request too large', 415: 'Unsupported media type', 422: 'Unprocessable content'
}

function titleOf (status: number): string {
  return TITLES[status] ?? 'Error'
}

/** JSON.parse reviver refusing `__proto__` keys, which could poison prototypes in later merges. */
function refusePrototypeKeys (key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('__proto__ key')
  return value
}
