import { SCO_TYPES } from '../stix/kinds.js'
import { defaultGalaxyOf, galaxyTagName } from './galaxies.js'
import { readLabels } from './labels.js'
import { attributesOfObject, referencedWithin, seconds, uuidOf } from './object-to-misp.js'
import { tagOfMarking } from './tlp.js'
import { uuidV5 } from './uuid.js'
import type { StixBundle, StixObject } from '../stix/types.js'
import type { MispAttributeJson } from './object-to-misp.js'
import type { UnmappedType } from './types.js'

/** A MISP event as the export writes it: `{"Event": {…}}`, ready for MISP's event import. */
export interface MispEventJson { Event: Record<string, unknown> }

/** The export of one bundle. */
export interface StixToMispResult {
  event: MispEventJson
  /** STIX objects with no MISP equivalent, by type (ids in `uuids`). */
  unmapped: UnmappedType[]
}

/** Types that are metadata of the bundle itself, never content to export. */
const METADATA: ReadonlySet<string> = new Set(['marking-definition', 'identity', 'extension-definition', 'language-content'])

function refs (value: unknown): string[] {
  return Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : []
}

function tlpTags (o: StixObject): string[] {
  return refs(o.object_marking_refs).map(tagOfMarking).filter((t): t is string => t !== undefined)
}

/** The galaxy type of a cluster object, or undefined when the object is no cluster. */
function galaxyTypeOf (o: StixObject): string | undefined {
  const { misp } = readLabels(o.labels)
  if (misp['galaxy-type'] !== undefined) return misp['galaxy-type']
  if (misp.type !== undefined) return undefined
  return defaultGalaxyOf(o.type)
}

/** Groups cluster objects into MISP galaxies (one per galaxy type). */
function galaxies (clusters: StixObject[]): Array<Record<string, unknown>> {
  const byType = new Map<string, { name: string, clusters: Array<Record<string, unknown>> }>()
  for (const o of clusters) {
    const type = galaxyTypeOf(o) as string
    const { misp } = readLabels(o.labels)
    const entry = byType.get(type) ?? { name: misp['galaxy-name'] ?? type, clusters: [] }
    const cluster: Record<string, unknown> = { uuid: uuidOf(o.id), type, value: o.name, tag_name: galaxyTagName(type, String(o.name)) }
    if (typeof o.description === 'string') cluster.description = o.description
    const aliases = refs(o.aliases)
    if (aliases.length > 0) cluster.meta = { synonyms: aliases }
    entry.clusters.push(cluster)
    byType.set(type, entry)
  }
  return [...byType].map(([type, g]) => ({ uuid: uuidV5(`galaxy:${type}`), name: g.name, type, GalaxyCluster: g.clusters }))
}

/**
 * Converts a STIX 2.1 bundle into a MISP event (pure). The first report gives
 * the event (uuid, info, tags, TLP); without one the bundle id and the object
 * names do. Indicators, observed-data, cyber-observables and
 * `x-misp-attribute`s become attributes (the `misp:` labels restore type,
 * category and object relation), `misp:name`-labelled groupings MISP objects,
 * cluster SDOs galaxies (on the event when the report lists them, on an
 * attribute when a relationship links them). The event is written with
 * distribution 0 ("Your organisation only") so MISP never widens the audience
 * the mesh policy gave the bundle. Everything else is listed in `unmapped`.
 */
export function stixToMisp (bundle: StixBundle): StixToMispResult {
  const byId = new Map(bundle.objects.map(o => [o.id, o]))
  const report = bundle.objects.find(o => o.type === 'report')
  const eventTlp = report === undefined ? [] : tlpTags(report)
  const used = new Set<string>(report === undefined ? [] : [report.id])
  const unmapped = new Map<string, string[]>()
  const skip = (o: StixObject): void => {
    const ids = unmapped.get(o.type) ?? []
    ids.push(o.id)
    unmapped.set(o.type, ids)
  }

  const clusterIds = new Set(bundle.objects.filter(o => galaxyTypeOf(o) !== undefined && typeof o.name === 'string').map(o => o.id))
  const attributeGalaxies = new Map<string, StixObject[]>()
  for (const r of bundle.objects) {
    if (r.type !== 'relationship' || typeof r.target_ref !== 'string' || typeof r.source_ref !== 'string' || !clusterIds.has(r.target_ref)) continue
    const list = attributeGalaxies.get(r.source_ref) ?? []
    list.push(byId.get(r.target_ref) as StixObject)
    attributeGalaxies.set(r.source_ref, list)
    used.add(r.id)
  }
  const toAttributes = (o: StixObject): MispAttributeJson[] => {
    const own = tlpTags(o).filter(t => !eventTlp.includes(t))
    const made = attributesOfObject(o, byId, own)
    if (made.length === 0) return made
    used.add(o.id)
    const linked = attributeGalaxies.get(o.id)
    if (linked !== undefined && made[0] !== undefined) {
      made[0].Galaxy = galaxies(linked)
      made[0].Tag = [...(made[0].Tag as Array<{ name: string }> | undefined ?? []), ...linked.map(c => ({ name: galaxyTagName(galaxyTypeOf(c) as string, String(c.name)) }))]
    }
    return made
  }

  // Cyber-observables inside an observed-data (or hanging from another) are part of that attribute.
  const observedRefs = bundle.objects.filter(o => o.type === 'observed-data').flatMap(o => refs(o.object_refs))
  const scoIds = bundle.objects.filter(o => SCO_TYPES.has(o.type)).map(o => o.id)
  const inner = new Set([...observedRefs, ...referencedWithin(scoIds, byId)])

  const objects: Array<Record<string, unknown>> = []
  const inObjects = new Set<string>()
  for (const g of bundle.objects) {
    const { misp } = readLabels(g.labels)
    if (g.type !== 'grouping' || misp.name === undefined) continue
    const attributes = refs(g.object_refs).map(id => byId.get(id)).filter((o): o is StixObject => o !== undefined).flatMap(o => {
      inObjects.add(o.id)
      return toAttributes(o)
    })
    used.add(g.id)
    const object: Record<string, unknown> = { uuid: uuidOf(g.id), name: misp.name, 'meta-category': misp['meta-category'] ?? 'misc', distribution: '5', Attribute: attributes }
    if (typeof g.x_misp_template_uuid === 'string') object.template_uuid = g.x_misp_template_uuid
    if (typeof g.description === 'string') object.comment = g.description
    const timestamp = seconds(g.modified)
    if (timestamp !== undefined) object.timestamp = timestamp
    objects.push(object)
  }

  const attributes: MispAttributeJson[] = []
  for (const o of bundle.objects) {
    if (used.has(o.id) || inObjects.has(o.id) || clusterIds.has(o.id) || inner.has(o.id)) continue
    attributes.push(...toAttributes(o))
  }
  const reportRefs = new Set(report === undefined ? [] : refs(report.object_refs))
  const eventClusters = bundle.objects.filter(o => clusterIds.has(o.id) && (report === undefined ? !attributeGalaxiesHave(attributeGalaxies, o.id) : reportRefs.has(o.id)))
  for (const o of bundle.objects) {
    if (used.has(o.id) || inObjects.has(o.id) || clusterIds.has(o.id) || METADATA.has(o.type)) continue
    if (inner.has(o.id)) continue
    skip(o)
  }

  const { tags } = readLabels(report?.labels)
  const clusterTags = eventClusters.map(c => galaxyTagName(galaxyTypeOf(c) as string, String(c.name)))
  const author = report !== undefined && typeof report.created_by_ref === 'string' ? byId.get(report.created_by_ref) : undefined
  const published = typeof report?.published === 'string' ? report.published : undefined
  const date = typeof report?.x_misp_date === 'string' ? report.x_misp_date : (published ?? bundle.objects.map(o => o.created).find(c => typeof c === 'string') as string | undefined)?.slice(0, 10)
  const event: Record<string, unknown> = {
    uuid: uuidOf(report?.id ?? bundle.id),
    info: typeof report?.name === 'string' ? report.name : `STIX bundle ${bundle.id}`,
    threat_level_id: typeof report?.x_misp_threat_level_id === 'string' ? report.x_misp_threat_level_id : '4',
    analysis: typeof report?.x_misp_analysis === 'string' ? report.x_misp_analysis : '2',
    distribution: '0',
    published: false,
    Attribute: attributes,
    Object: objects,
    Galaxy: galaxies(eventClusters),
    Tag: [...new Set([...eventTlp, ...tags, ...clusterTags])].map(name => ({ name }))
  }
  if (date !== undefined) event.date = date
  const timestamp = seconds(report?.modified)
  if (timestamp !== undefined) event.timestamp = timestamp
  if (author !== undefined && typeof author.name === 'string') event.Orgc = { uuid: uuidOf(author.id), name: author.name }
  return {
    event: { Event: event },
    unmapped: [...unmapped].map(([type, ids]) => ({ type, count: ids.length, uuids: ids })).sort((a, b) => a.type.localeCompare(b.type))
  }
}

function attributeGalaxiesHave (map: ReadonlyMap<string, StixObject[]>, id: string): boolean {
  for (const list of map.values()) if (list.some(o => o.id === id)) return true
  return false
}

