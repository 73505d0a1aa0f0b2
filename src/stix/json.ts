import { MAX_DEPTH, MAX_INPUT_LENGTH, PRESCAN_LENGTH } from './constants.js'
import { StixJsonError, StixLimitError } from './errors.js'

// Module-level and stateless between calls: `fatal` makes malformed UTF-8 an error, not U+FFFD.
const UTF8 = new TextDecoder('utf-8', { fatal: true })

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_ARRAY = 0x5b
const OPEN_OBJECT = 0x7b
const CLOSE_ARRAY = 0x5d
const CLOSE_OBJECT = 0x7d

/** Index just past the string literal whose opening quote is at `start`, or -1 when unterminated. */
function skipString (text: string, start: number): number {
  let i = start + 1
  for (;;) {
    const quote = text.indexOf('"', i)
    if (quote < 0) return -1
    let slashes = 0
    for (let j = quote - 1; text.charCodeAt(j) === BACKSLASH; j--) slashes++
    if (slashes % 2 === 0) return quote + 1
    i = quote + 1
  }
}

/**
 * Throws StixLimitError when arrays/objects nest deeper than `maxDepth`.
 * Linear, stops at the first excess; the text is not otherwise checked here
 * (JSON.parse does that next).
 */
export function assertJsonDepth (text: string, maxDepth: number): void {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const end = skipString(text, i)
      if (end < 0) return
      i = end - 1
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) {
        throw new StixLimitError('depth', maxDepth, `bundle: JSON nests deeper than ${maxDepth} levels`)
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--
    }
  }
}

/** Decodes (UTF-8) and parses JSON text within the length limit (and, for long texts, the depth limit). */
export function parseJsonText (input: string | Uint8Array, maxLength = MAX_INPUT_LENGTH, maxDepth = MAX_DEPTH): unknown {
  if (input.length > maxLength) {
    throw new StixLimitError('length', maxLength, `bundle: input of ${input.length} exceeds the limit of ${maxLength}`)
  }
  let text: string
  if (typeof input === 'string') {
    text = input
  } else {
    try {
      text = UTF8.decode(input)
    } catch (err) {
      throw new StixJsonError('bundle: input is not valid UTF-8', { cause: err })
    }
  }
  if (text.length >= PRESCAN_LENGTH) assertJsonDepth(text, maxDepth)
  try {
    return JSON.parse(text)
  } catch (err) {
    // V8's message quotes a snippet of the input, which may be intel: keep only the position.
    throw new StixJsonError(`bundle: input is not valid JSON${jsonErrorPlace(err)}`)
  }
}

/** ` at position N` / ` (unexpected end)` from a JSON.parse error, without any input text. */
function jsonErrorPlace (err: unknown): string {
  const message = err instanceof Error ? err.message : ''
  const at = message.indexOf('at position ')
  if (at >= 0) {
    const n = Number.parseInt(message.slice(at + 12), 10)
    if (Number.isSafeInteger(n)) return ` at position ${n}`
  }
  return message.includes('end of JSON') ? ' (unexpected end of input)' : ''
}
