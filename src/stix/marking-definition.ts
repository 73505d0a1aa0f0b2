import { isRecord, problem } from './checks.js'
import { TLP1_IDS, TLP2_EXTENSION_ID, TLP2_IDS, tlp1NameOf, tlp2NameOf } from './tlp-ids.js'
import type { Problem } from './checks.js'

/**
 * A marking-definition: a definition (statement, tlp, or custom) unless an
 * extension defines it, and TLP consistency. TLP ids are matched against
 * their canonical levels both ways, so no bundle can ship an object that
 * reads "TLP:RED" to a human but whose id the node treats as CLEAR (or the
 * reverse).
 */
export function checkMarkingDefinition (o: Record<string, unknown>): Problem | undefined {
  const id = o.id as string
  if ('name' in o && typeof o.name !== 'string') return problem('name', 'must be a string')
  const extensions = isRecord(o.extensions) ? o.extensions : undefined
  if (extensions === undefined || 'definition_type' in o || 'definition' in o) {
    if (typeof o.definition_type !== 'string') return problem('definition_type', 'is required')
    if (!isRecord(o.definition)) return problem('definition', 'is required (an object)')
  }
  if (o.definition_type === 'statement' && typeof (o.definition as Record<string, unknown>).statement !== 'string') {
    return problem('definition.statement', 'is required for a statement marking')
  }
  return checkTlp1(o, id) ?? checkTlp2(extensions, id)
}

function checkTlp1 (o: Record<string, unknown>, id: string): Problem | undefined {
  const canonical = tlp1NameOf(id)
  if (o.definition_type !== 'tlp') {
    return canonical === undefined ? undefined : problem('definition_type', `must be "tlp" for the TLP:${canonical.toUpperCase()} id`)
  }
  const level = (o.definition as Record<string, unknown>).tlp
  if (typeof level !== 'string' || TLP1_IDS[level] === undefined) return problem('definition.tlp', 'must be white, green, amber or red')
  if (TLP1_IDS[level] !== id) return problem('id', `must be the predefined id of TLP:${level.toUpperCase()}`)
  return undefined
}

function checkTlp2 (extensions: Record<string, unknown> | undefined, id: string): Problem | undefined {
  const canonical = tlp2NameOf(id)
  const extension = extensions?.[TLP2_EXTENSION_ID]
  if (extension === undefined) {
    return canonical === undefined ? undefined : problem(`extensions.${TLP2_EXTENSION_ID}`, `is required for the TLP:${canonical.toUpperCase()} id`)
  }
  const field = `extensions.${TLP2_EXTENSION_ID}.tlp_2_0`
  const level = isRecord(extension) ? extension.tlp_2_0 : undefined
  if (typeof level !== 'string' || TLP2_IDS[level] === undefined) return problem(field, 'must be clear, green, amber, amber+strict or red')
  if (TLP2_IDS[level] !== id) return problem('id', `must be the TLP 2.0 id of TLP:${level.toUpperCase()}`)
  return undefined
}
