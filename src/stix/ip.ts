/**
 * IPv4 and IPv6 text forms, parsed by hand (no regular expressions) and
 * printed canonically: dotted decimal without leading zeros, and RFC 5952 for
 * IPv6. A CIDR suffix is kept as a network (host bits cleared); /32 and /128
 * denote one address and are dropped.
 */

const MAX_IPV6_TEXT = 64

function isDigit (c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

/** The four octets of a dotted-decimal IPv4 address (1–3 decimal digits each, leading zeros read as decimal). */
export function parseIpv4 (text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const octets: number[] = []
  for (const part of parts) {
    if (part.length < 1 || part.length > 3) return undefined
    let n = 0
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i)
      if (!isDigit(c)) return undefined
      n = n * 10 + c - 0x30
    }
    if (n > 255) return undefined
    octets.push(n)
  }
  return octets
}

/** The prefix length after `/`, within [0, max], or undefined. */
function parsePrefix (text: string, max: number): number | undefined {
  if (text.length < 1 || text.length > 3) return undefined
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (!isDigit(c)) return undefined
    n = n * 10 + c - 0x30
  }
  return n <= max ? n : undefined
}

/** Clears the bits of `bytes` (big-endian, `width` bits each) past `prefix`. */
function mask (values: number[], width: number, prefix: number): number[] {
  return values.map((value, i) => {
    const keep = Math.min(Math.max(prefix - i * width, 0), width)
    const cleared = width - keep
    return cleared === width ? 0 : (value >>> cleared) << cleared
  })
}

/** Canonical IPv4 address or CIDR network (`10.0.0.0/8`); undefined when not IPv4. */
export function canonicalIpv4 (raw: string): string | undefined {
  const slash = raw.indexOf('/')
  const octets = parseIpv4(slash < 0 ? raw : raw.slice(0, slash))
  if (octets === undefined) return undefined
  if (slash < 0) return octets.join('.')
  const prefix = parsePrefix(raw.slice(slash + 1), 32)
  if (prefix === undefined) return undefined
  if (prefix === 32) return octets.join('.')
  return `${mask(octets, 8, prefix).join('.')}/${prefix}`
}

function hexValue (c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  const lower = c | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1
}

function parseGroups (text: string): number[] | undefined {
  if (text === '') return []
  const groups: number[] = []
  for (const part of text.split(':')) {
    if (part.length < 1 || part.length > 4) return undefined
    let n = 0
    for (let i = 0; i < part.length; i++) {
      const v = hexValue(part.charCodeAt(i))
      if (v < 0) return undefined
      n = n * 16 + v
    }
    groups.push(n)
  }
  return groups
}

/** The eight 16-bit groups of an IPv6 address (compressed, full, or with a trailing dotted IPv4). */
export function parseIpv6 (text: string): number[] | undefined {
  if (text.length < 2 || text.length > MAX_IPV6_TEXT) return undefined
  let body = text
  const tail: number[] = []
  const lastColon = body.lastIndexOf(':')
  if (body.indexOf('.', lastColon) >= 0) {
    const v4 = parseIpv4(body.slice(lastColon + 1))
    if (v4 === undefined || lastColon < 0) return undefined
    tail.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number))
    // Keep a trailing ':' only when it belongs to '::'.
    body = body.slice(0, body.charAt(lastColon - 1) === ':' ? lastColon + 1 : lastColon)
  }
  const gap = body.indexOf('::')
  if (gap >= 0 && body.indexOf('::', gap + 1) >= 0) return undefined
  if (gap < 0) {
    const groups = parseGroups(body)
    if (groups === undefined) return undefined
    const all = [...groups, ...tail]
    return all.length === 8 ? all : undefined
  }
  const head = parseGroups(body.slice(0, gap))
  const rest = parseGroups(body.slice(gap + 2))
  if (head === undefined || rest === undefined) return undefined
  const known = head.length + rest.length + tail.length
  // '::' stands for at least one zero group.
  if (known > 7) return undefined
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail]
}

/** RFC 5952 text of eight groups: lowercase, no leading zeros, the longest run (≥ 2) of zeros as `::`. */
export function formatIpv6 (groups: number[]): string {
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad.
  if (groups.slice(0, 5).every(g => g === 0) && groups[5] === 0xffff) {
    const hi = groups[6] as number
    const lo = groups[7] as number
    return `::ffff:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`
  }
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) { bestStart = i; bestLength = j - i }
    i = j
  }
  const hex = groups.map(g => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

/** Canonical IPv6 address or CIDR network; undefined when not IPv6 (zone ids are refused). */
export function canonicalIpv6 (raw: string): string | undefined {
  const slash = raw.indexOf('/')
  const groups = parseIpv6(slash < 0 ? raw : raw.slice(0, slash))
  if (groups === undefined) return undefined
  if (slash < 0) return formatIpv6(groups)
  const prefix = parsePrefix(raw.slice(slash + 1), 128)
  if (prefix === undefined) return undefined
  if (prefix === 128) return formatIpv6(groups)
  return `${formatIpv6(mask(groups, 16, prefix))}/${prefix}`
}
