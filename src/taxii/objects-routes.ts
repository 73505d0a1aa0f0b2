import { randomUUID } from 'node:crypto'
import { ApiError, toHttpFailure } from '../api/errors.js'
import { collectionVersions, loadObjects } from './catalog.js'
import { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from './constants.js'
import { parseFilter } from './filters.js'
import { presetPolicy } from './matching.js'
import { findCollection, findWritableCollection } from './collections.js'
import { COLLECTION_ID, ENVELOPE, MANIFEST, OBJECT_ID, STATUS, TAXII_ERROR, VERSIONS, objectsQuery } from './schemas.js'
import { isoDate, selectVersions } from './select.js'
import type { FilterOptions, TaxiiQuery } from './filters.js'
import type { Selection } from './select.js'
import type { StatusDetail, StatusStore, TaxiiStatus } from './status-store.js'
import type { IntelmeshNodeApi } from '../node/types.js'
import type { FastifyInstance, FastifyReply } from 'fastify'

type Params = { id: string, object_id?: string }

const collectionParams = { type: 'object', required: ['id'], properties: { id: COLLECTION_ID } } as const
const objectParams = { type: 'object', required: ['id', 'object_id'], properties: { id: COLLECTION_ID, object_id: OBJECT_ID } } as const

/** Node errors that mean "these objects cannot be published", reported in the status resource. */
const REJECTED_CODES = new Set(['STIX_INVALID', 'STIX_TLP_TOO_LOOSE', 'POLICY_INVALID'])

/** Objects, manifest, versions, POST and DELETE of a collection. */
export async function objectsRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi, statuses: StatusStore }): Promise<void> {
  const { node, statuses } = opts

  /** Filters the collection's versions for a request; `objectId` pins match[id]. */
  async function select (params: Params, query: TaxiiQuery, allowed: FilterOptions): Promise<Selection> {
    const preset = findCollection(node, params.id)
    const filter = parseFilter(query, allowed)
    if (params.object_id != null) filter.ids = new Set([params.object_id])
    return selectVersions(await collectionVersions(node, preset, Date.now()), filter)
  }

  function dateHeaders (reply: FastifyReply, selection: Selection): void {
    const first = selection.items[0]
    const last = selection.items[selection.items.length - 1]
    if (first != null && last != null) {
      reply.header('X-TAXII-Date-Added-First', isoDate(first.dateAdded))
      reply.header('X-TAXII-Date-Added-Last', isoDate(last.dateAdded))
    }
  }

  function page<T> (selection: Selection, key: string, items: T[]): Record<string, unknown> {
    return { more: selection.more, ...(selection.next == null ? {} : { next: selection.next }), [key]: items }
  }

  const envelopeSchema = (summary: string, fields: Array<'id' | 'type' | 'version'>, params: object): Record<string, unknown> => ({
    summary,
    tags: ['taxii'],
    produces: [TAXII_MEDIA_TYPE],
    params,
    querystring: objectsQuery(fields),
    response: { 200: ENVELOPE, 404: TAXII_ERROR }
  })

  app.get<{ Params: Params, Querystring: TaxiiQuery }>('/api/collections/:id/objects/', {
    schema: envelopeSchema('STIX objects of a collection (envelope), filtered and paged', ['id', 'type', 'version'], collectionParams)
  }, async (request, reply) => {
    const selection = await select(request.params, request.query, { id: true, type: true, version: true })
    dateHeaders(reply, selection)
    return page(selection, 'objects', await loadObjects(node, selection.items))
  })

  app.get<{ Params: Params, Querystring: TaxiiQuery }>('/api/collections/:id/manifest/', {
    schema: { ...envelopeSchema('Manifest of a collection: ids, versions and dates added', ['id', 'type', 'version'], collectionParams), response: { 200: MANIFEST, 404: TAXII_ERROR } }
  }, async (request, reply) => {
    const selection = await select(request.params, request.query, { id: true, type: true, version: true })
    dateHeaders(reply, selection)
    return page(selection, 'objects', selection.items.map(v => ({ id: v.id, date_added: isoDate(v.dateAdded), version: v.version, media_type: STIX_MEDIA_TYPE })))
  })

  app.get<{ Params: Params, Querystring: TaxiiQuery }>('/api/collections/:id/objects/:object_id/', {
    schema: envelopeSchema('One object of a collection (its versions per match[version], default last)', ['version'], objectParams)
  }, async (request, reply) => {
    const selection = await select(request.params, request.query, { id: false, type: false, version: true })
    if (selection.items.length === 0 && request.query.next == null) {
      throw new ApiError('NOT_FOUND', `object ${request.params.object_id ?? ''} is not in collection ${request.params.id}`)
    }
    dateHeaders(reply, selection)
    return page(selection, 'objects', await loadObjects(node, selection.items))
  })

  app.get<{ Params: Params, Querystring: TaxiiQuery }>('/api/collections/:id/objects/:object_id/versions/', {
    schema: { ...envelopeSchema('Versions of one object in a collection', [], objectParams), response: { 200: VERSIONS, 404: TAXII_ERROR } }
  }, async (request, reply) => {
    const selection = await select(request.params, request.query, { id: false, type: false, version: false })
    if (selection.items.length === 0 && request.query.next == null) {
      throw new ApiError('NOT_FOUND', `object ${request.params.object_id ?? ''} is not in collection ${request.params.id}`)
    }
    dateHeaders(reply, selection)
    return page(selection, 'versions', selection.items.map(v => v.version))
  })

  app.post<{ Params: Params, Body: { objects: Array<Record<string, unknown>> } }>('/api/collections/:id/objects/', {
    schema: {
      summary: "Publish an envelope of STIX objects as one bundle under the collection's distribution preset",
      tags: ['taxii'],
      consumes: [TAXII_MEDIA_TYPE],
      produces: [TAXII_MEDIA_TYPE],
      params: collectionParams,
      body: {
        type: 'object',
        required: ['objects'],
        properties: {
          objects: { type: 'array', minItems: 1, items: { type: 'object', required: ['type', 'id'], properties: { type: { type: 'string' }, id: { type: 'string' } } } },
          more: { type: 'boolean' },
          next: { type: 'string' }
        }
      },
      response: { 202: STATUS, 403: TAXII_ERROR, 404: TAXII_ERROR }
    }
  }, async (request, reply) => {
    const preset = findWritableCollection(node, request.params.id)
    const objects = request.body.objects
    const requested = new Date().toISOString()
    const status = await publishStatus(node, objects, presetPolicy(preset), requested)
    statuses.put(status)
    return reply.code(202).send(status)
  })

  app.delete<{ Params: Params, Querystring: TaxiiQuery }>('/api/collections/:id/objects/:object_id/', {
    schema: {
      summary: 'Delete an object: retracts the bundles holding it (only bundles this node published)',
      tags: ['taxii'],
      params: objectParams,
      querystring: objectsQuery(['version']),
      response: { 200: { type: 'null', description: 'retracted' }, 404: TAXII_ERROR }
    }
  }, async (request, reply) => {
    const query = { ...request.query, 'match[version]': request.query['match[version]'] ?? ['all'] }
    const all = await select(request.params, { ...query, limit: Number.MAX_SAFE_INTEGER }, { id: false, type: false, version: true })
    if (all.items.length === 0) throw new ApiError('NOT_FOUND', `object ${request.params.object_id ?? ''} is not in collection ${request.params.id}`)
    const bundles = new Map(all.items.map(v => [v.bundleId, v.origin]))
    for (const origin of bundles.values()) {
      if (origin !== node.memberKey) throw new ApiError('FORBIDDEN', 'the object is held by a bundle another member published; only its origin can retract it')
    }
    for (const bundleId of bundles.keys()) await node.retract(bundleId, 'deleted through TAXII')
    return reply.code(200).send()
  })
}

/** Publishes the objects as one bundle and reports the outcome as a TAXII status resource. */
async function publishStatus (node: IntelmeshNodeApi, objects: Array<Record<string, unknown>>, policy: unknown, requested: string): Promise<TaxiiStatus> {
  const detail = (o: Record<string, unknown>, fallback: string, message?: string): StatusDetail => ({
    id: String(o.id),
    version: typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : fallback,
    ...(message == null ? {} : { message })
  })
  const base = { id: randomUUID(), status: 'complete' as const, request_timestamp: requested, total_count: objects.length, pending_count: 0, pendings: [] }
  try {
    const result = await node.publish({ stix: { type: 'bundle', id: `bundle--${randomUUID()}`, objects }, policy })
    const added = isoDate(result.created)
    const message = `stored in bundle ${result.id} for ${result.recipients.length} recipient(s)`
    return { ...base, success_count: objects.length, successes: objects.map(o => detail(o, added, message)), failure_count: 0, failures: [] }
  } catch (err) {
    const failure = toHttpFailure(err)
    if (!REJECTED_CODES.has(failure.code)) throw err
    return { ...base, success_count: 0, successes: [], failure_count: objects.length, failures: objects.map(o => detail(o, requested, `${failure.code}: ${failure.message}`)) }
  }
}
