/** The object classes of STIX 2.1, which decide the common rules an object follows. */

/** STIX Domain Objects defined by STIX 2.1. */
export const SDO_TYPES: ReadonlySet<string> = new Set([
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident',
  'indicator', 'infrastructure', 'intrusion-set', 'location', 'malware', 'malware-analysis',
  'note', 'observed-data', 'opinion', 'report', 'threat-actor', 'tool', 'vulnerability'
])

/** STIX Relationship Objects. */
export const SRO_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting'])

/** STIX Cyber-observable Objects defined by STIX 2.1. */
export const SCO_TYPES: ReadonlySet<string> = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message',
  'file', 'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process',
  'software', 'url', 'user-account', 'windows-registry-key', 'x509-certificate'
])

/** STIX Meta Objects. */
export const META_TYPES: ReadonlySet<string> = new Set(['marking-definition', 'language-content', 'extension-definition'])

/** Types a relationship or sighting may not point at (spec: source/target are SDOs or SCOs). */
export const NOT_RELATABLE: ReadonlySet<string> = new Set([
  'relationship', 'sighting', 'bundle', 'marking-definition', 'language-content'
])

/**
 * `core`: SDOs, SROs, language-content, extension-definition and custom objects
 * with `created` (spec_version, created, modified required);
 * `marking`: marking-definition (spec_version, created; never modified);
 * `sco`: cyber-observables and custom objects without `created` (only type and id).
 * Custom types are told apart as the OASIS validator does: by `created`.
 */
export type ObjectClass = 'core' | 'marking' | 'sco'

/** The class of an object of type `type`. */
export function classify (type: string, object: Record<string, unknown>): ObjectClass {
  if (type === 'marking-definition') return 'marking'
  if (SCO_TYPES.has(type)) return 'sco'
  if (SDO_TYPES.has(type) || SRO_TYPES.has(type) || META_TYPES.has(type)) return 'core'
  return 'created' in object ? 'core' : 'sco'
}

/** Values of `extension_type` and `extension_types` (§7.3). */
export const EXTENSION_TYPES: ReadonlySet<string> = new Set([
  'new-sdo', 'new-sco', 'new-sro', 'property-extension', 'toplevel-property-extension'
])
