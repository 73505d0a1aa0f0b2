import { Writable } from 'node:stream'
import { expect } from 'chai'
import { pino } from 'pino'
import { EventStream } from '../../src/api/event-stream.js'
import type { ServerResponse } from 'node:http'

/** A response whose client never reads: writes queue up and never drain. */
function stalledResponse (): ServerResponse & { written: string[], headers?: Record<string, string> } {
  const res = new Writable({ highWaterMark: 16, write (_chunk, _enc, _done) { /* the client never reads */ } }) as unknown as ServerResponse & { written: string[], headers?: Record<string, string> }
  res.written = []
  const write = res.write.bind(res)
  res.write = ((chunk: string) => { res.written.push(chunk); return write(chunk) }) as typeof res.write
  res.writeHead = ((_status: number, headers: Record<string, string>) => { res.headers = headers; return res }) as unknown as typeof res.writeHead
  return res
}

describe('api - event-stream', () => {
  const log = pino({ level: 'silent' })

  it('sends event-stream headers and id/event/data frames', () => {
    const res = stalledResponse()
    const stream = new EventStream({ res, log }, { heartbeatMs: 60_000, maxBufferedBytes: 1 << 20 })
    stream.send('bundle', { id: 'abc' }, 7)
    expect(res.headers?.['content-type']).to.match(/^text\/event-stream/)
    expect(res.written.at(-1)).to.equal('event: bundle\nid: 7\ndata: {"id":"abc"}\n\n')
    stream.close()
  })

  it('drops a client that does not read once its buffer passes the bound, and runs the close callbacks once', () => {
    const res = stalledResponse()
    const stream = new EventStream({ res, log }, { heartbeatMs: 60_000, maxBufferedBytes: 4096 })
    let closed = 0
    stream.onClose(() => { closed++ })
    for (let i = 0; i < 200; i++) stream.send('bundle', { i, padding: 'x'.repeat(100) })
    expect(res.destroyed).to.equal(true)
    expect(closed).to.equal(1)
    expect(res.written.length).to.be.lessThan(60)
    stream.close()
    expect(closed).to.equal(1)
  })

  it('writes heartbeat comments while idle', async () => {
    const res = stalledResponse()
    const stream = new EventStream({ res, log }, { heartbeatMs: 10, maxBufferedBytes: 1 << 20 })
    await new Promise(resolve => setTimeout(resolve, 45))
    stream.close()
    expect(res.written.filter(c => c === ': heartbeat\n\n').length).to.be.greaterThan(1)
  })
})
