import { createHash } from 'node:crypto'
import type { AcceptInput } from '../src/store/types.js'

/** Origin of every bundle the crash child publishes: memberKeyToString(32 × 0x07), spelled out to keep libp2p out of the child's start-up. */
export const CRASH_ORIGIN = '12D3KooWAHoEkEqnKzM5PXFygh2movVBCSX3k8tDsT2cneU68Gyt'

/** Creation time of crash bundles. */
const CREATED = 1_700_000_000_000

/** The `now` the crash child purges with: bundles expiring by then may vanish after their ack. */
export const PURGE_NOW = CREATED + 10_000

/** Envelope bytes derived from the id, so the parent can check them after a crash. */
export function crashEnvelope (id: string): Uint8Array {
  const seed = Buffer.from(id, 'hex')
  const size = 200 + (seed[0] ?? 0) * 2
  const out = new Uint8Array(size)
  let block = createHash('sha256').update(seed).digest()
  for (let i = 0; i < size; i += block.length) {
    out.set(block.subarray(0, Math.min(block.length, size - i)), i)
    block = createHash('sha256').update(block).digest()
  }
  return out
}

/** The observable value every crash bundle is searchable by. */
export function crashValue (id: string): string {
  return `${id.slice(0, 16)}.crash.example`
}

/** The accept input of crash bundle `id` (about one in ten expires before PURGE_NOW). */
export function crashInput (id: string, ref?: string): AcceptInput {
  const envelope = crashEnvelope(id)
  const seed = Buffer.from(id, 'hex')
  const objectId = `indicator--${id.slice(0, 8)}-0000-4000-8000-${id.slice(8, 20)}`
  const retraction = ref !== undefined
  return {
    id,
    envelope,
    record: {
      id,
      origin: CRASH_ORIGIN,
      kind: retraction ? 'RETRACTION' : 'INTEL',
      ...(retraction ? { ref } : {}),
      created: CREATED,
      expires: !retraction && (seed[1] ?? 255) < 25 ? CREATED + 1000 : 0,
      tlp: 'GREEN',
      policy: { tlp: 'GREEN', allow: [], deny: [], groups: [], members: [], authorities: false, personalData: false },
      recipients: [CRASH_ORIGIN],
      receivedAt: CREATED,
      from: CRASH_ORIGIN,
      size: envelope.byteLength,
      types: retraction ? [] : ['indicator'],
      objects: retraction ? [] : [{ id: objectId, type: 'indicator' }]
    },
    observables: retraction
      ? []
      : [{ value: crashValue(id), objectId }, { value: `10.${seed[2] ?? 0}.${seed[3] ?? 0}.${seed[4] ?? 0}`, objectId }],
    audit: { type: 'publish', at: CREATED, peer: CRASH_ORIGIN }
  }
}
