import { AUDIT_EVENT_TYPES } from './audit-chain.js'
import { InvalidStoreInputError } from './errors.js'
import type { AcceptInput, AuditEventInput } from './types.js'

const BUNDLE_ID = /^[0-9a-f]{64}$/
const CONTROL = /[\x00-\x1f]/

/** Throws unless `id` is a bundle id (64 lowercase hex). */
export function checkBundleId (id: unknown, field: string): asserts id is string {
  if (typeof id !== 'string' || !BUNDLE_ID.test(id)) {
    throw new InvalidStoreInputError(`${field} must be 64 lowercase hex characters`)
  }
}

/** Throws unless `value` is a non-empty string usable as a key part. */
export function checkName (value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value === '' || CONTROL.test(value)) {
    throw new InvalidStoreInputError(`${field} must be a non-empty string without control characters`)
  }
}

/** Throws unless `value` is a non-negative safe integer (minimum `min`). */
export function checkInteger (value: unknown, field: string, min = 0): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidStoreInputError(`${field} must be a safe integer >= ${min}`)
  }
}

/** Throws unless `event` is a well-formed audit event. */
export function checkAuditEvent (event: AuditEventInput, field = 'audit'): void {
  if (event === null || typeof event !== 'object') throw new InvalidStoreInputError(`${field} must be an object`)
  if (!AUDIT_EVENT_TYPES.has(event.type)) throw new InvalidStoreInputError(`${field}.type "${String(event.type)}" is not an audit event type`)
  if (typeof event.at !== 'number' || !Number.isFinite(event.at)) throw new InvalidStoreInputError(`${field}.at must be a finite number`)
}

/** Throws InvalidStoreInputError naming the first malformed field of an accept input. */
export function checkAcceptInput (input: AcceptInput): void {
  checkBundleId(input.id, 'id')
  const r = input.record
  if (r === null || typeof r !== 'object') throw new InvalidStoreInputError('record must be an object')
  if (r.id !== input.id) throw new InvalidStoreInputError('record.id must equal id')
  if (!(input.envelope instanceof Uint8Array) || input.envelope.byteLength === 0) {
    throw new InvalidStoreInputError('envelope must be a non-empty Uint8Array')
  }
  if (r.size !== input.envelope.byteLength) throw new InvalidStoreInputError('record.size must equal the envelope length')
  if (r.kind !== 'INTEL' && r.kind !== 'RETRACTION') throw new InvalidStoreInputError('record.kind must be INTEL or RETRACTION')
  if (r.ref !== undefined) checkBundleId(r.ref, 'record.ref')
  if (r.ref === input.id) throw new InvalidStoreInputError('record.ref must name another bundle')
  if (r.kind === 'RETRACTION' && r.ref === undefined) throw new InvalidStoreInputError('record.ref is required for a RETRACTION')
  checkName(r.origin, 'record.origin')
  checkName(r.from, 'record.from')
  checkInteger(r.created, 'record.created')
  checkInteger(r.expires, 'record.expires')
  checkInteger(r.receivedAt, 'record.receivedAt')
  if (!Array.isArray(r.recipients)) throw new InvalidStoreInputError('record.recipients must be an array')
  if (!Array.isArray(r.types)) throw new InvalidStoreInputError('record.types must be an array')
  r.types.forEach((t, i) => { checkName(t, `record.types[${i}]`) })
  if (!Array.isArray(r.objects)) throw new InvalidStoreInputError('record.objects must be an array')
  r.objects.forEach((o, i) => { checkName(o?.id, `record.objects[${i}].id`) })
  if (!Array.isArray(input.observables)) throw new InvalidStoreInputError('observables must be an array')
  input.observables.forEach((o, i) => {
    if (typeof o?.value !== 'string' || o.value === '') throw new InvalidStoreInputError(`observables[${i}].value must be a non-empty string`)
    checkName(o.objectId, `observables[${i}].objectId`)
  })
  if (input.checkpoint !== undefined) {
    checkName(input.checkpoint.peer, 'checkpoint.peer')
    checkName(input.checkpoint.logId, 'checkpoint.logId')
    checkInteger(input.checkpoint.pos, 'checkpoint.pos')
  }
  input.counters?.forEach((c, i) => {
    checkName(c.recipient, `counters[${i}].recipient`)
    checkInteger(c.seq, `counters[${i}].seq`, 1)
  })
  if (input.seen !== undefined) {
    checkName(input.seen.origin, 'seen.origin')
    checkInteger(input.seen.seq, 'seen.seq', 1)
  }
  checkAuditEvent(input.audit)
}
