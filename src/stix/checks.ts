/** Small shared predicates and the per-object problem shape used by the validators. */

/** What is wrong with one object: the field path and a short reason. */
export interface Problem {
  field: string
  reason: string
}

/** Shorthand constructor of a Problem. */
export function problem (field: string, reason: string): Problem {
  return { field, reason }
}

/** A JSON object (not an array, not null). */
export function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A non-empty array of strings. */
export function isStringList (value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every(item => typeof item === 'string')
}

/** An integer within [min, max]. */
export function isIntegerIn (value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

/** The value types a required property can be checked for. */
export type Expect = 'string' | 'boolean' | 'integer' | 'timestamp' | 'strings' | 'identifiers' | 'object' | 'any'

/** Required properties of one object type, with the value type each must have. */
export type RequiredTable = Readonly<Record<string, ReadonlyArray<readonly [string, Expect]>>>
