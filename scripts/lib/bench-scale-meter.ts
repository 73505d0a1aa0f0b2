// Counts, for every node of the one benchmark process at once, the protocol
// messages that arrive and the bytes that cross TCP. The replication messages
// are counted where they are decoded (the protons codecs' `decode`, wrapped
// once for the whole process), so the figures are what receivers actually
// read: feed batches and the ids and envelopes in them, fetch requests and
// responses. TCP bytes are counted at `net.Socket#write`: in this process
// every socket is a libp2p connection, so they include Noise, Yamux,
// identify, ping and the private DHT, which our stream meter does not see.
import { Socket } from 'node:net'
import { FeedMessage, FeedRequest, FetchRequest, FetchResponse } from '../../src/replication/messages.js'

/** What the meter has counted since the process started. */
export interface MeterCounts {
  /** Feed batches received (one frame each). */
  feedBatches: number
  /** Feed hellos + requests (one each per subscription opened). */
  feedHandshakes: number
  /** Ids announced by id only (the receiver must hold or fetch them). */
  announcedIds: number
  /** Envelopes pushed with their announcement (a publisher's own, live). */
  pushedEnvelopes: number
  /** Fetch requests received, and the ids in them. */
  fetchRequests: number
  fetchRequestedIds: number
  /** Fetch responses received: with an envelope, refused. */
  fetchedEnvelopes: number
  fetchRefused: number
  /** Bytes of the frames above, by kind (protobuf body, without the length prefix). */
  feedBytes: number
  fetchBytes: number
  /** Bytes written to TCP sockets, and the number of writes. */
  tcpBytes: number
  tcpWrites: number
}

const counts: MeterCounts = {
  feedBatches: 0,
  feedHandshakes: 0,
  announcedIds: 0,
  pushedEnvelopes: 0,
  fetchRequests: 0,
  fetchRequestedIds: 0,
  fetchedEnvelopes: 0,
  fetchRefused: 0,
  feedBytes: 0,
  fetchBytes: 0,
  tcpBytes: 0,
  tcpWrites: 0
}
let installed = false

/** Wraps the decoders and socket writes of this process (idempotent). */
export function installMeter (): void {
  if (installed) return
  installed = true
  const feedDecode = FeedMessage.decode
  FeedMessage.decode = (buf, opts) => {
    const message = feedDecode(buf, opts)
    counts.feedBytes += buf.byteLength
    if (message.hello != null) counts.feedHandshakes++
    if (message.batch != null) {
      counts.feedBatches++
      for (const entry of message.batch.entries) {
        if (entry.envelope != null) counts.pushedEnvelopes++
        else counts.announcedIds++
      }
    }
    return message
  }
  const requestDecode = FeedRequest.decode
  FeedRequest.decode = (buf, opts) => {
    counts.feedBytes += buf.byteLength
    counts.feedHandshakes++
    return requestDecode(buf, opts)
  }
  const fetchRequestDecode = FetchRequest.decode
  FetchRequest.decode = (buf, opts) => {
    const request = fetchRequestDecode(buf, opts)
    counts.fetchBytes += buf.byteLength
    counts.fetchRequests++
    counts.fetchRequestedIds += request.ids.length
    return request
  }
  const fetchResponseDecode = FetchResponse.decode
  FetchResponse.decode = (buf, opts) => {
    const response = fetchResponseDecode(buf, opts)
    counts.fetchBytes += buf.byteLength
    if (response.envelope != null) counts.fetchedEnvelopes++
    else counts.fetchRefused++
    return response
  }
  const write = Socket.prototype.write
  Socket.prototype.write = function (this: Socket, chunk: unknown, ...rest: unknown[]): boolean {
    counts.tcpWrites++
    counts.tcpBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest)
  } as typeof Socket.prototype.write
}

/** A copy of the counts now. */
export function meterSnapshot (): MeterCounts {
  return { ...counts }
}

/** `after − before`, field by field. */
export function meterDelta (after: MeterCounts, before: MeterCounts): MeterCounts {
  const delta = { ...after }
  for (const key of Object.keys(delta) as Array<keyof MeterCounts>) delta[key] = after[key] - before[key]
  return delta
}
