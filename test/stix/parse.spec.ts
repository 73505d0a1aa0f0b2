import { expect } from 'chai'
import { InvalidStixError, StixJsonError, StixLimitError, parseStixBundle } from '../../src/stix/index.js'
import { bundle } from './helpers.js'
import { sample } from './samples.js'

function thrown (fn: () => unknown): Error {
  try {
    fn()
  } catch (err) {
    return err as Error
  }
  expect.fail('did not throw')
}

describe('stix - parse', () => {
  const valid = bundle(sample('identity'), sample('indicator'))
  const text = JSON.stringify(valid)

  it('accepts JSON text, UTF-8 bytes and a parsed value alike', () => {
    const fromText = parseStixBundle(text)
    const fromBytes = parseStixBundle(new TextEncoder().encode(text))
    const fromValue = parseStixBundle(valid)
    expect(fromText).to.deep.equal(valid)
    expect(fromBytes).to.deep.equal(valid)
    expect(fromValue).to.equal(valid)
    expect(fromText.objects.map(o => o.type)).to.deep.equal(['identity', 'indicator'])
  })

  it('accepts a UTF-8 byte order mark on bytes', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])
    expect(parseStixBundle(bytes).id).to.equal(valid.id)
  })

  it('rejects malformed JSON with STIX_BAD_JSON and without quoting the input', () => {
    for (const bad of ['{"type": "bundle", "id": ', '{secret-intel-value}', '', 'null garbage']) {
      const err = thrown(() => parseStixBundle(bad))
      expect(err, bad).to.be.instanceOf(StixJsonError)
      expect((err as StixJsonError).code).to.equal('STIX_BAD_JSON')
      expect(err.message).to.not.include('secret')
    }
    expect(thrown(() => parseStixBundle('{secret-intel-value}')).message).to.match(/position \d+/)
  })

  it('rejects bytes that are not UTF-8', () => {
    const err = thrown(() => parseStixBundle(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))
    expect((err as StixJsonError).code).to.equal('STIX_BAD_JSON')
  })

  it('rejects JSON that is not a bundle object', () => {
    for (const value of ['[]', '"bundle"', '42', 'null']) {
      const err = thrown(() => parseStixBundle(value))
      expect(err, value).to.be.instanceOf(InvalidStixError)
      expect((err as InvalidStixError).code).to.equal('STIX_INVALID')
    }
  })

  it('rejects input longer than maxLength before parsing', () => {
    const err = thrown(() => parseStixBundle(text, { maxLength: text.length - 1 }))
    expect(err).to.be.instanceOf(StixLimitError)
    expect((err as StixLimitError).code).to.equal('STIX_TOO_LARGE')
    expect((err as StixLimitError).limit).to.equal('length')
    expect(parseStixBundle(text, { maxLength: text.length }).id).to.equal(valid.id)
  })

  it('rejects nesting deeper than maxDepth in text, cheaply, even when huge', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000)
    const started = performance.now()
    const err = thrown(() => parseStixBundle(deep))
    expect(performance.now() - started).to.be.below(200)
    expect(err).to.be.instanceOf(StixLimitError)
    expect((err as StixLimitError).limit).to.equal('depth')
  })

  it('counts only brackets outside strings toward depth, in long texts and parsed values alike', () => {
    const padding = 'x'.repeat(20_000)
    const tricky = sample('indicator', { description: '[[[[{{{{"\\"[[[['.repeat(20) + padding })
    expect(parseStixBundle(JSON.stringify(bundle(tricky)), { maxDepth: 5 }).objects).to.have.length(1)
    const nested = sample('indicator', { x_a: { b: { c: { d: 1 } } }, x_padding: padding })
    for (const input of [JSON.stringify(bundle(nested)), JSON.stringify(bundle({ ...nested, x_padding: undefined })), bundle(nested)]) {
      const err = thrown(() => parseStixBundle(input, { maxDepth: 5 }))
      expect(err).to.be.instanceOf(StixLimitError)
      expect((err as StixLimitError).limit).to.equal('depth')
    }
    expect(thrown(() => parseStixBundle(bundle(nested), { maxDepth: 5 })).message).to.include('x_a.b.c')
  })

  it('bounds the depth of an already parsed value, cycles included', () => {
    const cyclic: Record<string, unknown> = sample('indicator')
    cyclic.x_self = cyclic
    const err = thrown(() => parseStixBundle(bundle(cyclic)))
    expect(err).to.be.instanceOf(StixLimitError)
    expect(err.message).to.match(/"x_self(\.x_self)+"/)
  })

  it('rejects values JSON cannot carry in a parsed value', () => {
    for (const bad of [undefined, Number.NaN, Infinity, () => 1, new Date(0), 10n]) {
      const err = thrown(() => parseStixBundle(bundle(sample('indicator', { x_acme: [bad] }))))
      expect((err as InvalidStixError).field, String(bad)).to.equal('x_acme[0]')
    }
  })

  it('rejects more objects than maxObjects', () => {
    const err = thrown(() => parseStixBundle(bundle(sample('identity'), sample('indicator')), { maxObjects: 1 }))
    expect(err).to.be.instanceOf(StixLimitError)
    expect((err as StixLimitError).limit).to.equal('objects')
  })
})
