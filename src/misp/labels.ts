/**
 * The `misp:key="value"` labels that carry MISP facts STIX has no property
 * for (misp-stix writes the same form): an attribute's type, category, to_ids
 * and object relation, an object's template name, a cluster's galaxy.
 */
export const LABEL_KEYS = ['type', 'category', 'to_ids', 'object-relation', 'name', 'meta-category', 'galaxy-type', 'galaxy-name'] as const

/** One of the label keys this module reads back. */
export type LabelKey = typeof LABEL_KEYS[number]

/** `misp:type="ip-dst"`. */
export function label (key: LabelKey, value: string): string {
  return `misp:${key}="${value}"`
}

/** Splits labels into ours (by key) and the rest, which are the MISP tags. */
export function readLabels (labels: unknown): { misp: Partial<Record<LabelKey, string>>, tags: string[] } {
  const misp: Partial<Record<LabelKey, string>> = {}
  const tags: string[] = []
  if (!Array.isArray(labels)) return { misp, tags }
  for (const item of labels) {
    if (typeof item !== 'string') continue
    const m = /^misp:([a-z_-]+)="(.*)"$/s.exec(item)
    const key = m?.[1] as LabelKey | undefined
    if (m !== null && key !== undefined && (LABEL_KEYS as readonly string[]).includes(key)) misp[key] = m[2] as string
    else tags.push(item)
  }
  return { misp, tags }
}
