import { expect } from 'chai'
import { verifyAuditChain } from '../../../src/store/audit-chain.js'
import { ALICE, BOB, CAROL, makeInput, observable } from '../fixtures.js'
import type { StoreContext } from '../backends.js'
import type { Member } from '../../../src/directory/types.js'

function member (key: string, name: string): Member {
  return { key, name, jurisdiction: 'DE', roles: ['member'], groups: ['g'], addresses: [], status: 'active', added: 1, updated: 1 }
}

/** Checkpoints, counters, gaps, directory, stats, audit and reopening. */
export function stateContract (ctx: StoreContext): void {
  describe('checkpoints, counters and gaps', () => {
    it('advances checkpoints inside accept and sets them exactly on their own', async () => {
      expect(await ctx.store.getCheckpoint(BOB, 'log-1')).to.equal(0)
      await ctx.store.accept(makeInput('k1', { from: BOB, checkpoint: { peer: BOB, logId: 'log-1', pos: 7 } }))
      expect(await ctx.store.getCheckpoint(BOB, 'log-1')).to.equal(7)
      await ctx.store.accept(makeInput('k2', { from: BOB, checkpoint: { peer: BOB, logId: 'log-1', pos: 5 } }))
      expect(await ctx.store.getCheckpoint(BOB, 'log-1')).to.equal(7)
      expect(await ctx.store.getCheckpoint(BOB, 'log-2')).to.equal(0)
      expect(await ctx.store.getCheckpoint(CAROL, 'log-1')).to.equal(0)
      await ctx.store.setCheckpoint(BOB, 'log-1', 0)
      expect(await ctx.store.getCheckpoint(BOB, 'log-1')).to.equal(0)
      await ctx.store.setCheckpoint(CAROL, 'log-9', 42)
      expect(await ctx.store.getCheckpoint(CAROL, 'log-9')).to.equal(42)
    })

    it('keeps per-recipient counters and refuses a seq that is not the next one', async () => {
      expect(await ctx.store.getCounter(BOB)).to.equal(0)
      await ctx.store.accept(makeInput('n1', { counters: [{ recipient: BOB, seq: 1 }, { recipient: CAROL, seq: 1 }] }))
      await ctx.store.accept(makeInput('n2', { counters: [{ recipient: BOB, seq: 2 }] }))
      expect(await ctx.store.getCounter(BOB)).to.equal(2)
      expect(await ctx.store.getCounter(CAROL)).to.equal(1)
      const racing = await Promise.allSettled([
        ctx.store.accept(makeInput('n3a', { counters: [{ recipient: BOB, seq: 3 }] })),
        ctx.store.accept(makeInput('n3b', { counters: [{ recipient: BOB, seq: 3 }] }))
      ])
      expect(racing[0].status).to.equal('fulfilled')
      expect(racing[1]).to.have.nested.property('reason.code', 'STORE_COUNTER_CONFLICT')
      expect(await ctx.store.has(makeInput('n3b').id)).to.equal(false)
      expect(await ctx.store.getCounter(BOB)).to.equal(3)
    })

    it('reports the seqs missing from each origin and folds them as they arrive', async () => {
      for (const [i, seq] of [1, 2, 5, 7].entries()) await ctx.store.accept(makeInput(`s${i}`, { from: BOB, seen: { origin: ALICE, seq } }))
      await ctx.store.accept(makeInput('sb', { origin: BOB, seen: { origin: BOB, seq: 1 } }))
      expect(await ctx.store.gaps()).to.deep.equal([{ origin: ALICE, missing: [3, 4, 6], truncated: false }])
      expect(await ctx.store.seenSeqs(ALICE)).to.deep.equal({ watermark: 2, above: [5, 7] })
      await ctx.store.accept(makeInput('seq3', { from: BOB, seen: { origin: ALICE, seq: 3 } }))
      await ctx.store.markSeen(ALICE, 4)
      expect(await ctx.store.gaps()).to.deep.equal([{ origin: ALICE, missing: [6], truncated: false }])
      expect(await ctx.store.seenSeqs(ALICE)).to.deep.equal({ watermark: 5, above: [7] })
      await ctx.store.markSeen(ALICE, 6)
      expect(await ctx.store.gaps()).to.deep.equal([])
      expect(await ctx.store.seenSeqs(CAROL)).to.deep.equal({ watermark: 0, above: [] })
    })
  })

  describe('directory, stats and audit', () => {
    it('persists the directory and audits every change', async () => {
      await ctx.store.directory.save(member(BOB, 'Bob CERT'))
      await ctx.store.directory.save(member(ALICE, 'Alice CERT'))
      await ctx.store.directory.save({ ...member(BOB, 'Bob CERT'), status: 'suspended' })
      expect((await ctx.store.directory.list()).map((m) => [m.key, m.status]).sort()).to.deep.equal([[ALICE, 'active'], [BOB, 'suspended']].sort())
      expect(await ctx.store.directory.delete(ALICE)).to.equal(true)
      expect(await ctx.store.directory.delete(ALICE)).to.equal(false)
      expect(await ctx.store.directory.get(ALICE)).to.equal(undefined)
      const audit = await ctx.store.audit.read()
      expect(audit.map((r) => [r.type, r.peer, r.detail?.action])).to.deep.equal([
        ['directory', BOB, 'add'], ['directory', ALICE, 'add'], ['directory', BOB, 'update'], ['directory', ALICE, 'delete']
      ])
    })

    it('maintains stats in every batch', async () => {
      await ctx.store.accept(makeInput('st1', { size: 100 }))
      await ctx.store.accept(makeInput('st2', { size: 50 }))
      await ctx.store.accept(makeInput('st3', { kind: 'RETRACTION', ref: makeInput('st1').id, size: 10 }))
      expect(await ctx.store.stats()).to.deep.equal({
        bundles: 2, retracted: 1, purged: 0, tombstones: 1, bytes: 60, logHead: 3, auditHead: 4, byKind: { INTEL: 1, RETRACTION: 1 }
      })
    })

    it('appends several audit records in one write, chained as if appended one by one; a bad one refuses them all', async () => {
      await ctx.store.audit.append({ type: 'reject', at: 1, peer: BOB, code: 'X' })
      const written = await ctx.store.audit.appendAll([
        { type: 'send', at: 2, peer: BOB, detail: { sent: ['a'] } },
        { type: 'send', at: 2, peer: CAROL, detail: { sent: ['b', 'c'] } }
      ])
      expect(written.map(r => r.seq)).to.deep.equal([2, 3])
      expect(written[1]?.prev).to.equal(written[0]?.hash)
      expect(await ctx.store.audit.head()).to.deep.equal({ seq: 3, hash: written[1]?.hash })
      expect(await ctx.store.audit.verify()).to.deep.equal({ ok: true, checked: 3 })
      expect(await ctx.store.audit.appendAll([])).to.deep.equal([])
      let refused: unknown
      try {
        await ctx.store.audit.appendAll([{ type: 'send', at: 3, peer: BOB }, { type: 'send', at: Number.NaN, peer: BOB }])
      } catch (err) { refused = err }
      expect((refused as Error)?.message).to.match(/events\[1\]/)
      expect((await ctx.store.audit.head()).seq, 'nothing of the refused batch was written').to.equal(3)
    })

    it('chains audit records and detects modified, removed, reordered and forged ones', async () => {
      for (let i = 0; i < 5; i++) await ctx.store.audit.append({ type: 'reject', at: i, peer: BOB, code: 'X', detail: { n: i, nested: { b: 1, a: [i] } } })
      const records = await ctx.store.audit.read()
      expect(records.map((r) => r.seq)).to.deep.equal([1, 2, 3, 4, 5])
      expect(records[0]?.prev).to.equal('0'.repeat(64))
      expect(await ctx.store.audit.head()).to.deep.equal({ seq: 5, hash: records[4]?.hash })
      expect(verifyAuditChain(records)).to.deep.equal({ ok: true, checked: 5 })
      expect(await ctx.store.audit.verify()).to.deep.equal({ ok: true, checked: 5 })
      expect((await ctx.store.audit.read({ since: 3, limit: 1 })).map((r) => r.seq)).to.deep.equal([4])

      const modified = records.map((r, i) => i === 2 ? { ...r, code: 'Y' } : r)
      expect(verifyAuditChain(modified)).to.deep.equal({ ok: false, checked: 2, brokenAt: 3, reason: 'hash' })
      const removed = records.filter((_, i) => i !== 2)
      expect(verifyAuditChain(removed)).to.deep.equal({ ok: false, checked: 2, brokenAt: 3, reason: 'seq' })
      const reordered = [records[0], records[2], records[1], records[3], records[4]].map((r) => r!)
      expect(verifyAuditChain(reordered)).to.deep.include({ ok: false, brokenAt: 2 })
      const forgedBody = { ...records[2]!, code: 'Y' }
      const { auditHash } = await import('../../../src/store/audit-chain.js')
      const forged = records.map((r, i) => i === 2 ? { ...forgedBody, hash: auditHash(forgedBody) } : r)
      expect(verifyAuditChain(forged)).to.deep.equal({ ok: false, checked: 3, brokenAt: 4, reason: 'prev' })
    })
  })

  describe('reopen', () => {
    it('keeps the log id and everything stored across close and open', async () => {
      const logId = ctx.store.logId
      expect(logId).to.match(/^[0-9a-f]{32}$/)
      const input = makeInput('keep', { observables: [observable('keep.example')], counters: [{ recipient: BOB, seq: 1 }],
        seen: { origin: CAROL, seq: 3 }, checkpoint: { peer: BOB, logId: 'theirs', pos: 11 } })
      await ctx.store.accept(input)
      await ctx.store.accept(makeInput('gone', { kind: 'RETRACTION', ref: makeInput('x').id }))
      await ctx.store.directory.save(member(BOB, 'Bob'))
      const before = { stats: await ctx.store.stats(), audit: await ctx.store.audit.read(), head: await ctx.store.audit.head() }

      ctx.store = await ctx.backend.reopen(ctx.store, ctx.init)
      expect(ctx.store.logId).to.equal(logId)
      expect(await ctx.store.stats()).to.deep.equal(before.stats)
      expect(await ctx.store.audit.read()).to.deep.equal(before.audit)
      expect(await ctx.store.audit.head()).to.deep.equal(before.head)
      expect(await ctx.store.getRecord(input.id)).to.deep.equal({ ...input.record, pos: 1 })
      expect(Buffer.from(await ctx.store.getEnvelope(input.id) as Uint8Array).equals(Buffer.from(input.envelope))).to.equal(true)
      expect((await ctx.store.findByValue('keep.example')).map((h) => h.id)).to.deep.equal([input.id])
      expect(await ctx.store.getCounter(BOB)).to.equal(1)
      expect(await ctx.store.getCheckpoint(BOB, 'theirs')).to.equal(11)
      expect(await ctx.store.gaps()).to.deep.equal([{ origin: CAROL, missing: [1, 2], truncated: false }])
      expect(await ctx.store.isTombstoned(makeInput('x').id, ALICE)).to.equal(true)
      expect((await ctx.store.directory.list()).map((m) => m.key)).to.deep.equal([BOB])
      expect(await ctx.store.accept(makeInput('next'))).to.deep.equal({ pos: 3, duplicate: false })
      expect((await ctx.store.check()).ok).to.equal(true)
    })
  })
}
