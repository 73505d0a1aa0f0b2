import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'chai'
import { InvalidStixError, parseStixBundle } from '../../src/stix/index.js'
import { CORPUS, SHARED_DATA, corpusFiles, readCorpus } from './helpers.js'

interface FixtureEntry {
  verdict: 'valid' | 'invalid'
  reason?: string
  flagged?: Array<{ objectId: string, fields: string[] }>
  ours?: 'valid' | 'invalid'
  expect?: { objectId: string, field: string }
  divergence?: string
  note?: string
}

const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/corpus-verdicts.json', import.meta.url), 'utf8')) as {
  command: string
  files: Record<string, FixtureEntry>
}

/** Our verdict on one file: undefined when valid, else the error. */
function ours (rel: string): InvalidStixError | undefined {
  try {
    parseStixBundle(readCorpus(rel))
    return undefined
  } catch (err) {
    if (err instanceof InvalidStixError) return err
    throw err
  }
}

/** Top-level property of a field path: `external_references[0].external_id` → `external_references`. */
function topField (field: string): string {
  const cut = field.search(/[.[]/)
  return cut < 0 ? field : field.slice(0, cut)
}

function hasPython (): boolean {
  const probe = spawnSync('python3', ['-c', 'import jsonschema, referencing'], { encoding: 'utf8' })
  return probe.status === 0
}

describe('stix - corpus verdicts', () => {
  it('the fixture covers exactly the files of the corpus', () => {
    expect(Object.keys(FIXTURE.files).sort()).to.deep.equal(corpusFiles())
  })

  it('every file under schema-invalid/ is invalid in the fixture, every other file valid', () => {
    for (const [rel, entry] of Object.entries(FIXTURE.files)) {
      expect(entry.verdict, rel).to.equal(rel.includes('/schema-invalid/') ? 'invalid' : 'valid')
    }
  })

  for (const rel of corpusFiles()) {
    const entry = FIXTURE.files[rel] as FixtureEntry
    const expected = entry.ours ?? entry.verdict

    it(`${rel}: ${expected}${entry.ours === undefined ? ' (as the OASIS schemas)' : ' (documented divergence)'}`, () => {
      const err = ours(rel)
      if (expected === 'valid') {
        expect(err?.message, rel).to.equal(undefined)
        return
      }
      expect(err, rel).to.be.instanceOf(InvalidStixError)
      const error = err as InvalidStixError
      expect(error.code).to.equal('STIX_INVALID')
      expect(error.objectId, 'first issue names an object').to.be.a('string')
      expect(error.field, 'first issue names a field').to.be.a('string').and.not.equal('')
      if (entry.expect !== undefined) {
        const hit = error.issues.find(i => i.objectId === entry.expect?.objectId)
        expect(hit?.field, `${rel}: ${entry.divergence ?? entry.note ?? ''}`).to.equal(entry.expect.field)
      }
      // Every object the schema validator flags, we flag too, on one of the fields it names.
      for (const flagged of entry.flagged ?? []) {
        const hit = error.issues.find(i => i.objectId === flagged.objectId)
        expect(hit, `${rel}: ${flagged.objectId} should be flagged`).to.not.equal(undefined)
        if (flagged.fields.length > 0) expect(flagged.fields, `${rel}: ${flagged.objectId}`).to.include(topField(hit?.field ?? ''))
        else expect(entry.note, `${rel}: a flag without a field must be explained`).to.be.a('string')
      }
    })
  }

  it('the one divergence is explained and is a conflicting duplicate the schemas cannot see', () => {
    const divergent = Object.entries(FIXTURE.files).filter(([, e]) => e.ours !== undefined && e.ours !== e.verdict)
    expect(divergent.map(([rel]) => rel)).to.deep.equal(['oasis-common-objects/incident-sample-infrastructure.WRAPPED.json'])
    const [rel, entry] = divergent[0] as [string, FixtureEntry]
    expect(entry.divergence).to.match(/3\.6/)
    const error = ours(rel) as InvalidStixError
    expect(error.issues).to.have.length(1)
    expect(error.objectId).to.equal('relationship--fd3aa181-2ad6-4822-821d-b7e4dd42c19d')
    expect(error.field).to.equal('id')
    expect(error.index).to.equal(7)
  })

  it('flags windows-hook "win-hook-type" in file-and-directory.json (hyphen in a property name), which the schema pattern lets through', () => {
    const error = ours('oasis-stix-elevator-idioms/schema-invalid/file-and-directory.json') as InvalidStixError
    const hit = error.issues.find(i => i.objectId?.startsWith('windows-hook--'))
    expect(hit?.field).to.equal('win-hook-type')
  })

  const python = hasPython()
  const title = 'the OASIS validator still agrees with the fixture' +
    (python ? '' : ' (SKIPPED: python3 -c "import jsonschema, referencing" fails here)')
  it(title, function () {
    if (!python) this.skip()
    this.timeout(120_000)
    const sample = [
      'oasis-cti-documentation/poisonivy.json',
      'oasis-common-objects/incident-sample-infrastructure.WRAPPED.json',
      'oasis-stix-elevator-idioms/custom_object.json',
      'oasis-stix-elevator-idioms/schema-invalid/issue-162.json',
      'oasis-stix-elevator-idioms/schema-invalid/network-socket-observable.json'
    ]
    const validator = join(SHARED_DATA, '..', 'tools', 'validate_stix.py')
    for (const rel of sample) {
      const run = spawnSync('python3', [validator, join(CORPUS, rel)], { encoding: 'utf8' })
      const verdict = run.stdout.startsWith('VALID') ? 'valid' : run.stdout.startsWith('INVALID') ? 'invalid' : `error: ${run.stderr}`
      expect(verdict, rel).to.equal(FIXTURE.files[rel]?.verdict)
      const entry = FIXTURE.files[rel] as FixtureEntry
      if (entry.reason !== undefined) expect(run.stdout, rel).to.include(entry.reason)
    }
  })
})
