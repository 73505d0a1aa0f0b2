import { Ajv } from 'ajv'
import { InvalidConfigError } from './errors.js'
import { NODE_CONFIG_SCHEMA } from './schema.js'
import type { NodeConfig } from './types.js'
import type { ErrorObject } from 'ajv'

type Json = Record<string, unknown>

const ajv = new Ajv({ allErrors: false, strict: false })
const validateConfig = ajv.compile(NODE_CONFIG_SCHEMA)

/** Environment variables a node honours, and the config field each overrides. */
export const ENV_OVERRIDES = {
  INTELMESH_NAME: 'name',
  INTELMESH_API_HOST: 'api.host',
  INTELMESH_API_PORT: 'api.port',
  INTELMESH_LISTEN: 'listen',
  INTELMESH_ANNOUNCE: 'announce',
  INTELMESH_LOG_LEVEL: 'logLevel'
} as const

/**
 * Merges defaults ← node file ← environment and validates the result.
 * Pure: the caller reads the files and passes `process.env`.
 */
export function resolveConfig (defaults: Json, file: Json, env: Record<string, string | undefined> = {}): NodeConfig {
  const merged = deepMerge(deepMerge(defaults, file), envLayer(env))
  if (!validateConfig(merged)) {
    throw toConfigError(validateConfig.errors?.[0])
  }
  return merged as unknown as NodeConfig
}

function envLayer (env: Record<string, string | undefined>): Json {
  const layer: Json = {}
  for (const [variable, field] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[variable]
    if (raw == null || raw === '') continue
    let value: unknown = raw
    if (field === 'api.port') {
      if (!/^\d+$/.test(raw)) throw new InvalidConfigError(field, `${variable}="${raw}" must be a port number 0-65535`)
      value = Number(raw)
    } else if (field === 'listen' || field === 'announce') {
      value = raw.split(',').map(s => s.trim()).filter(s => s !== '')
    }
    setPath(layer, field, value)
  }
  return layer
}

function setPath (target: Json, dotted: string, value: unknown): void {
  const parts = dotted.split('.')
  let node = target
  for (const part of parts.slice(0, -1)) {
    node[part] = (node[part] as Json | undefined) ?? {}
    node = node[part] as Json
  }
  node[parts[parts.length - 1] as string] = value
}

/** Objects merge key by key; arrays and scalars replace. */
function deepMerge (base: Json, over: Json): Json {
  const out: Json = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const current = out[key]
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value
  }
  return out
}

function isPlainObject (value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function toConfigError (error: ErrorObject | undefined): InvalidConfigError {
  if (error == null) return new InvalidConfigError('(root)', 'does not match the configuration schema')
  let field = error.instancePath.replace(/^\//, '').replace(/\//g, '.')
  const params = error.params as Record<string, unknown>
  let detail = error.message ?? 'is invalid'
  if (error.keyword === 'required') {
    field = [field, String(params.missingProperty)].filter(s => s !== '').join('.')
    detail = 'is required'
  } else if (error.keyword === 'additionalProperties') {
    field = [field, String(params.additionalProperty)].filter(s => s !== '').join('.')
    detail = 'is not a known setting'
  } else if (error.keyword === 'enum') {
    detail = `must be one of ${(params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`
  } else if (error.keyword === 'pattern' && field === 'jurisdiction') {
    detail = 'must be an ISO 3166-1 alpha-2 code in upper case, e.g. "DK"'
  }
  return new InvalidConfigError(field === '' ? '(root)' : field, detail)
}
