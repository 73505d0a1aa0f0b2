import { toHex } from '../crypto/bytes.js'
import { memberKeyToString } from '../crypto/member-key.js'
import { Kind, Tlp as ProtoTlp } from './envelope.js'
import type { Header, Policy as ProtoPolicy, Recipient } from './envelope.js'
import type { EnvelopeHeader, EnvelopeKind, EnvelopeRecipient } from './types.js'
import type { Policy, Tlp } from '../policy/types.js'

// Member keys are base58 PeerId strings, ~30 µs each: a 1,000-recipient header
// would spend 30 ms before its signature is even checked. So the string forms
// are computed on first read and the pipeline works on raw bytes.

/** Proto Tlp enum -> TLP 2.0 label. */
export function tlpFromProto (tlp: ProtoTlp): Tlp {
  return tlp === ProtoTlp.AMBER_STRICT ? 'AMBER+STRICT' : tlp
}

/** TLP 2.0 label -> proto Tlp enum. */
export function tlpToProto (tlp: Tlp): ProtoTlp {
  return tlp === 'AMBER+STRICT' ? ProtoTlp.AMBER_STRICT : ProtoTlp[tlp]
}

/** Proto Kind enum -> friendly kind. */
export function kindFromProto (kind: Kind): EnvelopeKind {
  return kind === Kind.RETRACTION ? 'RETRACTION' : 'INTEL'
}

/** Friendly kind -> proto Kind enum. */
export function kindToProto (kind: EnvelopeKind): Kind {
  return kind === 'RETRACTION' ? Kind.RETRACTION : Kind.INTEL
}

/** A recipient of a decoded header; `key` is computed on first read. */
export class RecipientView implements EnvelopeRecipient {
  readonly keyRaw: Uint8Array
  readonly seq: number
  readonly wrappedKey: Uint8Array
  #key: string | undefined

  constructor (recipient: Recipient, seq: number) {
    this.keyRaw = recipient.key
    this.seq = seq
    this.wrappedKey = recipient.wrappedKey
  }

  /** Member key (`12D3KooW…`). */
  get key (): string {
    this.#key ??= memberKeyToString(this.keyRaw)
    return this.#key
  }

  /** JSON form: key and seq (getters are not serialised by default). */
  toJSON (): { key: string, seq: number } {
    return { key: this.key, seq: this.seq }
  }
}

/** A decoded, validated header; `origin` and `policy` are computed on first read. */
export class HeaderView implements EnvelopeHeader {
  readonly version: number
  readonly originKey: Uint8Array
  readonly created: number
  readonly expires: number
  readonly kind: EnvelopeKind
  readonly ref?: string
  readonly recipients: readonly RecipientView[]
  readonly nonce: Uint8Array
  readonly ciphertextLength: number
  readonly ciphertextHash: Uint8Array
  readonly keyCommitment: Uint8Array
  readonly #policy: ProtoPolicy
  #origin: string | undefined
  #friendlyPolicy: Policy | undefined

  /** `header` must have passed validateHeader; numbers are the checked conversions of its uint64s. */
  constructor (header: Header, policy: ProtoPolicy, numbers: { created: number, expires: number, seqs: number[] }) {
    this.version = header.version
    this.originKey = header.origin
    this.created = numbers.created
    this.expires = numbers.expires
    this.kind = kindFromProto(header.kind)
    if (header.ref !== undefined) this.ref = toHex(header.ref)
    this.recipients = header.recipients.map((recipient, i) => new RecipientView(recipient, numbers.seqs[i] as number))
    this.nonce = header.nonce
    this.ciphertextLength = header.ciphertextLength
    this.ciphertextHash = header.ciphertextHash
    this.keyCommitment = header.keyCommitment
    this.#policy = policy
  }

  /** Member key of the origin. */
  get origin (): string {
    this.#origin ??= memberKeyToString(this.originKey)
    return this.#origin
  }

  /** Distribution policy with members as member keys. */
  get policy (): Policy {
    this.#friendlyPolicy ??= {
      tlp: tlpFromProto(this.#policy.tlp),
      allow: this.#policy.allow,
      deny: this.#policy.deny,
      groups: this.#policy.groups,
      members: this.#policy.members.map(memberKeyToString),
      authorities: this.#policy.authorities,
      personalData: this.#policy.personalData
    }
    return this.#friendlyPolicy
  }

  /** JSON form with member keys and hex bytes (getters are not serialised by default). */
  toJSON (): Record<string, unknown> {
    return {
      version: this.version,
      origin: this.origin,
      created: this.created,
      expires: this.expires,
      kind: this.kind,
      ...(this.ref === undefined ? {} : { ref: this.ref }),
      policy: this.policy,
      recipients: this.recipients.map(recipient => recipient.toJSON()),
      nonce: toHex(this.nonce),
      ciphertextLength: this.ciphertextLength,
      ciphertextHash: toHex(this.ciphertextHash),
      keyCommitment: toHex(this.keyCommitment)
    }
  }
}
