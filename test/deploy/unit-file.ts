// Readers of the deployment files for their tests: a systemd unit's
// directives, a Containerfile's instructions, the production dependency set.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** The repository root (tests run from it, as npm test does). */
export const REPO = resolve(process.cwd())

/** Directives of a systemd unit by section, each key with every value it is given (in order). */
export function readUnit (path: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>()
  let current: Map<string, string[]> | undefined
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const section = /^\[(.+)\]$/.exec(line)
    if (section != null) {
      current = new Map()
      sections.set(section[1]!, current)
      continue
    }
    const eq = line.indexOf('=')
    if (current == null || eq < 0) throw new Error(`${path}: not a directive: ${line}`)
    const key = line.slice(0, eq).trim()
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1).trim()])
  }
  return sections
}

/** One Containerfile instruction: its keyword, its arguments, and the stage (0-based) it belongs to. */
export interface Instruction { keyword: string, args: string, stage: number }

/** The instructions of a Containerfile, continuation lines joined, comments dropped. */
export function readContainerfile (path: string): Instruction[] {
  const out: Instruction[] = []
  let stage = -1
  let pending = ''
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim()
    if (pending === '' && (line === '' || line.startsWith('#'))) continue
    if (line.startsWith('#')) continue // a comment inside a continued instruction
    if (line.endsWith('\\')) { pending += `${line.slice(0, -1)} `; continue }
    const whole = (pending + line).trim()
    pending = ''
    if (whole === '') continue
    const space = whole.search(/\s/)
    const keyword = (space < 0 ? whole : whole.slice(0, space)).toUpperCase()
    if (keyword === 'FROM') stage++
    out.push({ keyword, args: space < 0 ? '' : whole.slice(space + 1).trim(), stage })
  }
  return out
}

/**
 * Bare package names a file imports as values (import/export ... from, side-effect
 * imports, dynamic import()); `import type` is erased before run time and left out.
 */
export function valueImports (source: string): string[] {
  const names = new Set<string>()
  const patterns = [
    /^(?:import|export)\s+(type\s+)?[\s\S]*?\sfrom\s+'([^']+)'/gm,
    /^import\s+()'([^']+)'/gm,
    /\bimport\(()\s*'([^']+)'\s*\)/g
  ]
  for (const pattern of patterns) {
    for (const m of source.matchAll(pattern)) {
      const specifier = m[2]!
      if (m[1] != null && m[1] !== '') continue
      if (specifier.startsWith('.') || specifier.startsWith('node:')) continue
      const parts = specifier.split('/')
      names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!)
    }
  }
  return [...names].sort()
}
