import { attributeToStix, stixTime } from './attribute-to-stix.js'
import { InvalidMispEventError } from './errors.js'
import { DISTRIBUTION_ORGANISATION_ONLY } from './constants.js'
import { ALIASED_TYPES, galaxyTagName, stixTypeOfGalaxy } from './galaxies.js'
import { label } from './labels.js'
import { strictestTag, tlpOfTag } from './tlp.js'
import { uuidV5 } from './uuid.js'
import type { StixBundle, StixObject } from '../stix/types.js'
import type { TagTlp } from './tlp.js'
import type { MispAttribute, MispEvent, MispGalaxy, UnmappedType } from './types.js'

/** The result of converting one MISP event. */
export interface MispConversion {
  bundle: StixBundle
  /** Attribute types (and galaxies, as `galaxy:<type>`) with no STIX mapping. */
  unmapped: UnmappedType[]
  /** The strictest `tlp:` tag of the event and its attributes, if any. */
  tlp?: TagTlp
  /** Whether the event's distribution is "Your organisation only". */
  organisationOnly: boolean
  counts: { attributes: number, objects: number, galaxyClusters: number, stixObjects: number }
}

/** Collects the bundle's objects once each (a cluster may be attached at several places). */
class Objects {
  readonly list: StixObject[] = []
  private readonly ids = new Set<string>()
  add (object: StixObject): void {
    if (this.ids.has(object.id)) return
    this.ids.add(object.id)
    this.list.push(object)
  }
}

class Unmapped {
  private readonly byType = new Map<string, string[]>()
  add (type: string, uuid: string): void {
    const uuids = this.byType.get(type) ?? []
    uuids.push(uuid)
    this.byType.set(type, uuids)
  }

  list (): UnmappedType[] {
    return [...this.byType].map(([type, uuids]) => ({ type, count: uuids.length, uuids })).sort((a, b) => a.type.localeCompare(b.type))
  }
}

function isGalaxyTag (name: string): boolean {
  return name.startsWith('misp-galaxy:')
}

/** The event's reference time: its timestamp, else its date, else now. */
function eventTime (event: MispEvent, now: number): string {
  if (event.timestamp !== undefined) return stixTime(event.timestamp)
  if (event.date !== undefined) return `${event.date}T00:00:00.000Z`
  return new Date(now).toISOString()
}

/**
 * Converts a parsed MISP event into a STIX 2.1 bundle (pure; `now` is used only
 * when the event has no time at all). The event is a `report--<event uuid>`
 * referencing everything; each attribute becomes objects with its uuid
 * (`attributeToStix`); each MISP object a `grouping--<object uuid>` of its
 * attributes; galaxy clusters their STIX SDO with the cluster uuid, linked to
 * attributes they are attached to by relationships. `tlp:` tags become TLP
 * markings on every object they cover; other tags become labels.
 */
export function mispToStix (event: MispEvent, now: number): MispConversion {
  const time = eventTime(event, now)
  const eventTlp = strictestTag(event.Tag.map(t => t.name))
  const eventMarkings = eventTlp === undefined ? [] : [eventTlp.markingId]
  const objects = new Objects()
  const unmapped = new Unmapped()
  const reportRefs: string[] = []
  const allTags: string[] = event.Tag.map(t => t.name)
  let clusters = 0
  let createdBy: string | undefined
  if (event.Orgc?.uuid !== undefined) {
    createdBy = `identity--${event.Orgc.uuid}`
    objects.add({ type: 'identity', spec_version: '2.1', id: createdBy, created: time, modified: time, name: event.Orgc.name, identity_class: 'organization' })
  }
  const withOwn = (record: Record<string, unknown>, markings: string[]): Record<string, unknown> => {
    const out = { ...record }
    if (markings.length > 0) out.object_marking_refs = markings
    if (createdBy !== undefined) out.created_by_ref = createdBy
    return out
  }

  /** Cluster SDOs of some galaxies; the tag names they stand for are consumed. Returns the SDO ids. */
  const galaxyObjects = (galaxies: MispGalaxy[]): { ids: string[], consumed: Set<string> } => {
    const ids: string[] = []
    const consumed = new Set<string>()
    for (const galaxy of galaxies) {
      const type = stixTypeOfGalaxy(galaxy.type)
      for (const c of galaxy.GalaxyCluster) {
        clusters++
        if (type === undefined) { unmapped.add(`galaxy:${galaxy.type}`, c.uuid); continue }
        const sdo: StixObject = { type, spec_version: '2.1', id: `${type}--${c.uuid}`, created: time, modified: time, name: c.value }
        if (c.description !== undefined && c.description !== '') sdo.description = c.description
        const synonyms = c.meta?.synonyms?.filter(s => s !== c.value) ?? []
        if (ALIASED_TYPES.has(type) && synonyms.length > 0) sdo.aliases = synonyms
        if (type === 'malware') sdo.is_family = true
        sdo.labels = [label('galaxy-type', galaxy.type), ...(galaxy.name === undefined ? [] : [label('galaxy-name', galaxy.name)])]
        if (eventMarkings.length > 0) sdo.object_marking_refs = eventMarkings
        objects.add(sdo)
        ids.push(sdo.id)
        consumed.add(galaxyTagName(galaxy.type, c.value))
      }
    }
    return { ids, consumed }
  }

  const convert = (a: MispAttribute, path: string): string => {
    allTags.push(...a.Tag.map(t => t.name))
    const own = strictestTag(a.Tag.map(t => t.name))
    const markings = own === undefined ? eventMarkings : [own.markingId]
    const galaxies = galaxyObjects(a.Galaxy)
    const tags = a.Tag.map(t => t.name).filter(name => tlpOfTag(name) === undefined && !galaxies.consumed.has(name))
    const ctx = { path, time, markings, tags, ...(createdBy === undefined ? {} : { createdBy }) }
    const converted = attributeToStix(a, ctx)
    if (!converted.mapped) unmapped.add(a.type, a.uuid)
    objects.add(converted.main)
    for (const other of converted.others) objects.add(other)
    for (const target of galaxies.ids) {
      const relationship: StixObject = {
        type: 'relationship',
        id: `relationship--${uuidV5(`${converted.main.id}|${target}`)}`,
        ...withOwn({ spec_version: '2.1', created: converted.main.created, modified: converted.main.created }, markings),
        relationship_type: converted.main.type === 'indicator' ? 'indicates' : 'related-to',
        source_ref: converted.main.id,
        target_ref: target
      }
      objects.add(relationship)
      reportRefs.push(relationship.id)
    }
    return converted.main.id
  }

  event.Attribute.forEach((a, i) => { reportRefs.push(convert(a, `Event.Attribute[${i}]`)) })
  event.Object.forEach((o, i) => {
    const refs = o.Attribute.map((a, j) => convert(a, `Event.Object[${i}].Attribute[${j}]`))
    const created = o.timestamp === undefined ? time : stixTime(o.timestamp)
    const labels = [label('name', o.name), ...(o['meta-category'] === undefined ? [] : [label('meta-category', o['meta-category'])])]
    const grouping: StixObject = {
      type: 'grouping',
      id: `grouping--${o.uuid}`,
      ...withOwn({ spec_version: '2.1', created, modified: created }, eventMarkings),
      name: o.name,
      context: 'suspicious-activity',
      object_refs: refs,
      labels
    }
    if (o.comment !== undefined) grouping.description = o.comment
    if (o.template_uuid !== undefined) grouping.x_misp_template_uuid = o.template_uuid
    objects.add(grouping)
    reportRefs.push(grouping.id)
  })
  const eventGalaxies = galaxyObjects(event.Galaxy)
  reportRefs.push(...eventGalaxies.ids)
  // A cluster that no STIX type takes stays visible as the tag MISP attaches it with.
  const unmappedClusterTags = event.Galaxy.filter(g => stixTypeOfGalaxy(g.type) === undefined)
    .flatMap(g => g.GalaxyCluster.map(c => galaxyTagName(g.type, c.value)))
  const eventTags = [...new Set([...event.Tag.map(t => t.name), ...unmappedClusterTags])]
    .filter(name => tlpOfTag(name) === undefined && !(isGalaxyTag(name) && eventGalaxies.consumed.has(name)))

  // A report must reference something (§4.14): an event of unmapped galaxies alone has nothing to share.
  if (reportRefs.length === 0) throw new InvalidMispEventError('Event.Galaxy', 'the event holds nothing with a STIX form (only galaxies without a STIX type)')
  const published = event.published === true && event.publish_timestamp !== undefined ? stixTime(event.publish_timestamp) : time
  const report: StixObject = {
    type: 'report',
    id: `report--${event.uuid}`,
    ...withOwn({ spec_version: '2.1', created: time, modified: time }, eventMarkings),
    name: event.info,
    published,
    report_types: ['threat-report'],
    object_refs: [...new Set(reportRefs)]
  }
  if (eventTags.length > 0) report.labels = eventTags
  if (event.date !== undefined) report.x_misp_date = event.date
  if (event.threat_level_id !== undefined) report.x_misp_threat_level_id = event.threat_level_id
  if (event.analysis !== undefined) report.x_misp_analysis = event.analysis
  if (event.distribution !== undefined) report.x_misp_distribution = event.distribution
  if (event.published !== undefined) report.x_misp_published = event.published

  const list = [report, ...objects.list]
  const tlp = strictestTag(allTags)
  return {
    bundle: { type: 'bundle', id: `bundle--${event.uuid}`, objects: list },
    unmapped: unmapped.list(),
    ...(tlp === undefined ? {} : { tlp }),
    organisationOnly: event.distribution === DISTRIBUTION_ORGANISATION_ONLY,
    counts: {
      attributes: event.Attribute.length + event.Object.reduce((n, o) => n + o.Attribute.length, 0),
      objects: event.Object.length,
      galaxyClusters: clusters,
      stixObjects: list.length
    }
  }
}
