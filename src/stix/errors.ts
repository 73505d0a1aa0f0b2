import { IntelmeshError } from '../errors.js'
import type { Tlp } from '../policy/types.js'
import type { StixIssue, StrictestMarking } from './types.js'

/** Where an issue sits, as messages print it: the object id, else its position. */
function where (issue: StixIssue): string {
  if (issue.objectId !== undefined) return issue.objectId
  if (issue.index !== undefined) return `objects[${issue.index}]`
  return 'bundle'
}

/** The human line for one issue: `indicator--… : field "valid_from" is required`. */
export function formatIssue (issue: StixIssue): string {
  return `${where(issue)}: field "${issue.field}" ${issue.reason}`
}

/** The input is not JSON text (or not UTF-8). */
export class StixJsonError extends IntelmeshError {
  static override name = 'StixJsonError'
  constructor (message: string, options?: ErrorOptions) {
    super('STIX_BAD_JSON', message, options)
  }
}

/** The input exceeds a size, depth or object-count limit; rejected before (or instead of) full parsing. */
export class StixLimitError extends IntelmeshError {
  static override name = 'StixLimitError'
  /** Which limit: `length`, `depth` or `objects`. */
  readonly limit: 'length' | 'depth' | 'objects'
  /** The configured maximum. */
  readonly max: number

  constructor (limit: 'length' | 'depth' | 'objects', max: number, message: string) {
    super('STIX_TOO_LARGE', message)
    this.limit = limit
    this.max = max
  }
}

/**
 * The bundle is JSON but not valid STIX 2.1. `objectId`/`index`/`field` describe
 * the first issue; `issues` holds the first issue of every offending object.
 */
export class InvalidStixError extends IntelmeshError {
  static override name = 'InvalidStixError'
  /** Id of the offending object (or of the bundle), when it has a usable one. */
  readonly objectId: string | undefined
  /** Position in `objects`, absent for bundle-level issues. */
  readonly index: number | undefined
  /** The property at fault, as a path (`valid_from`, `object_refs[3]`, `extensions.socket-ext`). */
  readonly field: string
  /** Every issue found (first issue per object, capped). */
  readonly issues: StixIssue[]

  constructor (issues: StixIssue[]) {
    const first = issues[0]
    if (first === undefined) throw new TypeError('InvalidStixError needs at least one issue')
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    super('STIX_INVALID', formatIssue(first) + more)
    this.objectId = first.objectId
    this.index = first.index
    this.field = first.field
    this.issues = issues
  }
}

/** A bundle carries a TLP marking stricter than the TLP of the policy it is shared under. */
export class TlpTooLooseError extends IntelmeshError {
  static override name = 'TlpTooLooseError'
  /** The object carrying the strictest marking. */
  readonly objectId: string
  /** The marking-definition id it references. */
  readonly markingRef: string
  /** The TLP of that marking (TLP 1.0 levels mapped to 2.0). */
  readonly markingTlp: Tlp
  /** The TLP of the policy, looser than `markingTlp`. */
  readonly policyTlp: Tlp
  /** `object_marking_refs` or `granular_markings`. */
  readonly field: string

  constructor (marking: StrictestMarking, policyTlp: Tlp) {
    const { objectId, markingRef, tlp, field } = marking
    super('STIX_TLP_TOO_LOOSE',
      `${objectId}: field "${field}" marks it TLP:${tlp} (${markingRef}), stricter than the policy's TLP:${policyTlp}`)
    this.objectId = objectId
    this.field = field
    this.markingRef = markingRef
    this.markingTlp = tlp
    this.policyTlp = policyTlp
  }
}
