import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface FeedRequest {
  logId: string
  epoch: string
  since: bigint
  echo?: boolean
  follow?: boolean
  ownOnly?: boolean
}

export namespace FeedRequest {
  let _codec: Codec<FeedRequest>

  export const codec = (): Codec<FeedRequest> => {
    if (_codec == null) {
      _codec = message<FeedRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.logId != null && obj.logId !== '')) {
          w.uint32(10)
          w.string(obj.logId)
        }

        if ((obj.epoch != null && obj.epoch !== '')) {
          w.uint32(18)
          w.string(obj.epoch)
        }

        if ((obj.since != null && obj.since !== 0n)) {
          w.uint32(24)
          w.uint64(obj.since)
        }

        if (obj.echo != null) {
          w.uint32(32)
          w.bool(obj.echo)
        }

        if (obj.follow != null) {
          w.uint32(40)
          w.bool(obj.follow)
        }

        if (obj.ownOnly != null) {
          w.uint32(48)
          w.bool(obj.ownOnly)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          logId: '',
          epoch: '',
          since: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.logId = reader.string()
              break
            }
            case 2: {
              obj.epoch = reader.string()
              break
            }
            case 3: {
              obj.since = reader.uint64()
              break
            }
            case 4: {
              obj.echo = reader.bool()
              break
            }
            case 5: {
              obj.follow = reader.bool()
              break
            }
            case 6: {
              obj.ownOnly = reader.bool()
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
                field: `${prefix}.logId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.since`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.echo`,
                value: reader.bool()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.follow`,
                value: reader.bool()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.ownOnly`,
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

  export interface FeedRequestLogIdFieldEvent {
    field: '$.logId'
    value: string
  }

  export interface FeedRequestEpochFieldEvent {
    field: '$.epoch'
    value: string
  }

  export interface FeedRequestSinceFieldEvent {
    field: '$.since'
    value: bigint
  }

  export interface FeedRequestEchoFieldEvent {
    field: '$.echo'
    value: boolean
  }

  export interface FeedRequestFollowFieldEvent {
    field: '$.follow'
    value: boolean
  }

  export interface FeedRequestOwnOnlyFieldEvent {
    field: '$.ownOnly'
    value: boolean
  }

  export function encode (obj: Partial<FeedRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FeedRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedRequest>): FeedRequest {
    return decodeMessage(buf, FeedRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedRequest>): Generator<FeedRequestLogIdFieldEvent | FeedRequestEpochFieldEvent | FeedRequestSinceFieldEvent | FeedRequestEchoFieldEvent | FeedRequestFollowFieldEvent | FeedRequestOwnOnlyFieldEvent> {
    return streamMessage(buf, FeedRequest.codec(), opts)
  }
}

export interface FeedHello {
  logId: string
  epoch: string
  since: bigint
  seenFromYou?: bigint
}

export namespace FeedHello {
  let _codec: Codec<FeedHello>

  export const codec = (): Codec<FeedHello> => {
    if (_codec == null) {
      _codec = message<FeedHello>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.logId != null && obj.logId !== '')) {
          w.uint32(10)
          w.string(obj.logId)
        }

        if ((obj.epoch != null && obj.epoch !== '')) {
          w.uint32(18)
          w.string(obj.epoch)
        }

        if ((obj.since != null && obj.since !== 0n)) {
          w.uint32(24)
          w.uint64(obj.since)
        }

        if (obj.seenFromYou != null) {
          w.uint32(32)
          w.uint64(obj.seenFromYou)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          logId: '',
          epoch: '',
          since: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.logId = reader.string()
              break
            }
            case 2: {
              obj.epoch = reader.string()
              break
            }
            case 3: {
              obj.since = reader.uint64()
              break
            }
            case 4: {
              obj.seenFromYou = reader.uint64()
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
                field: `${prefix}.logId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.since`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.seenFromYou`,
                value: reader.uint64()
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

  export interface FeedHelloLogIdFieldEvent {
    field: '$.logId'
    value: string
  }

  export interface FeedHelloEpochFieldEvent {
    field: '$.epoch'
    value: string
  }

  export interface FeedHelloSinceFieldEvent {
    field: '$.since'
    value: bigint
  }

  export interface FeedHelloSeenFromYouFieldEvent {
    field: '$.seenFromYou'
    value: bigint
  }

  export function encode (obj: Partial<FeedHello>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FeedHello.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedHello>): FeedHello {
    return decodeMessage(buf, FeedHello.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedHello>): Generator<FeedHelloLogIdFieldEvent | FeedHelloEpochFieldEvent | FeedHelloSinceFieldEvent | FeedHelloSeenFromYouFieldEvent> {
    return streamMessage(buf, FeedHello.codec(), opts)
  }
}

export interface FeedEntry {
  pos: bigint
  id: Uint8Array<ArrayBuffer>
  envelope?: Uint8Array<ArrayBuffer>
}

export namespace FeedEntry {
  let _codec: Codec<FeedEntry>

  export const codec = (): Codec<FeedEntry> => {
    if (_codec == null) {
      _codec = message<FeedEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.pos != null && obj.pos !== 0n)) {
          w.uint32(8)
          w.uint64(obj.pos)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.id)
        }

        if (obj.envelope != null) {
          w.uint32(26)
          w.bytes(obj.envelope)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          pos: 0n,
          id: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.pos = reader.uint64()
              break
            }
            case 2: {
              obj.id = reader.bytes()
              break
            }
            case 3: {
              obj.envelope = reader.bytes()
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
                field: `${prefix}.pos`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.envelope`,
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

  export interface FeedEntryPosFieldEvent {
    field: '$.pos'
    value: bigint
  }

  export interface FeedEntryIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FeedEntryEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<FeedEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FeedEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedEntry>): FeedEntry {
    return decodeMessage(buf, FeedEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedEntry>): Generator<FeedEntryPosFieldEvent | FeedEntryIdFieldEvent | FeedEntryEnvelopeFieldEvent> {
    return streamMessage(buf, FeedEntry.codec(), opts)
  }
}

export interface FeedBatch {
  entries: FeedEntry[]
  head: bigint
  tail: boolean
}

export namespace FeedBatch {
  let _codec: Codec<FeedBatch>

  export const codec = (): Codec<FeedBatch> => {
    if (_codec == null) {
      _codec = message<FeedBatch>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(10)
            FeedEntry.codec().encode(value, w)
          }
        }

        if ((obj.head != null && obj.head !== 0n)) {
          w.uint32(16)
          w.uint64(obj.head)
        }

        if ((obj.tail != null && obj.tail !== false)) {
          w.uint32(24)
          w.bool(obj.tail)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          entries: [],
          head: 0n,
          tail: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(FeedEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            case 2: {
              obj.head = reader.uint64()
              break
            }
            case 3: {
              obj.tail = reader.bool()
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
          entries: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of FeedEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.head`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.tail`,
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

  export interface FeedBatchEntriesPosFieldEvent {
    field: '$.entries[].pos'
    value: bigint
    index: number
  }

  export interface FeedBatchEntriesIdFieldEvent {
    field: '$.entries[].id'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface FeedBatchEntriesEnvelopeFieldEvent {
    field: '$.entries[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface FeedBatchHeadFieldEvent {
    field: '$.head'
    value: bigint
  }

  export interface FeedBatchTailFieldEvent {
    field: '$.tail'
    value: boolean
  }

  export function encode (obj: Partial<FeedBatch>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FeedBatch.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedBatch>): FeedBatch {
    return decodeMessage(buf, FeedBatch.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedBatch>): Generator<FeedBatchEntriesPosFieldEvent | FeedBatchEntriesIdFieldEvent | FeedBatchEntriesEnvelopeFieldEvent | FeedBatchHeadFieldEvent | FeedBatchTailFieldEvent> {
    return streamMessage(buf, FeedBatch.codec(), opts)
  }
}

export interface FeedMessage {
  hello?: FeedHello
  batch?: FeedBatch
}

export namespace FeedMessage {
  let _codec: Codec<FeedMessage>

  export const codec = (): Codec<FeedMessage> => {
    if (_codec == null) {
      _codec = message<FeedMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.hello != null) {
          w.uint32(10)
          FeedHello.codec().encode(obj.hello, w)
        }

        if (obj.batch != null) {
          w.uint32(18)
          FeedBatch.codec().encode(obj.batch, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.hello = FeedHello.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.hello
              })
              break
            }
            case 2: {
              obj.batch = FeedBatch.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.batch
              })
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
              yield * FeedHello.codec().stream(reader, reader.uint32(), `${prefix}.hello`, {
                limits: opts.limits?.hello
              })

              break
            }
            case 2: {
              yield * FeedBatch.codec().stream(reader, reader.uint32(), `${prefix}.batch`, {
                limits: opts.limits?.batch
              })

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

  export interface FeedMessageHelloLogIdFieldEvent {
    field: '$.hello.logId'
    value: string
  }

  export interface FeedMessageHelloEpochFieldEvent {
    field: '$.hello.epoch'
    value: string
  }

  export interface FeedMessageHelloSinceFieldEvent {
    field: '$.hello.since'
    value: bigint
  }

  export interface FeedMessageHelloSeenFromYouFieldEvent {
    field: '$.hello.seenFromYou'
    value: bigint
  }

  export interface FeedMessageBatchEntriesPosFieldEvent {
    field: '$.batch.entries[].pos'
    value: bigint
    index: number
  }

  export interface FeedMessageBatchEntriesIdFieldEvent {
    field: '$.batch.entries[].id'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface FeedMessageBatchEntriesEnvelopeFieldEvent {
    field: '$.batch.entries[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface FeedMessageBatchHeadFieldEvent {
    field: '$.batch.head'
    value: bigint
  }

  export interface FeedMessageBatchTailFieldEvent {
    field: '$.batch.tail'
    value: boolean
  }

  export function encode (obj: Partial<FeedMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FeedMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedMessage>): FeedMessage {
    return decodeMessage(buf, FeedMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedMessage>): Generator<FeedMessageHelloLogIdFieldEvent | FeedMessageHelloEpochFieldEvent | FeedMessageHelloSinceFieldEvent | FeedMessageHelloSeenFromYouFieldEvent | FeedMessageBatchEntriesPosFieldEvent | FeedMessageBatchEntriesIdFieldEvent | FeedMessageBatchEntriesEnvelopeFieldEvent | FeedMessageBatchHeadFieldEvent | FeedMessageBatchTailFieldEvent> {
    return streamMessage(buf, FeedMessage.codec(), opts)
  }
}

export interface FetchRequest {
  ids: Uint8Array<ArrayBuffer>[]
}

export namespace FetchRequest {
  let _codec: Codec<FetchRequest>

  export const codec = (): Codec<FetchRequest> => {
    if (_codec == null) {
      _codec = message<FetchRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.ids != null && obj.ids.length > 0) {
          for (const value of obj.ids) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ids: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids.length === opts.limits.ids) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              obj.ids.push(reader.bytes())
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
          ids: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids === opts.limits.ids) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              yield {
                field: `${prefix}.ids[]`,
                index: obj.ids,
                value: reader.bytes()
              }

              obj.ids++

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

  export interface FetchRequestIdsFieldEvent {
    field: '$.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<FetchRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchRequest>): FetchRequest {
    return decodeMessage(buf, FetchRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchRequest>): Generator<FetchRequestIdsFieldEvent> {
    return streamMessage(buf, FetchRequest.codec(), opts)
  }
}

export interface FetchResponse {
  id: Uint8Array<ArrayBuffer>
  envelope?: Uint8Array<ArrayBuffer>
  refused?: string
}

export namespace FetchResponse {
  let _codec: Codec<FetchResponse>

  export const codec = (): Codec<FetchResponse> => {
    if (_codec == null) {
      _codec = message<FetchResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.id)
        }

        if (obj.envelope != null) {
          w.uint32(18)
          w.bytes(obj.envelope)
        }

        if (obj.refused != null) {
          w.uint32(26)
          w.string(obj.refused)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.bytes()
              break
            }
            case 2: {
              obj.envelope = reader.bytes()
              break
            }
            case 3: {
              obj.refused = reader.string()
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
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.envelope`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.refused`,
                value: reader.string()
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

  export interface FetchResponseIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FetchResponseEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FetchResponseRefusedFieldEvent {
    field: '$.refused'
    value: string
  }

  export function encode (obj: Partial<FetchResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchResponse>): FetchResponse {
    return decodeMessage(buf, FetchResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchResponse>): Generator<FetchResponseIdFieldEvent | FetchResponseEnvelopeFieldEvent | FetchResponseRefusedFieldEvent> {
    return streamMessage(buf, FetchResponse.codec(), opts)
  }
}

export interface Receipt {
  id: Uint8Array<ArrayBuffer>
  storedAt: bigint
  signature: Uint8Array<ArrayBuffer>
}

export namespace Receipt {
  let _codec: Codec<Receipt>

  export const codec = (): Codec<Receipt> => {
    if (_codec == null) {
      _codec = message<Receipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.id)
        }

        if ((obj.storedAt != null && obj.storedAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.storedAt)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: uint8ArrayAlloc(0),
          storedAt: 0n,
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.bytes()
              break
            }
            case 2: {
              obj.storedAt = reader.uint64()
              break
            }
            case 3: {
              obj.signature = reader.bytes()
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
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.storedAt`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.signature`,
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

  export interface ReceiptIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReceiptStoredAtFieldEvent {
    field: '$.storedAt'
    value: bigint
  }

  export interface ReceiptSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Receipt>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Receipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Receipt {
    return decodeMessage(buf, Receipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Generator<ReceiptIdFieldEvent | ReceiptStoredAtFieldEvent | ReceiptSignatureFieldEvent> {
    return streamMessage(buf, Receipt.codec(), opts)
  }
}

export interface ReceiptBatch {
  receipts: Receipt[]
}

export namespace ReceiptBatch {
  let _codec: Codec<ReceiptBatch>

  export const codec = (): Codec<ReceiptBatch> => {
    if (_codec == null) {
      _codec = message<ReceiptBatch>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.receipts != null && obj.receipts.length > 0) {
          for (const value of obj.receipts) {
            w.uint32(10)
            Receipt.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          receipts: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.receipts != null && obj.receipts.length === opts.limits.receipts) {
                throw new MaxLengthError('Decode error - repeated field "receipts" had too many elements')
              }

              obj.receipts.push(Receipt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipts$
              }))
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
          receipts: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.receipts != null && obj.receipts === opts.limits.receipts) {
                throw new MaxLengthError('Streaming decode error - repeated field "receipts" had too many elements')
              }

              for (const evt of Receipt.codec().stream(reader, reader.uint32(), `${prefix}.receipts[]`, {
                limits: opts.limits?.receipts$
              })) {
                yield {
                  ...evt,
                  index: obj.receipts
                }
              }

              obj.receipts++

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

  export interface ReceiptBatchReceiptsIdFieldEvent {
    field: '$.receipts[].id'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ReceiptBatchReceiptsStoredAtFieldEvent {
    field: '$.receipts[].storedAt'
    value: bigint
    index: number
  }

  export interface ReceiptBatchReceiptsSignatureFieldEvent {
    field: '$.receipts[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<ReceiptBatch>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReceiptBatch.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReceiptBatch>): ReceiptBatch {
    return decodeMessage(buf, ReceiptBatch.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReceiptBatch>): Generator<ReceiptBatchReceiptsIdFieldEvent | ReceiptBatchReceiptsStoredAtFieldEvent | ReceiptBatchReceiptsSignatureFieldEvent> {
    return streamMessage(buf, ReceiptBatch.codec(), opts)
  }
}

export interface ReceiptRefusal {
  id: Uint8Array<ArrayBuffer>
  code: string
}

export namespace ReceiptRefusal {
  let _codec: Codec<ReceiptRefusal>

  export const codec = (): Codec<ReceiptRefusal> => {
    if (_codec == null) {
      _codec = message<ReceiptRefusal>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.id)
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(18)
          w.string(obj.code)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: uint8ArrayAlloc(0),
          code: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.bytes()
              break
            }
            case 2: {
              obj.code = reader.string()
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
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.code`,
                value: reader.string()
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

  export interface ReceiptRefusalIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReceiptRefusalCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export function encode (obj: Partial<ReceiptRefusal>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReceiptRefusal.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReceiptRefusal>): ReceiptRefusal {
    return decodeMessage(buf, ReceiptRefusal.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReceiptRefusal>): Generator<ReceiptRefusalIdFieldEvent | ReceiptRefusalCodeFieldEvent> {
    return streamMessage(buf, ReceiptRefusal.codec(), opts)
  }
}

export interface ReceiptAck {
  accepted: number
  refused: ReceiptRefusal[]
}

export namespace ReceiptAck {
  let _codec: Codec<ReceiptAck>

  export const codec = (): Codec<ReceiptAck> => {
    if (_codec == null) {
      _codec = message<ReceiptAck>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.accepted != null && obj.accepted !== 0)) {
          w.uint32(8)
          w.uint32(obj.accepted)
        }

        if (obj.refused != null && obj.refused.length > 0) {
          for (const value of obj.refused) {
            w.uint32(18)
            ReceiptRefusal.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          accepted: 0,
          refused: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.accepted = reader.uint32()
              break
            }
            case 2: {
              if (opts.limits?.refused != null && obj.refused.length === opts.limits.refused) {
                throw new MaxLengthError('Decode error - repeated field "refused" had too many elements')
              }

              obj.refused.push(ReceiptRefusal.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.refused$
              }))
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
          refused: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.accepted`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              if (opts.limits?.refused != null && obj.refused === opts.limits.refused) {
                throw new MaxLengthError('Streaming decode error - repeated field "refused" had too many elements')
              }

              for (const evt of ReceiptRefusal.codec().stream(reader, reader.uint32(), `${prefix}.refused[]`, {
                limits: opts.limits?.refused$
              })) {
                yield {
                  ...evt,
                  index: obj.refused
                }
              }

              obj.refused++

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

  export interface ReceiptAckAcceptedFieldEvent {
    field: '$.accepted'
    value: number
  }

  export interface ReceiptAckRefusedIdFieldEvent {
    field: '$.refused[].id'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ReceiptAckRefusedCodeFieldEvent {
    field: '$.refused[].code'
    value: string
    index: number
  }

  export function encode (obj: Partial<ReceiptAck>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReceiptAck.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReceiptAck>): ReceiptAck {
    return decodeMessage(buf, ReceiptAck.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReceiptAck>): Generator<ReceiptAckAcceptedFieldEvent | ReceiptAckRefusedIdFieldEvent | ReceiptAckRefusedCodeFieldEvent> {
    return streamMessage(buf, ReceiptAck.codec(), opts)
  }
}
