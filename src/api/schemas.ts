import { TLP_LEVELS } from '../policy/types.js'

// Shared JSON schemas of the API. They are plain objects (no `$ref`), so the
// OpenAPI generator can copy them as they are, and response schemas list every
// field that may leave the node: fast-json-stringify drops anything else.

const text = { type: 'string' } as const
const texts = { type: 'array', items: text } as const
const ms = { type: 'integer', description: 'milliseconds since the Unix epoch' } as const

/** A member key (`12D3KooW…`): base58, checked in full by the node. */
export const MEMBER_KEY = { type: 'string', minLength: 40, maxLength: 128, pattern: '^[1-9A-HJ-NP-Za-km-z]+$' } as const

/** A bundle id: 64 lower-case hex digits; anything else (path traversal included) is a 400. */
export const BUNDLE_ID = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const

/** An ISO 3166-1 alpha-2 code. */
export const JURISDICTION = { type: 'string', pattern: '^[A-Z]{2}$' } as const

const ROLE = { type: 'string', enum: ['member', 'authority'] } as const
const NAME_LIST = { type: 'array', maxItems: 256, items: { type: 'string', minLength: 1, maxLength: 256 } } as const

/** A distribution policy as clients send it; the node fills defaults and checks the semantics (422). */
export const POLICY_INPUT = {
  type: 'object',
  additionalProperties: false,
  required: ['tlp'],
  properties: {
    tlp: { type: 'string', enum: [...TLP_LEVELS] },
    allow: NAME_LIST,
    deny: NAME_LIST,
    groups: NAME_LIST,
    members: { type: 'array', maxItems: 1000, items: MEMBER_KEY },
    authorities: { type: 'boolean' },
    personalData: { type: 'boolean' }
  }
} as const

/** A policy as the node stores it. */
export const POLICY = {
  type: 'object',
  properties: {
    tlp: text,
    allow: texts,
    deny: texts,
    groups: texts,
    members: texts,
    authorities: { type: 'boolean' },
    personalData: { type: 'boolean' }
  }
} as const

/** Metadata of a stored bundle (never its plaintext). */
export const BUNDLE_VIEW = {
  type: 'object',
  required: ['id', 'origin', 'kind', 'created', 'expires', 'receivedAt', 'tlp', 'pos'],
  properties: {
    id: text,
    origin: text,
    originName: text,
    kind: { type: 'string', enum: ['INTEL', 'RETRACTION'] },
    ref: text,
    created: ms,
    expires: { type: 'integer', description: 'milliseconds since the Unix epoch; 0 = never' },
    receivedAt: ms,
    from: text,
    tlp: text,
    policy: POLICY,
    recipients: texts,
    types: texts,
    objects: {
      type: 'array',
      items: { type: 'object', properties: { id: text, type: text, modified: text } }
    },
    pos: { type: 'integer', description: "position in this node's local log" },
    size: { type: 'integer' }
  }
} as const

/** Any JSON object, serialised as it is (STIX content, audit details). */
export const ANY_OBJECT = { type: 'object', additionalProperties: true } as const

/** A directory entry with its connection state. */
export const PEER_VIEW = {
  type: 'object',
  required: ['key', 'name', 'jurisdiction', 'roles', 'status'],
  properties: {
    key: text,
    name: text,
    jurisdiction: text,
    roles: texts,
    groups: texts,
    addresses: texts,
    status: { type: 'string', enum: ['active', 'suspended', 'retired', 'compromised'] },
    added: ms,
    updated: ms,
    successor: text,
    retiredAt: ms,
    compromisedAt: ms,
    self: { type: 'boolean' },
    connected: { type: 'boolean' },
    connectedSince: { ...ms, description: 'when the current connection opened (since this node started); absent while disconnected' },
    lastSeen: { ...ms, description: 'last time this node was connected to the peer: now while connected; absent if not since this node started' }
  }
} as const

/** Fields of a peer an admin may set. */
export const PEER_FIELDS = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  jurisdiction: JURISDICTION,
  roles: { type: 'array', minItems: 1, maxItems: 2, uniqueItems: true, items: ROLE },
  groups: NAME_LIST,
  addresses: { type: 'array', maxItems: 64, items: { type: 'string', minLength: 1, maxLength: 512 } },
  status: { type: 'string', enum: ['active', 'suspended'] }
} as const
