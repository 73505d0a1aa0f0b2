import { stageAudit, stageIndexes, stageRemoval, stageSeen, stageTombstone, uniqueObservables } from './bundle-ops.js'
import { CounterConflictError, TombstonedError } from './errors.js'
import { keys } from './keys.js'
import { checkAcceptInput } from './validate.js'
import type { Txn } from './txn.js'
import type { ReadAhead } from './write-queue.js'
import type { AcceptInput, AcceptResult, BundleRecord } from './types.js'

/** The committed keys `stageAccept` reads, for the group's read-ahead; [] for malformed input. */
export function acceptReads (input: AcceptInput): ReadAhead {
  const r = input?.record
  if (typeof input?.id !== 'string' || typeof r?.origin !== 'string') return []
  const reads: ReadAhead = [['rec', input.id], ['tomb', keys.tomb(input.id, r.origin)]]
  if (typeof r.ref === 'string') reads.push(['rec', r.ref], ['tomb', keys.tomb(r.ref, r.origin)])
  if (input.checkpoint !== undefined) reads.push(['ckpt', keys.ckpt(input.checkpoint.peer, input.checkpoint.logId)])
  if (input.seen !== undefined) reads.push(['seen', input.seen.origin])
  for (const c of input.counters ?? []) reads.push(['ctr', c.recipient])
  return reads
}

/**
 * Stages everything one accepted bundle writes: envelope, log entry, record,
 * indexes, checkpoint, counters, seen seq, audit record and, for a
 * retraction, its effect on the retracted bundle.
 */
export async function stageAccept (txn: Txn, input: AcceptInput): Promise<AcceptResult> {
  checkAcceptInput(input)
  const { id } = input
  const existing = await txn.get('rec', id)
  if (existing !== undefined) return { pos: existing.pos, duplicate: true }
  if (await txn.get('tomb', keys.tomb(id, input.record.origin)) !== undefined) {
    throw new TombstonedError(`bundle ${id} from ${input.record.origin} was retracted or purged`)
  }
  await stageCounters(txn, input)

  const pos = txn.state.head + 1
  const record: BundleRecord = { ...input.record, pos }
  txn.state.head = pos
  txn.put('env', id, input.envelope)
  txn.put('log', keys.log(pos), id)
  txn.put('rec', id, record)
  stageIndexes(txn, record, uniqueObservables(input.observables))
  const stats = txn.state.stats
  stats.bundles++
  stats.byKind[record.kind]++
  stats.bytes += record.size

  if (input.checkpoint !== undefined) {
    const { peer, logId, pos: theirs } = input.checkpoint
    const key = keys.ckpt(peer, logId)
    // Fetch batches may complete out of order: a checkpoint only moves forward here.
    if (theirs > ((await txn.get('ckpt', key)) ?? 0)) txn.put('ckpt', key, theirs)
  }
  if (input.seen !== undefined) await stageSeen(txn, input.seen.origin, input.seen.seq)
  stageAudit(txn, { ...input.audit, id: input.audit.id ?? id })
  if (record.kind === 'RETRACTION' && record.ref !== undefined) {
    await stageRetraction(txn, record, input.audit.at)
  }
  return { pos, duplicate: false }
}

async function stageCounters (txn: Txn, input: AcceptInput): Promise<void> {
  for (const { recipient, seq } of input.counters ?? []) {
    const current = (await txn.get('ctr', recipient)) ?? 0
    if (seq !== current + 1) {
      throw new CounterConflictError(`counters: seq ${seq} for recipient ${recipient} is not the next one (${current + 1})`)
    }
    txn.put('ctr', recipient, seq)
  }
}

/**
 * A retraction tombstones (ref, its own origin), so the original can never be
 * stored later, and removes the original now if it is stored and has the same
 * origin. A retraction naming another member's bundle changes nothing for it.
 */
async function stageRetraction (txn: Txn, retraction: BundleRecord, at: number): Promise<void> {
  const ref = retraction.ref as string
  await stageTombstone(txn, ref, retraction.origin, { reason: 'retracted', at, by: retraction.id })
  const target = await txn.get('rec', ref)
  let outcome: 'removed' | 'not-stored' | 'origin-mismatch' = 'not-stored'
  if (target !== undefined && target.origin === retraction.origin) {
    await stageRemoval(txn, target)
    txn.state.stats.retracted++
    outcome = 'removed'
  } else if (target !== undefined) {
    outcome = 'origin-mismatch'
  }
  stageAudit(txn, { type: 'retract', at, peer: retraction.origin, id: ref, detail: { by: retraction.id, outcome } })
}
