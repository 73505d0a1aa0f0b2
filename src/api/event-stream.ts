import type { ServerResponse } from 'node:http'
import type { Logger } from 'pino'

/** Options of one server-sent-events client. */
export interface EventStreamInit {
  /** Heartbeat comment interval. */
  heartbeatMs: number
  /** Bytes that may wait in the socket buffer before the client is dropped. */
  maxBufferedBytes: number
}

/**
 * One server-sent-events connection. Writes never wait: a client that does not
 * read is dropped once its buffer passes the bound, so a stalled consumer costs
 * at most `maxBufferedBytes` of memory and never slows the node.
 */
export class EventStream {
  private readonly res: ServerResponse
  private readonly log: Logger
  private readonly maxBufferedBytes: number
  private readonly heartbeat: NodeJS.Timeout
  private readonly closeCallbacks: Array<() => void> = []
  private closed = false

  constructor (components: { res: ServerResponse, log: Logger }, init: EventStreamInit) {
    this.res = components.res
    this.log = components.log
    this.maxBufferedBytes = init.maxBufferedBytes
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // Never reuse the connection: once the stream ends (shutdown included) the socket
      // closes with it, instead of idling in keep-alive and holding server.close() back.
      connection: 'close',
      // Reverse proxies (nginx) must not buffer a live stream.
      'x-accel-buffering': 'no'
    })
    this.write('retry: 5000\n: intelmesh event stream\n\n')
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), init.heartbeatMs)
    this.heartbeat.unref()
    this.res.on('close', () => this.close())
  }

  /** Runs `callback` once when the stream closes, whoever closes it. */
  onClose (callback: () => void): void {
    if (this.closed) callback()
    else this.closeCallbacks.push(callback)
  }

  /** Sends one event; `id` lets a reconnecting client resume with Last-Event-ID. */
  send (event: string, data: unknown, id?: number): void {
    const idLine = id == null ? '' : `id: ${id}\n`
    this.write(`event: ${event}\n${idLine}data: ${JSON.stringify(data)}\n\n`)
  }

  /** Ends the stream (server shutdown or client gone). */
  close (): void {
    if (this.closed) return
    this.closed = true
    clearInterval(this.heartbeat)
    if (!this.res.writableEnded) this.res.end()
    // An event stream's connection is never reused: drop it now, so a client that
    // stopped reading cannot hold the server's shutdown until keep-alive times out.
    this.res.destroy()
    for (const callback of this.closeCallbacks.splice(0)) callback()
  }

  private write (chunk: string): void {
    if (this.closed) return
    if (this.res.writableLength > this.maxBufferedBytes) {
      this.log.warn({ buffered: this.res.writableLength }, 'event stream client too slow: dropped')
      this.closed = true
      clearInterval(this.heartbeat)
      this.res.destroy()
      for (const callback of this.closeCallbacks.splice(0)) callback()
      return
    }
    this.res.write(chunk)
  }
}
