import { readFile } from 'node:fs/promises'
import { DEFAULT_JURISDICTIONS_FILE } from './constants.js'
import { InvalidJurisdictionsError } from './errors.js'
import { parseJurisdictionData } from './jurisdictions.js'
import type { JurisdictionData } from './jurisdictions.js'

/** Reads and checks a jurisdiction data file (default: `config/jurisdictions.json`). */
export async function loadJurisdictionData (path: string | URL = DEFAULT_JURISDICTIONS_FILE): Promise<JurisdictionData> {
  const text = await readFile(path, 'utf8')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new InvalidJurisdictionsError(undefined, `${String(path)} is not valid JSON`, { cause: err })
  }
  return parseJurisdictionData(json)
}
