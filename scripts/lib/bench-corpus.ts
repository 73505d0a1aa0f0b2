// Benchmark bundles drawn from the shared STIX corpus: the 2 KiB-class files
// become templates, and every generated bundle gets its own bundle id and
// object ids (same structure, same observables, unique identity), so no two
// publications are the same bundle and every one is valid STIX 2.1.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { assertPolicyCoversMarkings, parseStixBundle } from '../../src/stix/index.js'
import type { Tlp } from '../../src/policy/types.js'

/** Where the corpus lives: ../shared/data from the repo root (the cwd of npm scripts). */
export const CORPUS_DIR = resolve(process.cwd(), '../shared/data/stix-corpus')

/** Compact JSON size range (bytes) of a "2 KiB-class" template. */
export const TEMPLATE_MIN_BYTES = 1024
export const TEMPLATE_MAX_BYTES = 3072

/** The TLP every benchmark bundle is published under (templates with stricter markings are skipped). */
export const BENCH_TLP: Tlp = 'GREEN'

/** The policy of every benchmark publication: BENCH_TLP to every active member. */
export const BENCH_POLICY = { tlp: BENCH_TLP, allow: [], deny: [], groups: [], members: [], authorities: true, personalData: false }

/** Ids of shared definitions (TLP markings, extension definitions) stay as they are: they are referenced, not owned. */
const SHARED_ID_TYPES = new Set(['marking-definition', 'extension-definition'])
const ID_PATTERN = /\b([a-z0-9-]+)--([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g

/** One corpus file used as a template. */
export interface Template {
  file: string
  json: string
}

/** A deterministic v4-shaped UUID from a seed. */
function seededUuid (seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

function jsonFiles (dir: string): string[] {
  const found: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    // schema-invalid/ holds negative test material, not intel anyone would publish
    if (statSync(path).isDirectory()) {
      if (name !== 'schema-invalid') found.push(...jsonFiles(path))
    } else if (name.endsWith('.json')) {
      found.push(path)
    }
  }
  return found.sort()
}

/** The corpus files that parse, fit the size class and may go out under BENCH_TLP. */
export function loadTemplates (dir = CORPUS_DIR): Template[] {
  const templates: Template[] = []
  for (const path of jsonFiles(dir)) {
    const json = JSON.stringify(JSON.parse(readFileSync(path, 'utf8')))
    if (json.length < TEMPLATE_MIN_BYTES || json.length > TEMPLATE_MAX_BYTES) continue
    try {
      assertPolicyCoversMarkings(BENCH_TLP, parseStixBundle(json))
    } catch {
      continue
    }
    templates.push({ file: relative(dir, path), json })
  }
  if (templates.length === 0) throw new Error(`bench: no 2 KiB-class STIX templates found under ${dir}`)
  return templates
}

/** Bundle `n` of series `label`: template n mod count, with every owned id made unique to (label, n). */
export function makeBundle (templates: readonly Template[], label: string, n: number): string {
  const template = templates[n % templates.length]!
  return template.json.replace(ID_PATTERN, (whole, type: string, uuid: string) =>
    SHARED_ID_TYPES.has(type) ? whole : `${type}--${seededUuid(`${label}/${n}/${uuid}`)}`)
}

/** Mean compact JSON size of the templates, in bytes. */
export function meanTemplateBytes (templates: readonly Template[]): number {
  return Math.round(templates.reduce((sum, t) => sum + t.json.length, 0) / templates.length)
}
