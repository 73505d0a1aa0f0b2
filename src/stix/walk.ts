import { isIdentifier } from './identifiers.js'

/** A problem found inside an object: the property path to it and why. */
export interface Finding {
  path: Array<string | number>
  reason: string
  /** Set when the value nests deeper than allowed (a limit, not a STIX rule). */
  tooDeep?: true
}

/**
 * Properties whose keys are data (header names, hash algorithms, language tags,
 * local object keys), not STIX property names: the `_ref`/`_refs`/`_hex`/`_bin`
 * naming rules do not apply below them. `objects` is the deprecated
 * observed-data dictionary, whose refs are local keys ("0", "1").
 */
const DATA_KEYED = new Set([
  'hashes', 'request_header', 'additional_header_fields', 'environment_variables',
  'options', 'document_info_dict', 'exif_tags', 'ipfix', 'contents', 'objects'
])

function isHexString (value: string): boolean {
  if (value.length % 2 !== 0) return false
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
    if (!hex) return false
  }
  return true
}

function isBase64Char (c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f
}

/** RFC 4648 base64 with padding (the JSON form of the STIX binary type). */
function isBase64 (value: string): boolean {
  if (value.length === 0 || value.length % 4 !== 0) return false
  let end = value.length
  if (value.charCodeAt(end - 1) === 0x3d) end--
  if (value.charCodeAt(end - 1) === 0x3d) end--
  for (let i = 0; i < end; i++) {
    if (!isBase64Char(value.charCodeAt(i))) return false
  }
  return true
}

function isPlainObject (value: object): boolean {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Naming rules for a scalar under property `name` (spec 3.1: `_ref` holds an identifier, `_hex`/`_bin` encodings). */
function checkNamedScalar (name: string, value: unknown): string | undefined {
  // Dispatch on the last character first: this runs for every property of every object.
  switch (name.charCodeAt(name.length - 1)) {
    case 0x66: // f
      if (name.endsWith('_ref')) return isIdentifier(value) ? undefined : 'must be an identifier'
      return undefined
    case 0x73: // s
      return name.endsWith('_refs') ? 'must be a list of identifiers' : undefined
    case 0x78: // x
      return name.endsWith('_hex') && typeof value === 'string' && !isHexString(value) ? 'must be an even number of hex digits' : undefined
    case 0x6e: // n
      return name.endsWith('_bin') && typeof value === 'string' && !isBase64(value) ? 'must be base64' : undefined
    default:
      return undefined
  }
}

/**
 * Walks one value: plain JSON only, no null, no empty list (both prohibited
 * by STIX 2.1), identifier syntax under `_ref`/`_refs` names, and at most
 * `depthLeft` further levels. Iteration is bounded by the depth cap, so the
 * recursion cannot be driven arbitrarily deep.
 */
export function walkValue (value: unknown, name: string | undefined, depthLeft: number, named = true): Finding | undefined {
  if (value === null) return { path: [], reason: 'must not be null' }
  const kind = typeof value
  if (kind === 'string' || kind === 'boolean' || (kind === 'number' && Number.isFinite(value))) {
    const reason = name === undefined ? undefined : checkNamedScalar(name, value)
    return reason === undefined ? undefined : { path: [], reason }
  }
  if (kind !== 'object' || !(Array.isArray(value) || isPlainObject(value as object))) {
    return { path: [], reason: 'is not a JSON value' }
  }
  if (depthLeft <= 0) return { path: [], reason: 'nests too deeply', tooDeep: true }
  if (Array.isArray(value)) return walkArray(value, name, depthLeft, named)
  if (name !== undefined && name.endsWith('_ref')) return { path: [], reason: 'must be an identifier' }
  if (name !== undefined && name.endsWith('_refs')) return { path: [], reason: 'must be a list of identifiers' }
  // Below a data-keyed property, names are data for the whole subtree.
  const childrenNamed = named && !(name !== undefined && DATA_KEYED.has(name))
  for (const key of Object.keys(value as object)) {
    const found = walkValue((value as Record<string, unknown>)[key], childrenNamed ? key : undefined, depthLeft - 1, childrenNamed)
    if (found !== undefined) {
      found.path.unshift(key)
      return found
    }
  }
  return undefined
}

function walkArray (value: unknown[], name: string | undefined, depthLeft: number, named: boolean): Finding | undefined {
  if (value.length === 0) return { path: [], reason: 'must not be an empty list' }
  if (name !== undefined && name.endsWith('_ref')) return { path: [], reason: 'must be an identifier' }
  const refs = name !== undefined && name.endsWith('_refs')
  for (let i = 0; i < value.length; i++) {
    const item = value[i]
    if (refs && !isIdentifier(item)) return { path: [i], reason: 'must be an identifier' }
    // List items inherit the list's name so that `_hex` lists are checked too.
    const found = refs ? undefined : walkValue(item, name, depthLeft - 1, named)
    if (found !== undefined) {
      found.path.unshift(i)
      return found
    }
  }
  return undefined
}

/** Renders a finding path as `a.b[2].c`. */
export function pathToField (path: Array<string | number>): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? part : `.${part}`
  }
  return out
}

/** Walks every property of a STIX object (the object itself is depth 1). */
export function walkObject (object: Record<string, unknown>, depthLeft: number): Finding | undefined {
  return walkValue(object, undefined, depthLeft)
}
