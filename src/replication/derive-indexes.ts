import { ReceiveRejectedError } from './errors.js'
import { assertPolicyCoversMarkings, extractObservables, parseStixBundle, summarizeBundle } from '../stix/index.js'
import type { DecodedEnvelope } from '../envelope/index.js'
import type { StixBundle } from '../stix/index.js'
import type { BundleRecord, ObservableInput } from '../store/types.js'

/** The record fields and search index entries that a bundle's plaintext yields. */
export interface DerivedIndexes {
  record: Omit<BundleRecord, 'pos' | 'receivedAt' | 'from'>
  observables: ObservableInput[]
  /** RETRACTION: the retracted bundle's per-recipient seqs, so recipients that never got it close the gap. */
  retractedSeqs?: Record<string, number>
}

/** Largest retraction note accepted, in bytes: a retraction carries a reason, not intel. */
const MAX_RETRACTION_NOTE_BYTES = 4096

/**
 * Derives what the store indexes from a decrypted bundle. Pure: the same
 * function serves the origin at publish and every recipient on receive, so
 * both index a bundle identically. Invalid STIX, or a policy looser than the
 * bundle's own TLP markings, throws a typed error. `parsed` is the bundle
 * parseStixBundle already returned for exactly `content` (the origin parses
 * before it seals): parsing is a third of a publication's CPU, so not twice.
 */
export function deriveIndexes (envelope: DecodedEnvelope, content: Uint8Array, parsed?: StixBundle): DerivedIndexes {
  const { header, id } = envelope
  const base = {
    id,
    origin: header.origin,
    kind: header.kind,
    ref: header.ref,
    created: header.created,
    expires: header.expires,
    tlp: header.policy.tlp,
    policy: header.policy,
    recipients: header.recipients.map(r => r.key),
    seqs: Object.fromEntries(header.recipients.map(r => [r.key, r.seq])),
    size: envelope.bytes.byteLength
  }
  if (header.kind === 'RETRACTION') {
    if (header.ref == null) {
      throw new ReceiveRejectedError('RECEIVE_RETRACTION_WITHOUT_REF', `retraction ${id} does not name the bundle it retracts (header field "ref")`)
    }
    if (content.byteLength > MAX_RETRACTION_NOTE_BYTES) {
      throw new ReceiveRejectedError('RECEIVE_RETRACTION_TOO_LARGE', `retraction ${id} carries ${content.byteLength} bytes; at most ${MAX_RETRACTION_NOTE_BYTES} are allowed`)
    }
    return { record: { ...base, types: [], objects: [] }, observables: [], retractedSeqs: retractedSeqsOf(content) }
  }
  const bundle = parsed ?? parseStixBundle(content)
  assertPolicyCoversMarkings(header.policy.tlp, bundle)
  const summary = summarizeBundle(bundle)
  const observables = extractObservables(bundle).map(o => ({ value: o.value, objectId: o.objectId }))
  return {
    record: {
      ...base,
      types: summary.types,
      objects: summary.objects.map(o => ({ id: o.id, type: o.type, modified: o.modified ?? o.created }))
    },
    observables
  }
}

/** The `seqs` map of a retraction note, when it is well-formed (it is signed and encrypted by the origin). */
function retractedSeqsOf (content: Uint8Array): Record<string, number> | undefined {
  let note: unknown
  try {
    note = JSON.parse(new TextDecoder().decode(content))
  } catch {
    return undefined
  }
  const seqs = (note as { seqs?: unknown } | null)?.seqs
  if (typeof seqs !== 'object' || seqs === null) return undefined
  const out: Record<string, number> = {}
  for (const [key, seq] of Object.entries(seqs)) {
    if (Number.isSafeInteger(seq) && (seq as number) > 0) out[key] = seq as number
  }
  return out
}
