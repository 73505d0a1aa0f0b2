import { UsageError } from './errors.js'

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/** `30d`, `12h`, `90m`, `45s`, `2w` -> milliseconds; anything else is a UsageError naming the option. */
export function parseDuration (text: string, option = 'expires'): number {
  const m = /^(\d{1,6})([smhdw])$/.exec(text.trim())
  const unit = m == null ? undefined : UNIT_MS[m[2] ?? '']
  if (m == null || unit == null || Number(m[1]) === 0) {
    throw new UsageError(`--${option} must be a positive duration such as 30d, 12h or 90m, got "${text}"`)
  }
  return Number(m[1]) * unit
}
