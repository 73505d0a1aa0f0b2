/** Lays rows out in columns aligned to the widest cell, headers first. */
export function table (headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)))
  const line = (cells: string[]): string => cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()
  return [line(headers), ...rows.map(line)].join('\n')
}

/** Key/value lines with the keys aligned. */
export function fields (pairs: Array<[string, string]>): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length))
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width + 1)}  ${v}`).join('\n')
}

/** ms since epoch -> ISO text; 0 -> "never". */
export function time (ms: number | undefined): string {
  return ms == null || ms === 0 ? 'never' : new Date(ms).toISOString()
}
