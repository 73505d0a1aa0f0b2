import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Envelope {
  header: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
  ciphertext: Uint8Array<ArrayBuffer>
}

export namespace Envelope {
  let _codec: Codec<Envelope>

  export const codec = (): Codec<Envelope> => {
    if (_codec == null) {
      _codec = message<Envelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.header != null && obj.header.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.header)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.ciphertext)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          header: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0),
          ciphertext: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.header = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            case 3: {
              obj.ciphertext = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.header`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.ciphertext`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface EnvelopeHeaderFieldEvent {
    field: '$.header'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Envelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Envelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope {
    return decodeMessage(buf, Envelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopeHeaderFieldEvent | EnvelopeSignatureFieldEvent | EnvelopeCiphertextFieldEvent> {
    return streamMessage(buf, Envelope.codec(), opts)
  }
}

export enum Kind {
  INTEL = 'INTEL',
  RETRACTION = 'RETRACTION'
}

enum __KindValues {
  INTEL = 0,
  RETRACTION = 1
}

export namespace Kind {
  export const codec = (): Codec<Kind> => {
    return enumeration<Kind>(__KindValues)
  }
}

export enum Tlp {
  CLEAR = 'CLEAR',
  GREEN = 'GREEN',
  AMBER = 'AMBER',
  AMBER_STRICT = 'AMBER_STRICT',
  RED = 'RED'
}

enum __TlpValues {
  CLEAR = 0,
  GREEN = 1,
  AMBER = 2,
  AMBER_STRICT = 3,
  RED = 4
}

export namespace Tlp {
  export const codec = (): Codec<Tlp> => {
    return enumeration<Tlp>(__TlpValues)
  }
}

export interface Policy {
  tlp: Tlp
  allow: string[]
  deny: string[]
  groups: string[]
  members: Uint8Array<ArrayBuffer>[]
  authorities: boolean
  personalData: boolean
}

export namespace Policy {
  let _codec: Codec<Policy>

  export const codec = (): Codec<Policy> => {
    if (_codec == null) {
      _codec = message<Policy>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.tlp != null && __TlpValues[obj.tlp] !== 0) {
          w.uint32(8)
          Tlp.codec().encode(obj.tlp, w)
        }

        if (obj.allow != null && obj.allow.length > 0) {
          for (const value of obj.allow) {
            w.uint32(18)
            w.string(value)
          }
        }

        if (obj.deny != null && obj.deny.length > 0) {
          for (const value of obj.deny) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (obj.groups != null && obj.groups.length > 0) {
          for (const value of obj.groups) {
            w.uint32(34)
            w.string(value)
          }
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(42)
            w.bytes(value)
          }
        }

        if ((obj.authorities != null && obj.authorities !== false)) {
          w.uint32(48)
          w.bool(obj.authorities)
        }

        if ((obj.personalData != null && obj.personalData !== false)) {
          w.uint32(56)
          w.bool(obj.personalData)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          tlp: Tlp.CLEAR,
          allow: [],
          deny: [],
          groups: [],
          members: [],
          authorities: false,
          personalData: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.tlp = Tlp.codec().decode(reader)
              break
            }
            case 2: {
              if (opts.limits?.allow != null && obj.allow.length === opts.limits.allow) {
                throw new MaxLengthError('Decode error - repeated field "allow" had too many elements')
              }

              obj.allow.push(reader.string())
              break
            }
            case 3: {
              if (opts.limits?.deny != null && obj.deny.length === opts.limits.deny) {
                throw new MaxLengthError('Decode error - repeated field "deny" had too many elements')
              }

              obj.deny.push(reader.string())
              break
            }
            case 4: {
              if (opts.limits?.groups != null && obj.groups.length === opts.limits.groups) {
                throw new MaxLengthError('Decode error - repeated field "groups" had too many elements')
              }

              obj.groups.push(reader.string())
              break
            }
            case 5: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(reader.bytes())
              break
            }
            case 6: {
              obj.authorities = reader.bool()
              break
            }
            case 7: {
              obj.personalData = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          allow: 0,
          deny: 0,
          groups: 0,
          members: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.tlp`,
                value: Tlp.codec().decode(reader)
              }
              break
            }
            case 2: {
              if (opts.limits?.allow != null && obj.allow === opts.limits.allow) {
                throw new MaxLengthError('Streaming decode error - repeated field "allow" had too many elements')
              }

              yield {
                field: `${prefix}.allow[]`,
                index: obj.allow,
                value: reader.string()
              }

              obj.allow++

              break
            }
            case 3: {
              if (opts.limits?.deny != null && obj.deny === opts.limits.deny) {
                throw new MaxLengthError('Streaming decode error - repeated field "deny" had too many elements')
              }

              yield {
                field: `${prefix}.deny[]`,
                index: obj.deny,
                value: reader.string()
              }

              obj.deny++

              break
            }
            case 4: {
              if (opts.limits?.groups != null && obj.groups === opts.limits.groups) {
                throw new MaxLengthError('Streaming decode error - repeated field "groups" had too many elements')
              }

              yield {
                field: `${prefix}.groups[]`,
                index: obj.groups,
                value: reader.string()
              }

              obj.groups++

              break
            }
            case 5: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              yield {
                field: `${prefix}.members[]`,
                index: obj.members,
                value: reader.bytes()
              }

              obj.members++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.authorities`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.personalData`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PolicyTlpFieldEvent {
    field: '$.tlp'
    value: Tlp
  }

  export interface PolicyAllowFieldEvent {
    field: '$.allow[]'
    index: number
    value: string
  }

  export interface PolicyDenyFieldEvent {
    field: '$.deny[]'
    index: number
    value: string
  }

  export interface PolicyGroupsFieldEvent {
    field: '$.groups[]'
    index: number
    value: string
  }

  export interface PolicyMembersFieldEvent {
    field: '$.members[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface PolicyAuthoritiesFieldEvent {
    field: '$.authorities'
    value: boolean
  }

  export interface PolicyPersonalDataFieldEvent {
    field: '$.personalData'
    value: boolean
  }

  export function encode (obj: Partial<Policy>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Policy.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Policy>): Policy {
    return decodeMessage(buf, Policy.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Policy>): Generator<PolicyTlpFieldEvent | PolicyAllowFieldEvent | PolicyDenyFieldEvent | PolicyGroupsFieldEvent | PolicyMembersFieldEvent | PolicyAuthoritiesFieldEvent | PolicyPersonalDataFieldEvent> {
    return streamMessage(buf, Policy.codec(), opts)
  }
}

export interface Recipient {
  key: Uint8Array<ArrayBuffer>
  seq: bigint
  wrappedKey: Uint8Array<ArrayBuffer>
}

export namespace Recipient {
  let _codec: Codec<Recipient>

  export const codec = (): Codec<Recipient> => {
    if (_codec == null) {
      _codec = message<Recipient>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.key)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if ((obj.wrappedKey != null && obj.wrappedKey.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.wrappedKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          key: uint8ArrayAlloc(0),
          seq: 0n,
          wrappedKey: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.key = reader.bytes()
              break
            }
            case 2: {
              obj.seq = reader.uint64()
              break
            }
            case 3: {
              obj.wrappedKey = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.key`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.wrappedKey`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RecipientKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RecipientSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface RecipientWrappedKeyFieldEvent {
    field: '$.wrappedKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Recipient>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Recipient.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Recipient>): Recipient {
    return decodeMessage(buf, Recipient.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Recipient>): Generator<RecipientKeyFieldEvent | RecipientSeqFieldEvent | RecipientWrappedKeyFieldEvent> {
    return streamMessage(buf, Recipient.codec(), opts)
  }
}

export interface Header {
  version: number
  origin: Uint8Array<ArrayBuffer>
  created: bigint
  expires: bigint
  kind: Kind
  ref?: Uint8Array<ArrayBuffer>
  policy?: Policy
  recipients: Recipient[]
  nonce: Uint8Array<ArrayBuffer>
  ciphertextLength: number
  ciphertextHash: Uint8Array<ArrayBuffer>
  keyCommitment: Uint8Array<ArrayBuffer>
}

export namespace Header {
  let _codec: Codec<Header>

  export const codec = (): Codec<Header> => {
    if (_codec == null) {
      _codec = message<Header>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.origin != null && obj.origin.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.origin)
        }

        if ((obj.created != null && obj.created !== 0n)) {
          w.uint32(24)
          w.uint64(obj.created)
        }

        if ((obj.expires != null && obj.expires !== 0n)) {
          w.uint32(32)
          w.uint64(obj.expires)
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(40)
          Kind.codec().encode(obj.kind, w)
        }

        if (obj.ref != null) {
          w.uint32(50)
          w.bytes(obj.ref)
        }

        if (obj.policy != null) {
          w.uint32(58)
          Policy.codec().encode(obj.policy, w)
        }

        if (obj.recipients != null && obj.recipients.length > 0) {
          for (const value of obj.recipients) {
            w.uint32(66)
            Recipient.codec().encode(value, w)
          }
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(74)
          w.bytes(obj.nonce)
        }

        if ((obj.ciphertextLength != null && obj.ciphertextLength !== 0)) {
          w.uint32(80)
          w.uint32(obj.ciphertextLength)
        }

        if ((obj.ciphertextHash != null && obj.ciphertextHash.byteLength > 0)) {
          w.uint32(90)
          w.bytes(obj.ciphertextHash)
        }

        if ((obj.keyCommitment != null && obj.keyCommitment.byteLength > 0)) {
          w.uint32(98)
          w.bytes(obj.keyCommitment)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          origin: uint8ArrayAlloc(0),
          created: 0n,
          expires: 0n,
          kind: Kind.INTEL,
          recipients: [],
          nonce: uint8ArrayAlloc(0),
          ciphertextLength: 0,
          ciphertextHash: uint8ArrayAlloc(0),
          keyCommitment: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.origin = reader.bytes()
              break
            }
            case 3: {
              obj.created = reader.uint64()
              break
            }
            case 4: {
              obj.expires = reader.uint64()
              break
            }
            case 5: {
              obj.kind = Kind.codec().decode(reader)
              break
            }
            case 6: {
              obj.ref = reader.bytes()
              break
            }
            case 7: {
              obj.policy = Policy.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.policy
              })
              break
            }
            case 8: {
              if (opts.limits?.recipients != null && obj.recipients.length === opts.limits.recipients) {
                throw new MaxLengthError('Decode error - repeated field "recipients" had too many elements')
              }

              obj.recipients.push(Recipient.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.recipients$
              }))
              break
            }
            case 9: {
              obj.nonce = reader.bytes()
              break
            }
            case 10: {
              obj.ciphertextLength = reader.uint32()
              break
            }
            case 11: {
              obj.ciphertextHash = reader.bytes()
              break
            }
            case 12: {
              obj.keyCommitment = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          recipients: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.origin`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.created`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.expires`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.kind`,
                value: Kind.codec().decode(reader)
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.ref`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield * Policy.codec().stream(reader, reader.uint32(), `${prefix}.policy`, {
                limits: opts.limits?.policy
              })

              break
            }
            case 8: {
              if (opts.limits?.recipients != null && obj.recipients === opts.limits.recipients) {
                throw new MaxLengthError('Streaming decode error - repeated field "recipients" had too many elements')
              }

              for (const evt of Recipient.codec().stream(reader, reader.uint32(), `${prefix}.recipients[]`, {
                limits: opts.limits?.recipients$
              })) {
                yield {
                  ...evt,
                  index: obj.recipients
                }
              }

              obj.recipients++

              break
            }
            case 9: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.ciphertextLength`,
                value: reader.uint32()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.ciphertextHash`,
                value: reader.bytes()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.keyCommitment`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface HeaderVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface HeaderOriginFieldEvent {
    field: '$.origin'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HeaderCreatedFieldEvent {
    field: '$.created'
    value: bigint
  }

  export interface HeaderExpiresFieldEvent {
    field: '$.expires'
    value: bigint
  }

  export interface HeaderKindFieldEvent {
    field: '$.kind'
    value: Kind
  }

  export interface HeaderRefFieldEvent {
    field: '$.ref'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HeaderPolicyTlpFieldEvent {
    field: '$.policy.tlp'
    value: Tlp
  }

  export interface HeaderPolicyAllowFieldEvent {
    field: '$.policy.allow[]'
    index: number
    value: string
  }

  export interface HeaderPolicyDenyFieldEvent {
    field: '$.policy.deny[]'
    index: number
    value: string
  }

  export interface HeaderPolicyGroupsFieldEvent {
    field: '$.policy.groups[]'
    index: number
    value: string
  }

  export interface HeaderPolicyMembersFieldEvent {
    field: '$.policy.members[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface HeaderPolicyAuthoritiesFieldEvent {
    field: '$.policy.authorities'
    value: boolean
  }

  export interface HeaderPolicyPersonalDataFieldEvent {
    field: '$.policy.personalData'
    value: boolean
  }

  export interface HeaderRecipientsKeyFieldEvent {
    field: '$.recipients[].key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface HeaderRecipientsSeqFieldEvent {
    field: '$.recipients[].seq'
    value: bigint
    index: number
  }

  export interface HeaderRecipientsWrappedKeyFieldEvent {
    field: '$.recipients[].wrappedKey'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface HeaderNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HeaderCiphertextLengthFieldEvent {
    field: '$.ciphertextLength'
    value: number
  }

  export interface HeaderCiphertextHashFieldEvent {
    field: '$.ciphertextHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HeaderKeyCommitmentFieldEvent {
    field: '$.keyCommitment'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Header>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Header.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Header>): Header {
    return decodeMessage(buf, Header.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Header>): Generator<HeaderVersionFieldEvent | HeaderOriginFieldEvent | HeaderCreatedFieldEvent | HeaderExpiresFieldEvent | HeaderKindFieldEvent | HeaderRefFieldEvent | HeaderPolicyTlpFieldEvent | HeaderPolicyAllowFieldEvent | HeaderPolicyDenyFieldEvent | HeaderPolicyGroupsFieldEvent | HeaderPolicyMembersFieldEvent | HeaderPolicyAuthoritiesFieldEvent | HeaderPolicyPersonalDataFieldEvent | HeaderRecipientsKeyFieldEvent | HeaderRecipientsSeqFieldEvent | HeaderRecipientsWrappedKeyFieldEvent | HeaderNonceFieldEvent | HeaderCiphertextLengthFieldEvent | HeaderCiphertextHashFieldEvent | HeaderKeyCommitmentFieldEvent> {
    return streamMessage(buf, Header.codec(), opts)
  }
}

export interface Plaintext {
  origin: Uint8Array<ArrayBuffer>
  content: Uint8Array<ArrayBuffer>
}

export namespace Plaintext {
  let _codec: Codec<Plaintext>

  export const codec = (): Codec<Plaintext> => {
    if (_codec == null) {
      _codec = message<Plaintext>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.origin != null && obj.origin.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.origin)
        }

        if ((obj.content != null && obj.content.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.content)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          origin: uint8ArrayAlloc(0),
          content: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.origin = reader.bytes()
              break
            }
            case 2: {
              obj.content = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.origin`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.content`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PlaintextOriginFieldEvent {
    field: '$.origin'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PlaintextContentFieldEvent {
    field: '$.content'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Plaintext>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Plaintext.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Plaintext>): Plaintext {
    return decodeMessage(buf, Plaintext.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Plaintext>): Generator<PlaintextOriginFieldEvent | PlaintextContentFieldEvent> {
    return streamMessage(buf, Plaintext.codec(), opts)
  }
}
