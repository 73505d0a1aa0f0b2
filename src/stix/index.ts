/** STIX 2.1: parsing, validation, observable extraction, TLP markings and summaries (pure, no I/O). */
export { parseStixBundle } from './parse.js'
export { validateBundle, checkObject } from './validate.js'
export { extractObservables, hashKind } from './observables.js'
export { normalizeObservable, normalizeAs } from './normalize.js'
export { findEqualityComparisons } from './pattern.js'
export { strictestMarking, assertPolicyCoversMarkings } from './tlp.js'
export { TLP1_IDS, TLP2_IDS, TLP2_EXTENSION_ID, TLP_BY_MARKING_ID, tlpOfMarking } from './tlp-ids.js'
export { summarizeBundle } from './summary.js'
export { isIdentifier, identifierType, isStixType, isRfc4122Uuid } from './identifiers.js'
export { isStixTimestamp, compareTimestamps } from './timestamps.js'
export { InvalidStixError, StixJsonError, StixLimitError, TlpTooLooseError, formatIssue } from './errors.js'
export { MAX_INPUT_LENGTH, MAX_DEPTH, MAX_OBJECTS, MAX_ISSUES, MAX_PATTERN_LENGTH, MAX_OBSERVABLE_LENGTH } from './constants.js'
export type { Comparison } from './pattern.js'
export type { ValidateLimits } from './validate.js'
export type {
  StixBundle, StixObject, StixIssue, ParseOptions, Observable, ObservableKind,
  StrictestMarking, ObjectSummary, BundleSummary
} from './types.js'
