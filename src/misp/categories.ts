/**
 * The category an attribute gets on export when the STIX object names none
 * (MISP refuses a category its type does not allow; these are each type's
 * default category in MISP's type/category matrix).
 */
const DEFAULT_CATEGORY: Readonly<Record<string, string>> = {
  'ip-src': 'Network activity',
  'ip-dst': 'Network activity',
  'ip-src|port': 'Network activity',
  'ip-dst|port': 'Network activity',
  port: 'Network activity',
  domain: 'Network activity',
  hostname: 'Network activity',
  'domain|ip': 'Network activity',
  url: 'Network activity',
  link: 'External analysis',
  AS: 'Network activity',
  'email-src': 'Payload delivery',
  'email-dst': 'Network activity',
  email: 'Social network',
  'email-subject': 'Payload delivery',
  filename: 'Payload delivery',
  attachment: 'External analysis',
  md5: 'Payload delivery',
  sha1: 'Payload delivery',
  sha256: 'Payload delivery',
  sha512: 'Payload delivery',
  'filename|md5': 'Payload delivery',
  'filename|sha1': 'Payload delivery',
  'filename|sha256': 'Payload delivery',
  'filename|sha512': 'Payload delivery',
  mutex: 'Artifacts dropped',
  vulnerability: 'External analysis',
  'threat-actor': 'Attribution',
  'campaign-name': 'Attribution',
  'stix2-pattern': 'Payload installation'
}

/** The default MISP category of an attribute type (`Other` for types not listed). */
export function defaultCategory (type: string): string {
  return DEFAULT_CATEGORY[type] ?? 'Other'
}
