import { InvalidStixError } from './errors.js'
import { parseJsonText } from './json.js'
import { validateBundle } from './validate.js'
import type { ParseOptions, StixBundle } from './types.js'

/**
 * Parses and validates a STIX 2.1 bundle. `input` is JSON text, UTF-8 bytes,
 * or an already parsed value (checked the same way, including depth).
 * Throws StixJsonError (STIX_BAD_JSON), StixLimitError (STIX_TOO_LARGE) or
 * InvalidStixError (STIX_INVALID, naming the object and the field).
 */
export function parseStixBundle (input: string | Uint8Array | unknown, options: ParseOptions = {}): StixBundle {
  const value = typeof input === 'string' || input instanceof Uint8Array
    ? parseJsonText(input, options.maxLength, options.maxDepth)
    : input
  const issues = validateBundle(value, options)
  if (issues.length > 0) throw new InvalidStixError(issues)
  return value as StixBundle
}
