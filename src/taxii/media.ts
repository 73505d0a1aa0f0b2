import { ApiError } from '../api/errors.js'

interface MediaRange { type: string, subtype: string, version: string | undefined }

function parseMediaRange (text: string): MediaRange | undefined {
  const [range, ...params] = text.split(';').map(s => s.trim().toLowerCase())
  const m = /^([a-z0-9*!#$&^_.+-]+)\/([a-z0-9*!#$&^_.+-]+)$/.exec(range ?? '')
  if (m == null) return undefined
  let version: string | undefined
  for (const param of params) {
    const [name, value] = param.split('=').map(s => s.trim())
    if (name === 'version') version = value?.replace(/^"|"$/g, '')
  }
  return { type: m[1] ?? '', subtype: m[2] ?? '', version }
}

/**
 * TAXII content negotiation on `Accept`: TAXII 2.1 media types (with
 * `version=2.1` or no version), the STIX 2.1 type where objects are served, and
 * wildcards. A missing Accept header is accepted; anything else is a 406.
 */
export function checkAccept (accept: string | undefined, allowStix: boolean): void {
  if (accept == null || accept.trim() === '') return
  for (const part of accept.split(',')) {
    const range = parseMediaRange(part)
    if (range == null) continue
    if (range.type === '*' || (range.type === 'application' && range.subtype === '*')) return
    const versionOk = range.version == null || range.version === '2.1'
    if (range.type === 'application' && range.subtype === 'taxii+json' && versionOk) return
    if (allowStix && range.type === 'application' && range.subtype === 'stix+json' && versionOk) return
  }
  throw new ApiError('NOT_ACCEPTABLE', `Accept "${accept.slice(0, 200)}" is not served here; ask for application/taxii+json;version=2.1`)
}

/** TAXII POST bodies must be `application/taxii+json` (version 2.1 or unversioned); anything else is a 415. */
export function checkContentType (contentType: string | undefined): void {
  const range = parseMediaRange(contentType ?? '')
  if (range?.type === 'application' && range.subtype === 'taxii+json' && (range.version == null || range.version === '2.1')) return
  throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `Content-Type "${(contentType ?? '').slice(0, 200)}" is not accepted; send application/taxii+json;version=2.1`)
}
