import { SSE_HEARTBEAT_MS, SSE_MAX_BUFFERED_BYTES } from '../constants.js'
import { EventStream } from '../event-stream.js'
import { BUNDLE_VIEW } from '../schemas.js'
import type { BundleView, IntelmeshNodeApi } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'

/** Options of the event stream route. */
export interface EventsRoutesOptions {
  node: IntelmeshNodeApi
  /** Heartbeat interval (default SSE_HEARTBEAT_MS). */
  heartbeatMs?: number
  /** Per-client buffer bound (default SSE_MAX_BUFFERED_BYTES). */
  maxBufferedBytes?: number
}

const VIEW_FIELDS = Object.keys(BUNDLE_VIEW.properties)

/** Only the documented BundleView fields leave the node, as in every JSON response. */
function publicView (view: BundleView): Record<string, unknown> {
  const source = view as unknown as Record<string, unknown>
  return Object.fromEntries(VIEW_FIELDS.filter(field => source[field] !== undefined).map(field => [field, source[field]]))
}

/**
 * `GET /v1/events`: server-sent events. `event: bundle` carries the BundleView of
 * every newly stored bundle (`id:` = its log position), `event: retracted` the id
 * of a retracted one. A client reconnecting with `Last-Event-ID` first gets the
 * bundles it missed.
 */
export async function eventsRoutes (app: FastifyInstance, opts: EventsRoutesOptions): Promise<void> {
  const { node } = opts
  const init = {
    heartbeatMs: opts.heartbeatMs ?? SSE_HEARTBEAT_MS,
    maxBufferedBytes: opts.maxBufferedBytes ?? SSE_MAX_BUFFERED_BYTES
  }
  const streams = new Set<EventStream>()
  // Open streams would hold server.close() forever: end them first.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.close()
  })

  app.get<{ Headers: { 'last-event-id'?: string } }>('/v1/events', {
    schema: {
      summary: 'Live stream of newly stored bundles (server-sent events)',
      tags: ['bundles'],
      headers: { type: 'object', properties: { 'last-event-id': { type: 'string', pattern: '^[0-9]{1,15}$' } } },
      produces: ['text/event-stream'],
      response: { 200: { type: 'string', description: '`event: bundle` (BundleView JSON), `event: retracted` ({"id"}) and `event: receipt` ({"id","recipient","recipientName","storedAt"}) messages' } }
    }
  }, async (request, reply) => {
    reply.hijack()
    const stream = new EventStream({ res: reply.raw, log: request.log as unknown as Logger }, init)
    streams.add(stream)
    const lastId = request.headers['last-event-id']
    let replaying = lastId != null
    let sentUpTo = lastId == null ? -1 : Number(lastId)
    const held: BundleView[] = []
    const sendBundle = (view: BundleView): void => {
      if (view.pos <= sentUpTo) return
      sentUpTo = view.pos
      stream.send('bundle', publicView(view), view.pos)
    }
    const onBundle = (event: Event): void => {
      const view = (event as CustomEvent<BundleView>).detail
      if (replaying) held.push(view)
      else sendBundle(view)
    }
    const onRetracted = (event: Event): void => {
      stream.send('retracted', { id: (event as CustomEvent<{ id: string }>).detail.id })
    }
    // A recipient acknowledged storing one of our bundles ({ id, recipient, recipientName, storedAt }).
    const onReceipt = (event: Event): void => {
      stream.send('receipt', (event as CustomEvent<Record<string, unknown>>).detail)
    }
    node.events.addEventListener('bundle', onBundle)
    node.events.addEventListener('retracted', onRetracted)
    node.events.addEventListener('receipt', onReceipt)
    // A peer's key rotation received or decided (docs/key-lifecycle.md): the admin should see it.
    const onRotation = (event: Event): void => { stream.send('rotation', (event as CustomEvent<unknown>).detail) }
    node.events.addEventListener('rotation', onRotation)
    stream.onClose(() => {
      node.events.removeEventListener('rotation', onRotation)
      node.events.removeEventListener('bundle', onBundle)
      node.events.removeEventListener('retracted', onRetracted)
      node.events.removeEventListener('receipt', onReceipt)
      streams.delete(stream)
    })
    if (!replaying) return
    try {
      let after: number | undefined = sentUpTo
      while (after != null && streams.has(stream)) {
        const page = await node.listBundles({ after, limit: 100 })
        for (const view of page.items) sendBundle(view)
        after = page.next
      }
    } catch (err) {
      request.log.warn({ code: (err as { code?: string }).code }, 'event stream replay failed')
      stream.close()
    }
    replaying = false
    for (const view of held.splice(0)) sendBundle(view)
  })
}
