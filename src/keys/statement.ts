import { sha256, toHex, verifyDomain } from '../crypto/index.js'
import { isMemberKey, parseMemberKey } from '../crypto/member-key.js'
import { MAX_ROTATION_CLOCK_SKEW_MS, MAX_ROTATION_REASON_LENGTH, MAX_STATEMENT_BODY_BYTES, ROTATION_NEW_KEY_DOMAIN, ROTATION_OLD_KEY_DOMAIN, ROTATION_STATEMENT_VERSION } from './constants.js'
import { InactiveRotatedKeyError, MalformedStatementError, NewKeyInUseError, StaleStatementError, StatementSignatureError, UnknownRotatedKeyError } from './errors.js'
import type { NodeIdentity } from '../crypto/index.js'
import type { DirectoryView } from '../directory/types.js'

/** What a rotation statement says: member key `oldKey` is replaced by `newKey` as of `issued`. */
export interface RotationClaim {
  oldKey: string
  newKey: string
  /** When the rotation took effect (ms since epoch); bundles the old key created later are refused. */
  issued: number
  /** Operator's free-text reason (may be empty). */
  reason: string
}

/** A statement whose two signatures verified; `body` is the exact signed bytes. */
export interface RotationStatement extends RotationClaim {
  /** Hex SHA-256 of the body: the statement's identity. */
  id: string
  body: Uint8Array
  oldSignature: Uint8Array
  newSignature: Uint8Array
}

/** The JSON form a statement travels and is stored in: base64 of the body and of both signatures. */
export interface StatementWire {
  body: string
  oldSignature: string
  newSignature: string
}

// C0/C1 controls and line breaks would let a reason forge lines in logs.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/
const BODY_FIELDS = ['v', 'old', 'new', 'issued', 'reason']

/**
 * Signs a rotation: the body is encoded once, then signed by the old key (authority: the member
 * says so) and by the new key (proof of possession: nobody can rotate a member onto a key they
 * do not hold, or onto another member's key), each under its own domain tag.
 */
export function createRotationStatement (oldIdentity: NodeIdentity, newIdentity: NodeIdentity, issued: number, reason = ''): RotationStatement {
  checkReason(reason)
  const claim = { v: ROTATION_STATEMENT_VERSION, old: oldIdentity.memberKey, new: newIdentity.memberKey, issued, reason }
  const body = new TextEncoder().encode(JSON.stringify(claim))
  return {
    oldKey: claim.old,
    newKey: claim.new,
    issued,
    reason,
    id: toHex(sha256(body)),
    body,
    oldSignature: oldIdentity.sign(ROTATION_OLD_KEY_DOMAIN, body),
    newSignature: newIdentity.sign(ROTATION_NEW_KEY_DOMAIN, body)
  }
}

/** The wire form of a statement (bytes kept exactly as signed). */
export function statementToWire (statement: RotationStatement): StatementWire {
  return { body: base64(statement.body), oldSignature: base64(statement.oldSignature), newSignature: base64(statement.newSignature) }
}

/**
 * Wire form -> a statement whose signatures both verified over the received body bytes.
 * Throws MalformedStatementError naming the field, or StatementSignatureError naming the signer.
 */
export function parseRotationStatement (wire: unknown): RotationStatement {
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) throw new MalformedStatementError('(statement)', 'must be an object with body, oldSignature and newSignature')
  const fields = wire as Record<string, unknown>
  const body = fromBase64(fields.body, 'body', MAX_STATEMENT_BODY_BYTES)
  const oldSignature = fromBase64(fields.oldSignature, 'oldSignature', 64)
  const newSignature = fromBase64(fields.newSignature, 'newSignature', 64)
  const claim = parseBody(body)
  if (!verifyDomain(parseMemberKey(claim.oldKey), ROTATION_OLD_KEY_DOMAIN, body, oldSignature)) throw new StatementSignatureError('old', claim.oldKey)
  if (!verifyDomain(parseMemberKey(claim.newKey), ROTATION_NEW_KEY_DOMAIN, body, newSignature)) throw new StatementSignatureError('new', claim.newKey)
  return { ...claim, id: toHex(sha256(body)), body, oldSignature, newSignature }
}

/**
 * May this node act on `statement`, by its own directory? The old key must be an active entry
 * (a suspended, compromised or retired key signs nothing), the new key unknown, the issue time
 * not in the future, and the statement newer than `previous` (one already known for the same
 * old key). Pure; throws the typed error that names the problem.
 */
export function checkRotation (statement: RotationClaim & { id: string }, directory: DirectoryView, now: number, previous?: RotationClaim & { id: string }): void {
  const old = directory.get(statement.oldKey)
  if (old == null) throw new UnknownRotatedKeyError(statement.oldKey)
  if (old.status !== 'active') throw new InactiveRotatedKeyError(statement.oldKey, old.status)
  if (directory.get(statement.newKey) != null) throw new NewKeyInUseError(statement.newKey)
  if (statement.issued > now + MAX_ROTATION_CLOCK_SKEW_MS) {
    throw new StaleStatementError(`rotation of ${statement.oldKey} is issued at ${statement.issued} ms, in the future (now ${now} ms)`)
  }
  if (previous != null && previous.id !== statement.id && previous.issued >= statement.issued) {
    throw new StaleStatementError(`rotation of ${statement.oldKey} issued at ${statement.issued} ms is not newer than the one already known (issued at ${previous.issued} ms)`)
  }
}

function parseBody (body: Uint8Array): RotationClaim {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  } catch (err) {
    throw new MalformedStatementError('body', 'is not UTF-8 JSON', { cause: err })
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new MalformedStatementError('body', 'must be a JSON object')
  const record = json as Record<string, unknown>
  for (const field of Object.keys(record)) {
    if (!BODY_FIELDS.includes(field)) throw new MalformedStatementError(field, 'unknown field')
  }
  if (record.v !== ROTATION_STATEMENT_VERSION) throw new MalformedStatementError('v', `version must be ${ROTATION_STATEMENT_VERSION}`)
  for (const field of ['old', 'new']) {
    if (typeof record[field] !== 'string' || !isMemberKey(record[field])) throw new MalformedStatementError(field, 'must be an Ed25519 member key (12D3KooW…)')
  }
  if (record.old === record.new) throw new MalformedStatementError('new', 'must differ from the old key')
  const issued = record.issued
  if (typeof issued !== 'number' || !Number.isSafeInteger(issued) || issued < 0) throw new MalformedStatementError('issued', 'must be a non-negative integer (ms since epoch)')
  if (typeof record.reason !== 'string') throw new MalformedStatementError('reason', 'must be a string')
  checkReason(record.reason)
  return { oldKey: record.old as string, newKey: record.new as string, issued, reason: record.reason }
}

function checkReason (reason: string): void {
  if (reason.length > MAX_ROTATION_REASON_LENGTH || CONTROL.test(reason)) {
    throw new MalformedStatementError('reason', `must be at most ${MAX_ROTATION_REASON_LENGTH} characters without control characters`)
  }
}

function fromBase64 (value: unknown, field: string, maxBytes: number): Uint8Array {
  if (typeof value !== 'string') throw new MalformedStatementError(field, 'must be a base64 string')
  const bytes = Buffer.from(value, 'base64')
  // Buffer.from skips bad characters: a strict round trip refuses them.
  if (bytes.toString('base64') !== value || bytes.length === 0 || bytes.length > maxBytes) {
    throw new MalformedStatementError(field, `must be canonical base64 of 1..${maxBytes} bytes`)
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function base64 (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}
