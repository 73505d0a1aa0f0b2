import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { SHARED_DATA } from '../api/test-node.js'
import type { ValidateFunction } from 'ajv'

const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv2020) => Ajv2020 }).default ?? addFormatsModule

/** Validates STIX 2.1 objects against the OASIS JSON schemas in ../shared/data/stix2-json-schemas/schemas. */
export interface StixValidator {
  /** Problems of one object (empty when valid), checked by the schema of its type when OASIS has one. */
  object: (object: Record<string, unknown>) => string[]
  /** Problems of a bundle (bundle.json). */
  bundle: (bundle: unknown) => string[]
}

/** Loads every schema file and adds it by its `$id`, so the relative `$ref`s between them resolve. */
export async function loadStixValidator (): Promise<StixValidator> {
  const root = join(SHARED_DATA, 'stix2-json-schemas', 'schemas')
  // The OASIS patterns use escapes (\-) that the unicode flag rejects.
  const ajv = new Ajv2020({ strict: false, allErrors: false, unicodeRegExp: false })
  addFormats(ajv)
  // ajv-formats has no IDN hostnames; a domain-name value only has to be non-blank text here.
  ajv.addFormat('idn-hostname', /^\S+$/)
  const byType = new Map<string, string>()
  let bundleId = ''
  for (const folder of await readdir(root)) {
    for (const file of await readdir(join(root, folder))) {
      if (!file.endsWith('.json')) continue
      const schema = JSON.parse(await readFile(join(root, folder, file), 'utf8')) as { $id: string }
      ajv.addSchema(schema)
      const name = file.replace(/\.json$/, '')
      if (folder !== 'common' || ['marking-definition', 'extension-definition', 'language-content'].includes(name)) byType.set(name, schema.$id)
      if (folder === 'common' && name === 'bundle') bundleId = schema.$id
    }
  }
  const problems = (validate: ValidateFunction | undefined, data: unknown): string[] => {
    if (validate == null || validate(data)) return []
    return (validate.errors ?? []).map(e => `${e.instancePath} ${e.message ?? ''}`)
  }
  return {
    object: object => {
      const id = byType.get(String(object.type))
      return problems(id == null ? undefined : ajv.getSchema(id), object)
    },
    bundle: bundle => problems(ajv.getSchema(bundleId), bundle)
  }
}
