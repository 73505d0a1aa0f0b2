import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The hand-written MISP events of test/misp/fixtures. */
export const FIXTURES = resolve(process.cwd(), 'test/misp/fixtures')

/** The offline OASIS-schema validator shared by the project. */
const VALIDATOR = resolve(process.cwd(), '../shared/tools/validate_stix.py')

/** Reads a fixture as text. */
export async function fixtureText (name: string): Promise<string> {
  return readFile(join(FIXTURES, name), 'utf8')
}

/** Reads a fixture as JSON. */
export async function fixture (name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await fixtureText(name)) as Record<string, unknown>
}

/**
 * Writes each bundle to a temp file and runs `python3 ../shared/tools/validate_stix.py` on them;
 * resolves to its exit code and output (0 = every file valid).
 */
export async function validateWithOasis (bundles: unknown[]): Promise<{ code: number, output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'intelmesh-misp-'))
  try {
    const files = await Promise.all(bundles.map(async (bundle, i) => {
      const file = join(dir, `bundle-${i}.json`)
      await writeFile(file, JSON.stringify(bundle))
      return file
    }))
    return await new Promise(resolve => {
      execFile('python3', [VALIDATOR, ...files], { timeout: 60_000 }, (err, stdout, stderr) => {
        const code = err == null ? 0 : typeof err.code === 'number' ? err.code : 1
        resolve({ code, output: stdout + stderr })
      })
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
