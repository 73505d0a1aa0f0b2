import { compareBytes } from '../crypto/bytes.js'
import { ED25519_PUBLIC_KEY_LENGTH, WRAPPED_KEY_LENGTH } from '../crypto/constants.js'
import { ENVELOPE_VERSION, HASH_LENGTH, MAX_POLICY_ENTRIES, MAX_POLICY_STRING_LENGTH, NONCE_LENGTH, PLAINTEXT_OVERHEAD_BYTES } from './constants.js'
import { EnvelopeMalformedError, EnvelopeTooLargeError } from './errors.js'
import { Kind } from './envelope.js'
import type { Header, Policy as ProtoPolicy } from './envelope.js'
import type { EnvelopeLimits } from './limits.js'

/** The uint64 fields of a header, as checked JavaScript numbers. */
export interface HeaderNumbers {
  created: number
  expires: number
  seqs: number[]
}

/** Throws `make(message)` unless `condition`: keeps each rule on one line. */
function check (condition: boolean, message: string, make: (message: string) => Error = m => new EnvelopeMalformedError(m)): asserts condition {
  if (!condition) throw make(message)
}

function tooLarge (message: string): Error {
  return new EnvelopeTooLargeError(message)
}

/** A uint64 field as a safe integer number; the message names the field. */
export function toSafeNumber (value: bigint, field: string): number {
  check(value <= BigInt(Number.MAX_SAFE_INTEGER), `${field} ${value} is beyond the largest safe integer`)
  return Number(value)
}

/**
 * Checks created/expires/kind/ref rules shared by seal and open:
 * created > 0, expires 0 or after created, a retraction names what it retracts.
 */
export function checkTimesAndRef (created: number, expires: number, kind: Kind, hasRef: boolean, make?: (message: string) => Error): void {
  check(Number.isSafeInteger(created) && created > 0, `header.created must be a positive integer (ms), got ${created}`, make)
  check(Number.isSafeInteger(expires) && expires >= 0, `header.expires must be 0 or a positive integer (ms), got ${expires}`, make)
  check(expires === 0 || expires > created, `header.expires (${expires}) must be 0 or later than header.created (${created})`, make)
  check(kind !== Kind.RETRACTION || hasRef, 'header.ref is required for a RETRACTION', make)
}

/** Checks one policy string list: bounded count, each entry 1..64 chars without control characters. */
export function checkPolicyStrings (list: readonly string[], field: string, make?: (message: string) => Error): void {
  check(list.length <= MAX_POLICY_ENTRIES, `${field} has ${list.length} entries, more than ${MAX_POLICY_ENTRIES}`, make)
  for (const entry of list) {
    check(entry.length > 0 && entry.length <= MAX_POLICY_STRING_LENGTH, `${field} entries must be 1 to ${MAX_POLICY_STRING_LENGTH} characters long`, make)
    // Invalid UTF-8 on the wire shows up as lone surrogates or U+FFFD.
    // eslint-disable-next-line no-control-regex
    check(entry.isWellFormed() && !/[\u0000-\u001f\u007f\ufffd]/.test(entry), `${field} entries must be well-formed text without control characters`, make)
  }
}

function checkPolicy (policy: ProtoPolicy, limits: EnvelopeLimits): void {
  checkPolicyStrings(policy.allow, 'header.policy.allow')
  checkPolicyStrings(policy.deny, 'header.policy.deny')
  checkPolicyStrings(policy.groups, 'header.policy.groups')
  check(policy.members.length <= limits.maxRecipients, `header.policy.members has ${policy.members.length} entries, more than ${limits.maxRecipients}`, tooLarge)
  for (const member of policy.members) {
    check(member.length === ED25519_PUBLIC_KEY_LENGTH, `header.policy.members entries must be ${ED25519_PUBLIC_KEY_LENGTH} bytes`)
  }
}

/**
 * Structural checks of a decoded header against its frame: everything that
 * can be checked without keys or time. Returns the uint64 fields as numbers.
 */
export function validateHeader (header: Header, ciphertextLength: number, limits: EnvelopeLimits): { policy: ProtoPolicy, numbers: HeaderNumbers } {
  check(header.version === ENVELOPE_VERSION, `header.version must be ${ENVELOPE_VERSION}, got ${header.version}`)
  check(header.origin.length === ED25519_PUBLIC_KEY_LENGTH, `header.origin must be ${ED25519_PUBLIC_KEY_LENGTH} bytes, got ${header.origin.length}`)
  const created = toSafeNumber(header.created, 'header.created')
  const expires = toSafeNumber(header.expires, 'header.expires')
  checkTimesAndRef(created, expires, header.kind, header.ref !== undefined)
  if (header.ref !== undefined) {
    check(header.ref.length === HASH_LENGTH, `header.ref must be ${HASH_LENGTH} bytes, got ${header.ref.length}`)
  }
  const policy = header.policy
  check(policy !== undefined, 'header.policy is missing')
  checkPolicy(policy, limits)
  check(header.nonce.length === NONCE_LENGTH, `header.nonce must be ${NONCE_LENGTH} bytes, got ${header.nonce.length}`)
  check(header.ciphertextHash.length === HASH_LENGTH, `header.ciphertextHash must be ${HASH_LENGTH} bytes, got ${header.ciphertextHash.length}`)
  check(header.keyCommitment.length === HASH_LENGTH, `header.keyCommitment must be ${HASH_LENGTH} bytes, got ${header.keyCommitment.length}`)
  check(header.ciphertextLength <= limits.maxPlaintextBytes + PLAINTEXT_OVERHEAD_BYTES, `header.ciphertextLength ${header.ciphertextLength} exceeds the plaintext limit`, tooLarge)
  check(header.ciphertextLength === ciphertextLength, `header.ciphertextLength ${header.ciphertextLength} differs from the ciphertext's ${ciphertextLength} bytes`)

  const recipients = header.recipients
  check(recipients.length > 0, 'header.recipients is empty')
  check(recipients.length <= limits.maxRecipients, `header.recipients has ${recipients.length} entries, more than ${limits.maxRecipients}`, tooLarge)
  const seqs = new Array<number>(recipients.length)
  let originListed = false
  for (let i = 0; i < recipients.length; i++) {
    const recipient = recipients[i] as Header['recipients'][number]
    check(recipient.key.length === ED25519_PUBLIC_KEY_LENGTH, `header.recipients[${i}].key must be ${ED25519_PUBLIC_KEY_LENGTH} bytes`)
    check(recipient.wrappedKey.length === WRAPPED_KEY_LENGTH, `header.recipients[${i}].wrappedKey must be ${WRAPPED_KEY_LENGTH} bytes`)
    // Strictly increasing keys: sorted and unique in one comparison.
    if (i > 0) {
      check(compareBytes((recipients[i - 1] as Header['recipients'][number]).key, recipient.key) < 0, `header.recipients[${i}].key is not sorted after the previous key, or repeats it`)
    }
    seqs[i] = toSafeNumber(recipient.seq, `header.recipients[${i}].seq`)
    if (!originListed && compareBytes(recipient.key, header.origin) === 0) originListed = true
  }
  check(originListed, 'header.recipients does not list header.origin')
  return { policy, numbers: { created, expires, seqs } }
}
