import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

/** The shared data folder (tests run from the repo root). */
export const SHARED_DATA = resolve(process.cwd(), '../shared/data')

/** The STIX corpus folder. */
export const CORPUS = join(SHARED_DATA, 'stix-corpus')

/** Every *.json file of the corpus, relative to it, sorted. */
export function corpusFiles (dir = CORPUS): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...corpusFiles(path))
    else if (name.endsWith('.json')) out.push(relative(CORPUS, path))
  }
  return out.sort()
}

/** The bytes of one corpus file. */
export function readCorpus (rel: string): Uint8Array {
  return readFileSync(join(CORPUS, rel))
}

/** Fixed ids for hand-built bundles. */
export const IDS = {
  bundle: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
  indicator: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  malware: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b',
  identity: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
  relationship: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
  report: 'report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3',
  ipv4: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
  file: 'file--9432f4c7-8cd0-5e0b-8b0b-4c2e2a3f6a8e'
}

/** A valid indicator (TLP-free), to be varied per test case. */
export function indicator (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: IDS.indicator,
    created: '2016-04-06T20:03:48.000Z',
    modified: '2016-04-06T20:03:48.000Z',
    indicator_types: ['malicious-activity'],
    name: 'C2 address',
    pattern: "[ipv4-addr:value = '198.51.100.3']",
    pattern_type: 'stix',
    valid_from: '2016-01-01T00:00:00Z',
    ...overrides
  }
}

/** A bundle of the given objects. */
export function bundle (...objects: unknown[]): Record<string, unknown> {
  return { type: 'bundle', id: IDS.bundle, objects }
}

/** Deletes `field` from a copy of `object`. */
export function without (object: Record<string, unknown>, field: string): Record<string, unknown> {
  const copy = { ...object }
  delete copy[field]
  return copy
}
