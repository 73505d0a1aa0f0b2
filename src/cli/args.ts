import { parseArgs } from 'node:util'
import { UsageError } from './errors.js'
import type { ParseArgsOptionsConfig } from 'node:util'

/** The data folder when `--data` is not given. */
export const DEFAULT_DATA_DIR = './.intelmesh'

/** Options every command takes. */
export const COMMON_OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const satisfies ParseArgsOptionsConfig

/** Parsed options, read through the typed accessors below. */
export interface Parsed {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>
  positionals: string[]
  dataDir: string
  json: boolean
  help: boolean
}

/** Parses a command's arguments strictly; a parse error is a UsageError (exit 2). */
export function parse (args: string[], options: ParseArgsOptionsConfig, positionals: { min: number, max: number }): Parsed {
  let result
  try {
    result = parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const values = result.values as Parsed['values']
  const help = values.help === true
  if (!help && result.positionals.length < positionals.min) throw new UsageError('missing argument')
  if (result.positionals.length > positionals.max) throw new UsageError(`unexpected argument "${result.positionals[positionals.max] ?? ''}"`)
  return {
    values,
    positionals: result.positionals,
    dataDir: typeof values.data === 'string' ? values.data : DEFAULT_DATA_DIR,
    json: values.json === true,
    help
  }
}

/** A string option, or undefined. */
export function optString (parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name]
  return typeof value === 'string' ? value : undefined
}

/** A required string option. */
export function reqString (parsed: Parsed, name: string): string {
  const value = optString(parsed, name)
  if (value == null || value === '') throw new UsageError(`--${name} is required`)
  return value
}

/** A repeatable string option as a list (empty when absent). */
export function list (parsed: Parsed, name: string): string[] {
  const value = parsed.values[name]
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' ? [value] : []
}

/** A boolean flag. */
export function flag (parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true
}

/** A non-negative integer option, or undefined. */
export function optInteger (parsed: Parsed, name: string): number | undefined {
  const value = optString(parsed, name)
  if (value == null) return undefined
  if (!/^\d{1,15}$/.test(value)) throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`)
  return Number(value)
}

/** The positional argument at `index` (present: `parse` checked the count). */
export function positional (parsed: Parsed, index: number): string {
  return parsed.positionals[index] ?? ''
}
