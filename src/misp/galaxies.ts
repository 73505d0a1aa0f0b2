/**
 * MISP galaxy types → the STIX 2.1 domain object a cluster of that galaxy
 * becomes, after misp-stix (MISP's own converter). Galaxies not listed (sector,
 * country, …) are kept as `misp-galaxy:` labels on the report and reported as
 * unmapped.
 */
const GALAXY_STIX_TYPE: Readonly<Record<string, string>> = {
  'threat-actor': 'threat-actor',
  'microsoft-activity-group': 'threat-actor',
  'mitre-intrusion-set': 'intrusion-set',
  'mitre-enterprise-attack-intrusion-set': 'intrusion-set',
  'mitre-malware': 'malware',
  'mitre-enterprise-attack-malware': 'malware',
  malpedia: 'malware',
  ransomware: 'malware',
  banker: 'malware',
  stealer: 'malware',
  rat: 'malware',
  botnet: 'malware',
  backdoor: 'malware',
  android: 'malware',
  'mitre-tool': 'tool',
  'mitre-enterprise-attack-tool': 'tool',
  tool: 'tool',
  'mitre-attack-pattern': 'attack-pattern',
  'mitre-enterprise-attack-attack-pattern': 'attack-pattern',
  'mitre-course-of-action': 'course-of-action',
  'mitre-enterprise-attack-course-of-action': 'course-of-action',
  'branded-vulnerability': 'vulnerability'
}

/** The galaxy type a STIX object of each type becomes when it carries no `misp:galaxy-type` label. */
const DEFAULT_GALAXY: Readonly<Record<string, string>> = {
  'threat-actor': 'threat-actor',
  'intrusion-set': 'mitre-intrusion-set',
  malware: 'mitre-malware',
  tool: 'mitre-tool',
  'attack-pattern': 'mitre-attack-pattern',
  'course-of-action': 'mitre-course-of-action'
}

/** STIX types whose objects have `aliases` (STIX 2.1 §4): a cluster's synonyms go there. */
export const ALIASED_TYPES: ReadonlySet<string> = new Set(['threat-actor', 'intrusion-set', 'malware', 'tool', 'attack-pattern', 'campaign'])

/** The STIX type for clusters of a galaxy type, or undefined when it has none. */
export function stixTypeOfGalaxy (galaxyType: string): string | undefined {
  return GALAXY_STIX_TYPE[galaxyType]
}

/** The galaxy type for an unlabelled STIX object, or undefined when its type is not a galaxy's. */
export function defaultGalaxyOf (stixType: string): string | undefined {
  return DEFAULT_GALAXY[stixType]
}

/** The tag MISP attaches a cluster with: `misp-galaxy:threat-actor="APT 28"`. */
export function galaxyTagName (galaxyType: string, value: string): string {
  return `misp-galaxy:${galaxyType}="${value}"`
}
