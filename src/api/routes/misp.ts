import { Counter } from 'prom-client'
import { IntelmeshError } from '../../errors.js'
import { MispNotConvertibleError, prepareMispImport, stixToMisp } from '../../misp/index.js'
import { ANY_OBJECT, BUNDLE_ID, POLICY, POLICY_INPUT } from '../schemas.js'
import type { PolicyOverrides } from '../../misp/index.js'
import type { IntelmeshNodeApi } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'

const memberRef = { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' } } } as const

/** What had no mapping: a MISP attribute type or `galaxy:<type>` on import, a STIX type on export. */
const UNMAPPED = {
  type: 'array',
  items: {
    type: 'object',
    properties: { type: { type: 'string' }, count: { type: 'integer' }, uuids: { type: 'array', items: { type: 'string' } } }
  }
} as const

/** A policy override: any field of a policy, each replacing the one derived from the event's tlp: tags. */
const POLICY_OVERRIDES = { ...POLICY_INPUT, required: [] } as const

interface ImportBody {
  event: unknown
  policy?: PolicyOverrides
  expires?: number
  strict?: boolean
  ignoreDistribution?: boolean
}

const IMPORTS_METRIC = 'intelmesh_misp_imports_total'

/** The import counter, registered once per registry (a node may serve more than one API server in tests). */
function importsCounter (registry: Registry): Counter<'outcome'> {
  const existing = registry.getSingleMetric(IMPORTS_METRIC)
  if (existing instanceof Counter) return existing as Counter<'outcome'>
  return new Counter({ name: IMPORTS_METRIC, help: 'MISP event imports, by outcome (published, or the error code of the refusal)', labelNames: ['outcome'], registers: [registry] })
}

/** Converts, checks and publishes one event; every refusal is thrown before the node stores anything. */
async function importEvent (node: IntelmeshNodeApi, body: ImportBody): Promise<Record<string, unknown>> {
  const prepared = prepareMispImport(body.event, {
    now: Date.now(),
    ...(body.policy === undefined ? {} : { policy: body.policy }),
    ...(body.strict === undefined ? {} : { strict: body.strict }),
    ...(body.ignoreDistribution === undefined ? {} : { ignoreDistribution: body.ignoreDistribution })
  })
  const published = await node.publish({ stix: prepared.stix, policy: prepared.policy, ...(body.expires === undefined ? {} : { expires: body.expires }) })
  return { ...published, bundle: prepared.stix.id, policy: prepared.policy, tlpFrom: prepared.tlpFrom, unmapped: prepared.unmapped, counts: prepared.counts }
}

/** The MISP bridge: import a MISP event as a STIX bundle, export a stored bundle as a MISP event. */
export async function mispRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts
  const imports = importsCounter(node.metrics)

  app.post<{ Body: ImportBody }>('/v1/misp/events', {
    schema: {
      summary: 'Import a MISP event: convert it to STIX 2.1 and publish it under the policy its tlp: tags ask for',
      tags: ['misp'],
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['event'],
        properties: {
          event: { type: ['object', 'string'], description: 'the MISP event in the MISP core format ({"Event": {…}}), as JSON or as JSON text' },
          policy: POLICY_OVERRIDES,
          expires: { type: 'integer', minimum: 1, description: 'expiry in ms since the Unix epoch; absent = never' },
          strict: { type: 'boolean', description: 'refuse the event when an attribute type or galaxy has no STIX mapping' },
          ignoreDistribution: { type: 'boolean', description: 'import an event whose distribution is 0 ("Your organisation only")' }
        }
      },
      response: {
        201: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            created: { type: 'integer' },
            bundle: { type: 'string', description: 'the STIX bundle id (bundle--<event uuid>)' },
            policy: POLICY,
            tlpFrom: { type: 'string', description: 'the tag the TLP was read from, or "override"' },
            recipients: { type: 'array', items: memberRef },
            excluded: { type: 'array', items: { type: 'object', properties: { ...memberRef.properties, reason: { type: 'string' } } } },
            unmapped: UNMAPPED,
            counts: {
              type: 'object',
              properties: { attributes: { type: 'integer' }, objects: { type: 'integer' }, galaxyClusters: { type: 'integer' }, stixObjects: { type: 'integer' } }
            }
          }
        }
      }
    }
  }, async (request, reply) => {
    try {
      const result = await importEvent(node, request.body)
      imports.inc({ outcome: 'published' })
      return await reply.code(201).send(result)
    } catch (err) {
      if (err instanceof IntelmeshError) {
        imports.inc({ outcome: err.code })
        // The code and the field only: the message may quote an attribute value, which is intel.
        request.log.warn({ code: err.code, field: (err as { field?: unknown }).field }, 'misp import refused')
      }
      throw err
    }
  })

  app.get<{ Params: { id: string } }>('/v1/bundles/:id/misp', {
    schema: {
      summary: 'A stored bundle as a MISP event (MISP core format), with the STIX objects it could not express',
      tags: ['misp'],
      params: { type: 'object', required: ['id'], properties: { id: BUNDLE_ID } },
      response: { 200: { type: 'object', properties: { Event: ANY_OBJECT, unmapped: UNMAPPED } } }
    }
  }, async request => {
    const bundle = await node.getBundle(request.params.id)
    if (bundle.stix === undefined) throw new MispNotConvertibleError(bundle.id, `is a ${bundle.kind.toLowerCase()}, not intelligence`)
    const result = stixToMisp({ ...bundle.stix, objects: bundle.stix.objects as Array<{ type: string, id: string }> })
    return { Event: result.event.Event, unmapped: result.unmapped }
  })
}
