import { isRecord, isIntegerIn, problem } from './checks.js'
import { checkRequired } from './required.js'
import { compareTimestamps, isStixTimestamp } from './timestamps.js'
import type { Problem, RequiredTable } from './checks.js'

/** Required properties of the STIX 2.1 cyber-observables (§6). */
export const SCO_REQUIRED: RequiredTable = {
  'autonomous-system': [['number', 'integer']],
  directory: [['path', 'string']],
  'domain-name': [['value', 'string']],
  'email-addr': [['value', 'string']],
  'email-message': [['is_multipart', 'boolean']],
  'ipv4-addr': [['value', 'string']],
  'ipv6-addr': [['value', 'string']],
  'mac-addr': [['value', 'string']],
  mutex: [['name', 'string']],
  'network-traffic': [['protocols', 'strings']],
  software: [['name', 'string']],
  url: [['value', 'string']]
}

/** Required properties of the predefined SCO extensions (§6, "… Extension"). */
const EXTENSION_REQUIRED: RequiredTable = {
  'archive-ext': [['contains_refs', 'identifiers']],
  'windows-pebinary-ext': [['pe_type', 'string']],
  'http-request-ext': [['request_method', 'string'], ['request_value', 'string']],
  'icmp-ext': [['icmp_type_hex', 'string'], ['icmp_code_hex', 'string']],
  'socket-ext': [['address_family', 'string']]
}

/** Observables that must carry at least one property of their own (§6: "MUST contain at least one property"). */
const AT_LEAST_ONE = new Set(['process', 'user-account', 'windows-registry-key', 'x509-certificate'])

/** Properties every object may have; they do not count as "a property of its own". */
const COMMON = new Set(['type', 'id', 'spec_version', 'object_marking_refs', 'granular_markings', 'defanged'])

function artifact (o: Record<string, unknown>): Problem | undefined {
  if (('payload_bin' in o) === ('url' in o)) return problem('payload_bin', 'exactly one of payload_bin or url is required')
  if ('url' in o && !('hashes' in o)) return problem('hashes', 'is required when url is present')
  if ('decryption_key' in o && !('encryption_algorithm' in o)) return problem('encryption_algorithm', 'is required with decryption_key')
  return undefined
}

function networkTraffic (o: Record<string, unknown>): Problem | undefined {
  if (!('src_ref' in o) && !('dst_ref' in o)) return problem('src_ref', 'one of src_ref or dst_ref is required')
  if (o.is_active === true && 'end' in o) return problem('end', 'must be absent while is_active is true')
  for (const port of ['src_port', 'dst_port']) {
    if (port in o && !isIntegerIn(o[port], 0, 65535)) return problem(port, 'must be an integer from 0 to 65535')
  }
  if (isStixTimestamp(o.start) && isStixTimestamp(o.end) && compareTimestamps(o.end, o.start) < 0) {
    return problem('end', 'must be no earlier than start')
  }
  return undefined
}

function emailMessage (o: Record<string, unknown>): Problem | undefined {
  if (o.is_multipart === true && 'body' in o) return problem('body', 'must be absent when is_multipart is true')
  if (o.is_multipart === false && 'body_multipart' in o) return problem('body_multipart', 'must be absent when is_multipart is false')
  return undefined
}

/** Co-constraints of observables beyond required properties. */
const SCO_CONSTRAINTS: Readonly<Record<string, (o: Record<string, unknown>) => Problem | undefined>> = {
  artifact,
  file: o => 'hashes' in o || 'name' in o ? undefined : problem('name', 'one of hashes or name is required'),
  'network-traffic': networkTraffic,
  'email-message': emailMessage
}

function checkExtensionBodies (o: Record<string, unknown>): Problem | undefined {
  if (!isRecord(o.extensions)) return undefined
  for (const [name, body] of Object.entries(o.extensions)) {
    const list = EXTENSION_REQUIRED[name]
    if (list === undefined || !isRecord(body)) continue
    const found = checkRequired(body, list)
    if (found !== undefined) return problem(`extensions.${name}.${found.field}`, found.reason)
    if (name === 'http-request-ext' && 'request_header' in body) {
      // §6.12.2: each header maps to a list of strings (a header may repeat).
      const headers = body.request_header
      if (!isRecord(headers)) return problem(`extensions.${name}.request_header`, 'must be a dictionary')
      for (const [key, values] of Object.entries(headers)) {
        if (!Array.isArray(values) || !values.every(v => typeof v === 'string')) {
          return problem(`extensions.${name}.request_header.${key}`, 'must be a list of strings')
        }
      }
    }
  }
  return undefined
}

/** Type-specific rules of a STIX-defined cyber-observable. */
export function checkSco (type: string, o: Record<string, unknown>): Problem | undefined {
  const required = SCO_REQUIRED[type]
  const found = required === undefined ? undefined : checkRequired(o, required)
  if (found !== undefined) return found
  if (AT_LEAST_ONE.has(type) && Object.keys(o).every(key => COMMON.has(key))) {
    return problem('type', `a ${type} needs at least one property of its own`)
  }
  return SCO_CONSTRAINTS[type]?.(o) ?? checkExtensionBodies(o)
}
