import { expect } from 'chai'
import fc from 'fast-check'
import { IntelmeshError } from '../../src/errors.js'
import {
  extractObservables, findEqualityComparisons, normalizeObservable, parseStixBundle, strictestMarking, summarizeBundle
} from '../../src/stix/index.js'
import { bundle } from './helpers.js'
import { SAMPLES } from './samples.js'

/** Parses, and on success runs every consumer; only intelmesh errors may escape. */
function exercise (input: unknown): void {
  try {
    const b = parseStixBundle(input)
    extractObservables(b)
    strictestMarking(b)
    summarizeBundle(b)
  } catch (err) {
    if (!(err instanceof IntelmeshError)) throw err
  }
}

describe('stix - robustness', () => {
  it('throws only typed errors on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), value => exercise(value)), { numRuns: 500 })
  })

  it('throws only typed errors on arbitrary text and bytes', () => {
    fc.assert(fc.property(fc.string(), text => exercise(text)), { numRuns: 500 })
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), bytes => exercise(bytes)), { numRuns: 300 })
  })

  it('throws only typed errors when any property of a valid object is replaced by any JSON value', () => {
    const types = Object.keys(SAMPLES)
    fc.assert(fc.property(
      fc.constantFrom(...types),
      fc.string({ minLength: 1, maxLength: 30 }),
      fc.jsonValue({ maxDepth: 4 }),
      fc.boolean(),
      (type, key, value, existing) => {
        const object: Record<string, unknown> = structuredClone(SAMPLES[type] as Record<string, unknown>)
        const keys = Object.keys(object)
        const target = existing ? keys[key.length % keys.length] as string : key
        object[target] = value
        exercise(bundle(object))
        exercise(JSON.stringify(bundle(object)))
      }
    ), { numRuns: 1000 })
  })

  it('scans arbitrary patterns and normalises arbitrary strings without throwing', () => {
    const patternish = fc.stringMatching(/^[[\]() a-z0-9:.'=\\*A-Z_-]{0,80}$/)
    fc.assert(fc.property(fc.oneof(fc.string(), patternish), text => {
      expect(findEqualityComparisons(text)).to.be.an('array')
    }), { numRuns: 1000 })
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.ipV4(), fc.ipV6(), fc.domain(), fc.webUrl(), fc.emailAddress()), text => {
      const found = normalizeObservable(text)
      if (found !== undefined) expect(normalizeObservable(found.value)).to.deep.equal(found)
    }), { numRuns: 2000 })
  })
})
