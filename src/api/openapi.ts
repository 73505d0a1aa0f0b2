import { TAXII_PREFIX } from './auth.js'
import { ERROR_SCHEMA } from './errors.js'
import type { RouteOptions } from 'fastify'

/** Route schema keywords fastify ignores and the generator reads. */
interface RouteDoc {
  summary?: string
  description?: string
  tags?: string[]
  params?: JsonSchema
  querystring?: JsonSchema
  body?: JsonSchema
  response?: Record<string, JsonSchema>
  /** Request media types (default `application/json`). */
  consumes?: string[]
  /** Response media types (default `application/json`). */
  produces?: string[]
  /** Leave the route out of the document. */
  hide?: boolean
  /** OpenAPI security requirements of this route (`[]`: no token, the probes). */
  security?: Array<Record<string, string[]>>
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>, required?: string[], description?: string }

interface Collected { method: string, url: string, schema: RouteDoc }

/**
 * Collects routes as fastify registers them (an `onRoute` hook) and turns their
 * JSON schemas into an OpenAPI 3.1 document: the schemas that validate and
 * serialise are the documentation, so the two cannot drift apart.
 */
export class OpenApiCollector {
  private readonly routes: Collected[] = []
  private document: Record<string, unknown> | undefined

  /** The `onRoute` hook; add it before registering routes. */
  readonly onRoute = (route: RouteOptions): void => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const schema = (route.schema ?? {}) as RouteDoc
    if (schema.hide === true || route.url.includes('*')) return
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue
      this.routes.push({ method: method.toLowerCase(), url: route.url, schema })
    }
  }

  /** The OpenAPI document (built once, after all routes are registered). */
  build (info: { title: string, version: string, description?: string }): Record<string, unknown> {
    this.document ??= this.generate(info)
    return this.document
  }

  private generate (info: { title: string, version: string, description?: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {}
    for (const route of this.routes) {
      let path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
      // Fastify reports the TAXII discovery route as `/taxii2` (prefix root); TAXII URLs end in a slash.
      if (path === TAXII_PREFIX) path = `${path}/`
      const item = paths[path] ?? {}
      item[route.method] = operation(route)
      paths[path] = item
    }
    return {
      openapi: '3.1.0',
      info,
      servers: [{ url: '/' }],
      security: [{ bearerAuth: [] }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'The API token from the data folder (`api-token`)' },
          basicAuth: { type: 'http', scheme: 'basic', description: 'TAXII only: any user name, the API token as password' }
        },
        schemas: { Error: ERROR_SCHEMA }
      },
      paths
    }
  }
}

function operation (route: Collected): Record<string, unknown> {
  const { schema } = route
  const op: Record<string, unknown> = {
    operationId: `${route.method}${route.url.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`
  }
  if (schema.summary != null) op.summary = schema.summary
  if (schema.description != null) op.description = schema.description
  if (schema.tags != null) op.tags = schema.tags
  const parameters = [
    ...toParameters(schema.params, 'path'),
    ...toParameters(schema.querystring, 'query')
  ]
  if (parameters.length > 0) op.parameters = parameters
  if (schema.body != null) {
    op.requestBody = { required: true, content: mediaMap(schema.consumes, schema.body) }
  }
  const responses: Record<string, unknown> = {}
  for (const [status, body] of Object.entries(schema.response ?? {})) {
    const described: Record<string, unknown> = { description: body.description ?? describeStatus(status) }
    if (!(body.type === 'null')) described.content = mediaMap(schema.produces, body)
    responses[status] = described
  }
  responses['4XX'] ??= { description: 'client error', content: mediaMap(schema.produces?.filter(t => t.includes('json')), { $ref: '#/components/schemas/Error' }) }
  op.responses = responses
  if (route.url === TAXII_PREFIX || route.url.startsWith(`${TAXII_PREFIX}/`)) op.security = [{ bearerAuth: [] }, { basicAuth: [] }]
  if (schema.security != null) op.security = schema.security
  return op
}

function toParameters (schema: JsonSchema | undefined, where: 'path' | 'query'): Array<Record<string, unknown>> {
  if (schema?.properties == null) return []
  const required = new Set(schema.required ?? [])
  return Object.entries(schema.properties).map(([name, property]) => {
    const parameter: Record<string, unknown> = { name, in: where, required: where === 'path' || required.has(name), schema: property }
    if (property.description != null) parameter.description = property.description
    return parameter
  })
}

function mediaMap (types: string[] | undefined, schema: unknown): Record<string, unknown> {
  const list = types == null || types.length === 0 ? ['application/json'] : types
  return Object.fromEntries(list.map(type => [type, { schema }]))
}

function describeStatus (status: string): string {
  const known: Record<string, string> = { 200: 'OK', 201: 'created', 202: 'accepted', 204: 'no content' }
  return known[status] ?? status
}

// The documentation keywords the generator reads, known to fastify's types
// (fastify ignores them at run time).
declare module 'fastify' {
  interface FastifySchema {
    summary?: string
    description?: string
    tags?: string[]
    consumes?: string[]
    produces?: string[]
    hide?: boolean
    security?: Array<Record<string, string[]>>
  }
}
