import { createHash } from 'node:crypto'
import { memberKeyToString } from '../../src/crypto/member-key.js'
import type { AcceptInput, BundleKind, ObservableInput } from '../../src/store/types.js'

/** Member keys used as origins and peers. */
export const ALICE = memberKeyToString(new Uint8Array(32).fill(1))
export const BOB = memberKeyToString(new Uint8Array(32).fill(2))
export const CAROL = memberKeyToString(new Uint8Array(32).fill(3))

/** A deterministic bundle id from a seed. */
export function bundleId (seed: string): string {
  return createHash('sha256').update('bundle:' + seed).digest('hex')
}

/** Deterministic envelope bytes of `size` from a seed. */
export function envelopeBytes (seed: string, size = 256): Uint8Array {
  const out = new Uint8Array(size)
  let block = createHash('sha256').update('envelope:' + seed).digest()
  for (let i = 0; i < size; i += block.length) {
    out.set(block.subarray(0, Math.min(block.length, size - i)), i)
    block = createHash('sha256').update(block).digest()
  }
  return out
}

/** Options of `makeInput`. */
export interface InputOptions {
  origin?: string
  kind?: BundleKind
  ref?: string
  created?: number
  expires?: number
  types?: string[]
  observables?: ObservableInput[]
  size?: number
  from?: string
  checkpoint?: AcceptInput['checkpoint']
  counters?: AcceptInput['counters']
  seen?: AcceptInput['seen']
}

/** A complete accept input for the bundle named by `seed`. */
export function makeInput (seed: string, o: InputOptions = {}): AcceptInput {
  const id = bundleId(seed)
  const origin = o.origin ?? ALICE
  const envelope = envelopeBytes(seed, o.size ?? 256)
  const types = o.types ?? (o.kind === 'RETRACTION' ? [] : ['indicator'])
  const observables = o.observables ?? []
  const objects = [...new Set(observables.map((x) => x.objectId))].map((oid) => ({ id: oid, type: oid.split('--')[0] as string }))
  return {
    id,
    envelope,
    record: {
      id,
      origin,
      kind: o.kind ?? 'INTEL',
      ...(o.ref === undefined ? {} : { ref: o.ref }),
      created: o.created ?? 1_700_000_000_000,
      expires: o.expires ?? 0,
      tlp: 'GREEN',
      policy: { tlp: 'GREEN', allow: [], deny: [], groups: [], members: [], authorities: false, personalData: false },
      recipients: [origin, BOB],
      receivedAt: 1_700_000_001_000,
      from: o.from ?? origin,
      size: envelope.byteLength,
      types,
      objects
    },
    observables,
    ...(o.checkpoint === undefined ? {} : { checkpoint: o.checkpoint }),
    ...(o.counters === undefined ? {} : { counters: o.counters }),
    ...(o.seen === undefined ? {} : { seen: o.seen }),
    audit: { type: o.from === undefined || o.from === origin ? 'publish' : 'receive', at: 1_700_000_001_000, peer: o.from ?? origin }
  }
}

/** One observable on an indicator object named after the value. */
export function observable (value: string, n = 0): ObservableInput {
  return { value, objectId: `indicator--00000000-0000-4000-8000-${n.toString().padStart(12, '0')}` }
}
