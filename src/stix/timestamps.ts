/**
 * STIX timestamps: RFC 3339 in UTC with a literal `Z`, optional fractional
 * seconds (`2016-05-12T08:17:27.000Z`). Parsed by position, not with Date:
 * Date accepts many other forms and cannot represent a leap second.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function digits (value: string, from: number, count: number): number | undefined {
  let n = 0
  for (let i = from; i < from + count; i++) {
    const c = value.charCodeAt(i) - 0x30
    if (c < 0 || c > 9) return undefined
    n = n * 10 + c
  }
  return n
}

function isLeapYear (year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** The number of fractional-second digits of a valid STIX timestamp, or -1 when invalid. */
export function fractionDigits (value: unknown): number {
  if (typeof value !== 'string' || value.length < 20 || value.charCodeAt(value.length - 1) !== 0x5a) return -1
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':' || value[16] !== ':') return -1
  const year = digits(value, 0, 4)
  const month = digits(value, 5, 2)
  const day = digits(value, 8, 2)
  const hour = digits(value, 11, 2)
  const minute = digits(value, 14, 2)
  const second = digits(value, 17, 2)
  if (year === undefined || month === undefined || day === undefined ||
      hour === undefined || minute === undefined || second === undefined) return -1
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return -1
  const maxDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1] ?? 0
  if (day < 1 || day > maxDay) return -1
  // UTC leap seconds are only ever inserted as 23:59:60.
  if (second === 60 && (hour !== 23 || minute !== 59)) return -1
  if (value.length === 20) return 0
  if (value[19] !== '.' || value.length === 21) return -1
  return allDigits(value, 20, value.length - 1) ? value.length - 21 : -1
}

function allDigits (value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }
  return true
}

/** True for a valid STIX timestamp. */
export function isStixTimestamp (value: unknown): value is string {
  return fractionDigits(value) >= 0
}

/** True for a valid STIX timestamp with at least millisecond precision (required of `created`/`modified`). */
export function isMillisecondTimestamp (value: unknown): value is string {
  return fractionDigits(value) >= 3
}

/**
 * Compares two valid STIX timestamps: negative, zero or positive. The fixed
 * layout makes the date-time part comparable as text; fractions are compared
 * as decimals of any length (`.1` = `.100`).
 */
export function compareTimestamps (a: string, b: string): number {
  const ha = a.slice(0, 19)
  const hb = b.slice(0, 19)
  if (ha !== hb) return ha < hb ? -1 : 1
  const fa = a.length > 20 ? a.slice(20, -1) : ''
  const fb = b.length > 20 ? b.slice(20, -1) : ''
  const width = Math.max(fa.length, fb.length)
  const pa = fa.padEnd(width, '0')
  const pb = fb.padEnd(width, '0')
  return pa < pb ? -1 : pa > pb ? 1 : 0
}
