import { expect } from 'chai'
import { pino } from 'pino'
import { SendAudit } from '../../src/replication/send-audit.js'
import type { AuditEventInput } from '../../src/store/types.js'

const silent = pino({ enabled: false })

/**
 * Send records are collected per peer and written together: after the flush
 * interval, at once when many ids wait, and on demand (before the audit log is
 * read, and at stop), in the order they were taken.
 */
describe('replication - send audit', () => {
  function audit (init: { flushMs?: number, maxIds?: number } = {}, failures = 0): { audit: SendAudit, written: AuditEventInput[], writes: () => number } {
    const written: AuditEventInput[] = []
    let fail = failures
    let writes = 0
    const sendAudit = new SendAudit({
      appendAll: async events => {
        if (fail-- > 0) throw new Error('disk full')
        writes++
        written.push(...events)
      },
      now: () => 1234,
      logger: silent
    }, init)
    return { audit: sendAudit, written, writes: () => writes }
  }

  it('writes one record per peer with every send since the last flush, all in one write', async () => {
    const { audit: a, written, writes } = audit({ flushMs: 60_000 })
    a.record('peer-a', { sent: ['1', '2'], refused: [], missing: 0 })
    a.record('peer-b', { sent: ['3'], refused: [{ id: '4', reason: 'not eligible' }], missing: 0 })
    a.record('peer-a', { sent: ['5'], refused: [], missing: 2 })
    expect(written).to.deep.equal([])
    await a.flush()
    expect(written).to.deep.equal([
      { type: 'send', at: 1234, peer: 'peer-a', detail: { sent: ['1', '2', '5'], refused: [], missing: 2 } },
      { type: 'send', at: 1234, peer: 'peer-b', detail: { sent: ['3'], refused: [{ id: '4', reason: 'not eligible' }] } }
    ])
    expect(writes()).to.equal(1)
    await a.flush()
    expect(written, 'nothing new, nothing written').to.have.length(2)
    expect(writes()).to.equal(1)
  })

  it('writes by itself after the flush interval', async () => {
    const { audit: a, written } = audit({ flushMs: 20 })
    a.record('peer-a', { sent: ['1'], refused: [], missing: 0 })
    await new Promise(resolve => setTimeout(resolve, 80))
    expect(written.map(e => e.peer)).to.deep.equal(['peer-a'])
  })

  it('writes at once when maxIds ids wait', async () => {
    const { audit: a, written } = audit({ flushMs: 60_000, maxIds: 3 })
    a.record('peer-a', { sent: ['1', '2'], refused: [], missing: 0 })
    a.record('peer-a', { sent: ['3'], refused: [], missing: 0 })
    await new Promise(resolve => setImmediate(resolve))
    expect(written).to.have.length(1)
    expect((written[0]!.detail as { sent: string[] }).sent).to.deep.equal(['1', '2', '3'])
  })

  it('writes no record for a request that sent and withheld nothing (only unknown ids)', async () => {
    const { audit: a, written } = audit()
    a.record('peer-a', { sent: [], refused: [], missing: 5 })
    await a.flush()
    expect(written).to.deep.equal([])
  })

  it('a failed write is logged, not thrown, and later sends are still written', async () => {
    const failing = audit({}, 1)
    failing.audit.record('peer-a', { sent: ['1'], refused: [], missing: 0 })
    await failing.audit.flush()
    expect(failing.written).to.deep.equal([])
    failing.audit.record('peer-a', { sent: ['2'], refused: [], missing: 0 })
    await failing.audit.flush()
    expect(failing.written.map(e => (e.detail as { sent: string[] }).sent)).to.deep.equal([['2']])
  })
})
