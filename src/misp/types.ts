/** A MISP tag as the core format writes it (`{"name": "tlp:amber"}`). */
export interface MispTag { name: string }

/** One galaxy cluster (`GalaxyCluster[]` of a galaxy). */
export interface MispGalaxyCluster {
  uuid: string
  value: string
  type?: string
  description?: string
  /** Cluster metadata; only `synonyms` (aliases) is carried into STIX. */
  meta?: { synonyms?: string[], [key: string]: unknown }
}

/** A galaxy (`threat-actor`, `mitre-malware` …) with its clusters. */
export interface MispGalaxy {
  uuid?: string
  name?: string
  type: string
  description?: string
  GalaxyCluster: MispGalaxyCluster[]
}

/** One attribute, standalone or inside an object. */
export interface MispAttribute {
  uuid: string
  type: string
  category?: string
  value: string
  to_ids: boolean
  comment?: string
  /** Seconds since the Unix epoch. */
  timestamp?: number
  /** ISO 8601 as MISP writes it. */
  first_seen?: string
  last_seen?: string
  /** Set inside an object. */
  object_relation?: string
  Tag: MispTag[]
  Galaxy: MispGalaxy[]
}

/** A MISP object: a template name and its attributes, each with an `object_relation`. */
export interface MispObject {
  uuid: string
  name: string
  'meta-category'?: string
  template_uuid?: string
  comment?: string
  timestamp?: number
  Attribute: MispAttribute[]
}

/** The creating organisation (`Orgc`). */
export interface MispOrg { uuid?: string, name: string }

/** A MISP event (the content of `{"Event": …}`), validated and normalised. */
export interface MispEvent {
  uuid: string
  info: string
  /** `YYYY-MM-DD`. */
  date?: string
  /** Seconds since the Unix epoch. */
  timestamp?: number
  publish_timestamp?: number
  published?: boolean
  threat_level_id?: string
  analysis?: string
  distribution?: string
  Orgc?: MispOrg
  Attribute: MispAttribute[]
  Object: MispObject[]
  Galaxy: MispGalaxy[]
  Tag: MispTag[]
}

/** Types (or galaxies) the conversion had no mapping for, with the uuids that carried them. */
export interface UnmappedType {
  /** A MISP attribute type, `galaxy:<type>` for a galaxy, or a STIX type on export. */
  type: string
  count: number
  uuids: string[]
}
