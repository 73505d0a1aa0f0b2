// The node's event stream (GET /v1/events) read with fetch(): EventSource cannot
// send an Authorization header, so the server-sent events are parsed here, and
// reconnects resume from the last event id (Last-Event-ID), as EventSource would.

import { authHeaders } from './api.js'

const FIRST_RETRY_MS = 1000
const MAX_RETRY_MS = 30_000

/**
 * Feeds text chunks of an SSE stream and calls `onMessage({ event, data, id })`
 * for each complete message (WHATWG HTML "event stream interpretation").
 */
export class SseParser {
  constructor (onMessage) {
    this.onMessage = onMessage
    this.buffer = ''
    this.reset()
  }

  reset () {
    this.event = ''
    this.data = []
    this.id = undefined
    this.retry = undefined
  }

  push (chunk) {
    let text = this.buffer + chunk
    // A trailing \r may be the first half of \r\n: hold it until the next chunk says.
    const held = text.endsWith('\r') ? '\r' : ''
    if (held !== '') text = text.slice(0, -1)
    const lines = text.split(/\r\n|\r|\n/)
    this.buffer = (lines.pop() ?? '') + held
    for (const line of lines) this.line(line)
  }

  line (line) {
    if (line === '') {
      if (this.data.length > 0) this.onMessage({ event: this.event || 'message', data: this.data.join('\n'), id: this.id })
      this.reset()
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') this.event = value
    else if (field === 'data') this.data.push(value)
    else if (field === 'id' && !value.includes('\0')) this.id = value
    else if (field === 'retry' && /^[0-9]+$/.test(value)) this.retry = Number(value)
  }
}

/**
 * Keeps the event stream open until `close()`: reconnects with a growing delay and
 * the last id seen. `onMessage(message)`, `onState('live' | 'reconnecting' | 'off')`,
 * `onUnauthorized()` when the token is refused (then it stops).
 */
export class LiveEvents {
  constructor ({ url = '/v1/events', lastEventId, onMessage, onState, onUnauthorized }) {
    Object.assign(this, { url, lastEventId, onMessage, onState, onUnauthorized })
    this.closed = false
    this.controller = undefined
  }

  start () {
    void this.run()
  }

  close () {
    this.closed = true
    this.controller?.abort()
    this.onState('off')
  }

  async run () {
    let delay = FIRST_RETRY_MS
    while (!this.closed) {
      this.controller = new AbortController()
      try {
        const headers = { ...authHeaders(), accept: 'text/event-stream' }
        if (this.lastEventId != null) headers['last-event-id'] = String(this.lastEventId)
        const res = await fetch(this.url, { headers, signal: this.controller.signal, cache: 'no-store' })
        if (res.status === 401) {
          this.closed = true
          this.onUnauthorized()
          return
        }
        if (!res.ok || res.body == null) throw new Error(`event stream answered ${res.status}`)
        this.onState('live')
        delay = FIRST_RETRY_MS
        await this.read(res.body)
      } catch (err) {
        if (this.closed) return
        if (err?.name !== 'AbortError') console.warn('event stream interrupted:', err?.message ?? err)
      }
      if (this.closed) return
      this.onState('reconnecting')
      await new Promise(resolve => setTimeout(resolve, delay))
      delay = Math.min(delay * 2, MAX_RETRY_MS)
    }
  }

  async read (body) {
    const parser = new SseParser(message => {
      if (message.id != null) this.lastEventId = message.id
      this.onMessage(message)
    })
    const reader = body.pipeThrough(new TextDecoderStream()).getReader()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      parser.push(value)
    }
  }
}
