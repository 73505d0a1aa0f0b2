import type { Tlp } from '../policy/types.js'

/** One STIX 2.1 object: `type` and `id` checked, every other property kept as parsed. */
export interface StixObject {
  type: string
  id: string
  [property: string]: unknown
}

/** A validated STIX 2.1 bundle. */
export interface StixBundle {
  type: 'bundle'
  id: string
  objects: StixObject[]
}

/** One validation finding: which object (id and/or position), which field, what is wrong. */
export interface StixIssue {
  /** The object's id when it has a string id (the bundle id for bundle-level issues). */
  objectId?: string
  /** Position in `objects`; absent for bundle-level issues. */
  index?: number
  /** Property path: `valid_from`, `object_refs[3]`, `extensions.socket-ext.address_family`. */
  field: string
  /** Short human reason, e.g. `is required`. */
  reason: string
}

/** Limits for one parse; each defaults to the constant of the same name in constants.ts. */
export interface ParseOptions {
  /** Default MAX_INPUT_LENGTH. */
  maxLength?: number
  /** Default MAX_DEPTH. */
  maxDepth?: number
  /** Default MAX_OBJECTS. */
  maxObjects?: number
}

/** Kinds of observable value the node indexes. */
export type ObservableKind = 'ipv4' | 'ipv6' | 'domain' | 'url' | 'email' | 'md5' | 'sha1' | 'sha256' | 'sha512'

/** A searchable value found in a bundle, normalised, with the object that holds it. */
export interface Observable {
  kind: ObservableKind
  value: string
  objectId: string
}

/** The strictest TLP marking in a bundle and where it was found. */
export interface StrictestMarking {
  tlp: Tlp
  /** The object that carries the marking. */
  objectId: string
  /** The marking-definition id. */
  markingRef: string
  /** `object_marking_refs` or `granular_markings`. */
  field: 'object_marking_refs' | 'granular_markings'
}

/** One object as indexes and TAXII see it. */
export interface ObjectSummary {
  id: string
  type: string
  created?: string
  modified?: string
  specVersion?: string
  /** TAXII version: `modified`, else `created`; absent for objects with neither (most SCOs). */
  version?: string
}

/** What a bundle holds, for indexes and TAXII. */
export interface BundleSummary {
  /** Sorted, unique. */
  types: string[]
  /** One entry per distinct (id, version), in bundle order. */
  objects: ObjectSummary[]
}
