/** MISP bridge: MISP core-format events ⇄ STIX 2.1 bundles, and the policy an event's TLP tags ask for (pure, no I/O). */
export { parseMispEvent } from './parse.js'
export { mispToStix } from './to-stix.js'
export { stixToMisp } from './from-stix.js'
export { prepareMispImport } from './import.js'
export { derivePolicy, tlpOfTag, strictestTag, tagOfMarking } from './tlp.js'
export { OBSERVABLE_TYPES } from './slots.js'
export {
  InvalidMispEventError, MispTlpMissingError, MispMembersRequiredError, MispDistributionError,
  MispUnmappedError, MispNotConvertibleError
} from './errors.js'
export type { MispConversion } from './to-stix.js'
export type { MispEventJson, StixToMispResult } from './from-stix.js'
export type { MispImportOptions, PreparedImport } from './import.js'
export type { PolicyInput, PolicyOverrides, TagTlp } from './tlp.js'
export type { MispEvent, MispAttribute, MispObject, MispGalaxy, MispGalaxyCluster, MispTag, UnmappedType } from './types.js'
