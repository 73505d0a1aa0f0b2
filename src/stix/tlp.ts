import { TLP_LEVELS } from '../policy/types.js'
import { isRecord } from './checks.js'
import { TlpTooLooseError } from './errors.js'
import { tlpOfMarking } from './tlp-ids.js'
import type { Tlp } from '../policy/types.js'
import type { StixBundle, StrictestMarking } from './types.js'

function rank (tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp)
}

/**
 * The strictest TLP marking any object of the bundle carries, through
 * `object_marking_refs` or `granular_markings[].marking_ref`, with TLP 1.0
 * mapped to 2.0 (WHITE→CLEAR). The first object carrying that level is
 * named. Non-TLP markings are ignored; undefined when nothing is TLP-marked.
 */
export function strictestMarking (bundle: StixBundle): StrictestMarking | undefined {
  let best: StrictestMarking | undefined
  for (const object of bundle.objects) {
    const refs = object.object_marking_refs
    if (Array.isArray(refs)) {
      for (const ref of refs) best = stricter(best, object.id, ref, 'object_marking_refs')
    }
    const granular = object.granular_markings
    if (Array.isArray(granular)) {
      for (const marking of granular) {
        if (isRecord(marking)) best = stricter(best, object.id, marking.marking_ref, 'granular_markings')
      }
    }
  }
  return best
}

/** `best`, or the marking `ref` on `objectId` when that is a strictly stricter TLP. */
function stricter (best: StrictestMarking | undefined, objectId: string, ref: unknown, field: StrictestMarking['field']): StrictestMarking | undefined {
  if (typeof ref !== 'string') return best
  const tlp = tlpOfMarking(ref)
  if (tlp === undefined || (best !== undefined && rank(tlp) <= rank(best.tlp))) return best
  return { tlp, objectId, markingRef: ref, field }
}

/**
 * Throws TlpTooLooseError (STIX_TLP_TOO_LOOSE) when `policyTlp` is less strict
 * (in TLP_LEVELS order) than the strictest marking in the bundle: sharing
 * content marked RED under an AMBER policy would widen its audience.
 */
export function assertPolicyCoversMarkings (policyTlp: Tlp, bundle: StixBundle): void {
  const marking = strictestMarking(bundle)
  if (marking !== undefined && rank(policyTlp) < rank(marking.tlp)) throw new TlpTooLooseError(marking, policyTlp)
}
