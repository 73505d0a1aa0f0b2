import { TLP_LEVELS } from '../policy/types.js'

const stringList = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 256 } } as const
const positiveInt = { type: 'integer', minimum: 1 } as const

/** JSON Schema of a node's merged configuration; errors name the field and the allowed values. */
export const NODE_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'jurisdiction', 'roles', 'groups', 'listen', 'announce', 'api', 'logLevel',
    'jurisdictionGroups', 'collections', 'limits', 'replication', 'purgeIntervalMs'],
  properties: {
    $comment: { type: 'string' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    jurisdiction: { type: 'string', pattern: '^[A-Z]{2}$' },
    roles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['member', 'authority'] } },
    groups: { ...stringList, uniqueItems: true },
    listen: stringList,
    announce: stringList,
    api: {
      type: 'object',
      additionalProperties: false,
      required: ['host', 'port', 'bodyLimitBytes'],
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        bodyLimitBytes: positiveInt
      }
    },
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    jurisdictionGroups: {
      type: 'object',
      propertyNames: { pattern: '^[A-Z][A-Z0-9_]{2,63}$' },
      additionalProperties: stringList
    },
    collections: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'policy'],
        properties: {
          id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
          title: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          policy: {
            type: 'object',
            additionalProperties: false,
            required: ['tlp'],
            properties: {
              tlp: { enum: [...TLP_LEVELS] },
              allow: stringList,
              deny: stringList,
              groups: stringList,
              members: stringList,
              authorities: { type: 'boolean' },
              personalData: { type: 'boolean' }
            }
          }
        }
      }
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      required: ['maxFrameBytes', 'maxHeaderBytes', 'maxRecipients', 'maxPlaintextBytes'],
      properties: {
        maxFrameBytes: positiveInt,
        maxHeaderBytes: positiveInt,
        maxRecipients: positiveInt,
        maxPlaintextBytes: positiveInt
      }
    },
    replication: {
      type: 'object',
      additionalProperties: false,
      required: ['feedBatchSize', 'fetchBatchSize', 'maxInFlightFetches'],
      properties: {
        feedBatchSize: { type: 'integer', minimum: 1, maximum: 10000 },
        fetchBatchSize: { type: 'integer', minimum: 1, maximum: 1000 },
        maxInFlightFetches: { type: 'integer', minimum: 1, maximum: 64 },
        meshDegree: { type: 'integer', minimum: 0, maximum: 1000 }
      }
    },
    purgeIntervalMs: { type: 'integer', minimum: 1000 },
    readiness: {
      type: 'object',
      additionalProperties: false,
      required: ['minPeers'],
      properties: { minPeers: { type: 'integer', minimum: 0, maximum: 1000 } }
    },
    keys: {
      type: 'object',
      additionalProperties: false,
      properties: {
        autoAcceptRotations: { type: 'boolean' }
      }
    }
  }
} as const
