import { createHash } from 'node:crypto'
import { expect } from 'chai'
import { AUDIT_START, auditHash, nextAuditRecord, verifyAuditChain } from '../../src/store/audit-chain.js'
import { canonicalJson } from '../../src/store/canonical-json.js'
import type { AuditRecord } from '../../src/store/types.js'

function chain (n: number): AuditRecord[] {
  const out: AuditRecord[] = []
  let head = AUDIT_START
  for (let i = 0; i < n; i++) {
    const record = nextAuditRecord({ type: 'receive', at: 1000 + i, peer: 'p', id: String(i), detail: { z: 1, a: { y: [i, 'x'], b: null } } }, head)
    out.push(record)
    head = { seq: record.seq, hash: record.hash }
  }
  return out
}

describe('store - audit chain', () => {
  it('hashes prev ‖ canonical JSON of the record without its hash', () => {
    const [first] = chain(1)
    const { hash, ...body } = first!
    expect(body.prev).to.equal('0'.repeat(64))
    expect(body.seq).to.equal(1)
    expect(hash).to.equal(createHash('sha256').update(body.prev + canonicalJson(body)).digest('hex'))
    expect(auditHash(first!)).to.equal(hash)
  })

  it('writes canonical JSON with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: 'x' } })).to.equal('{"a":{"c":"x","d":[3,{"e":2,"f":1}]},"b":1}')
  })

  it('drops undefined fields before hashing, so a stored record verifies after a round trip', () => {
    const record = nextAuditRecord({ type: 'start', at: 1, reason: undefined, detail: { x: undefined } }, AUDIT_START)
    expect(verifyAuditChain([JSON.parse(JSON.stringify(record))])).to.deep.equal({ ok: true, checked: 1 })
  })

  const records = chain(6)
  const tampered: Array<{ name: string, records: AuditRecord[], brokenAt: number, reason: string }> = [
    { name: 'a modified field', records: records.map((r, i) => i === 3 ? { ...r, peer: 'q' } : r), brokenAt: 4, reason: 'hash' },
    { name: 'a modified nested detail', records: records.map((r, i) => i === 1 ? { ...r, detail: { z: 2 } } : r), brokenAt: 2, reason: 'hash' },
    { name: 'a removed record', records: records.filter((_, i) => i !== 2), brokenAt: 3, reason: 'seq' },
    { name: 'the first record removed', records: records.slice(1), brokenAt: 1, reason: 'seq' },
    { name: 'two records swapped', records: [records[0]!, records[1]!, records[3]!, records[2]!, records[4]!], brokenAt: 3, reason: 'seq' },
    {
      name: 'a renumbered removal',
      records: records.filter((_, i) => i !== 2).map((r, i) => ({ ...r, seq: i + 1 })),
      brokenAt: 3,
      reason: 'prev'
    },
    {
      name: 'a forged record with a recomputed hash',
      records: records.map((r, i) => {
        if (i !== 2) return r
        const forged = { ...r, reason: 'forged' }
        return { ...forged, hash: auditHash(forged) }
      }),
      brokenAt: 4,
      reason: 'prev'
    },
    { name: 'a malformed record', records: [records[0]!, null as unknown as AuditRecord], brokenAt: 2, reason: 'malformed' }
  ]
  for (const c of tampered) {
    it(`detects ${c.name}`, () => {
      const result = verifyAuditChain(c.records)
      expect(result).to.deep.include({ ok: false, brokenAt: c.brokenAt, reason: c.reason })
      expect(result.checked).to.equal(c.brokenAt - 1)
    })
  }

  it('verifies an intact chain, and a slice continuing from a known head', () => {
    expect(verifyAuditChain(records)).to.deep.equal({ ok: true, checked: 6 })
    expect(verifyAuditChain([])).to.deep.equal({ ok: true, checked: 0 })
    const from = { seq: records[2]!.seq, hash: records[2]!.hash }
    expect(verifyAuditChain(records.slice(3), from)).to.deep.equal({ ok: true, checked: 3 })
    expect(verifyAuditChain(records.slice(3))).to.deep.include({ ok: false, reason: 'seq' })
  })
})
