/**
 * A tokenizer for STIX patterning (STIX 2.1 §9) that is just enough to find
 * simple equality comparisons (`[ipv4-addr:value = '198.51.100.3']`) wherever
 * they sit in AND/OR/FOLLOWEDBY expressions and qualifiers. It is linear,
 * uses no regular expressions and no recursion; anything it does not
 * recognise makes the whole pattern "not safely parseable" (no comparisons),
 * never an error.
 */

/** One `<object path> = '<string>'` comparison found in a pattern. */
export interface Comparison {
  /** Object type before the colon, e.g. `file`. */
  objectType: string
  /** Path steps after the colon: names (quotes removed) and `[*]` for any list index. */
  steps: string[]
  /** The string literal, unescaped. */
  value: string
}

type Token =
  | { t: 'path', objectType: string, steps: string[] }
  | { t: 'string', value: string }
  | { t: 'word', value: string }
  | { t: 'op', value: string }
  | { t: 'punct', value: string }
  | { t: 'other' }

/** Deepest bracket/parenthesis nesting accepted. */
const MAX_NESTING = 64

function isWordStart (c: number): boolean {
  const lower = c | 0x20
  return (lower >= 0x61 && lower <= 0x7a) || c === 0x5f
}

function isWordChar (c: number): boolean {
  return isWordStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d
}

function isDigit (c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

class Scanner {
  i = 0
  constructor (readonly text: string) {}

  /** Reads `'…'` at the cursor: `\'` and `\\` are the only escapes of STIX patterning. */
  quoted (): string | undefined {
    let out = ''
    for (this.i++; this.i < this.text.length; this.i++) {
      const c = this.text[this.i]
      if (c === '\'') { this.i++; return out }
      if (c === '\\') {
        const next = this.text[++this.i]
        if (next !== '\'' && next !== '\\') return undefined
        out += next
      } else {
        out += c
      }
    }
    return undefined
  }

  word (): string {
    const start = this.i
    while (this.i < this.text.length && isWordChar(this.text.charCodeAt(this.i))) this.i++
    return this.text.slice(start, this.i)
  }

  /** After `type:`, reads `name`, `.name`, `.'quoted'`, `[n]`, `[*]` steps. */
  pathSteps (): string[] | undefined {
    const steps: string[] = []
    let expectName = true
    while (this.i < this.text.length) {
      const c = this.text[this.i]
      if (expectName) {
        const step = c === '\'' ? this.quoted() : (isWordStart(this.text.charCodeAt(this.i)) ? this.word() : undefined)
        if (step === undefined || step === '') return undefined
        steps.push(step)
        expectName = false
      } else if (c === '.') {
        this.i++
        expectName = true
      } else if (c === '[') {
        const close = this.text.indexOf(']', this.i)
        const index = close < 0 ? '' : this.text.slice(this.i + 1, close)
        if (index !== '*' && !(index.length > 0 && [...index].every(ch => isDigit(ch.charCodeAt(0))))) return undefined
        steps.push('[*]')
        this.i = close + 1
      } else {
        break
      }
    }
    return expectName ? undefined : steps
  }

  next (): Token | undefined {
    const c = this.text[this.i] as string
    if ('[]()'.includes(c) || c === ',') { this.i++; return { t: 'punct', value: c } }
    if (c === '\'') {
      const value = this.quoted()
      return value === undefined ? undefined : { t: 'string', value }
    }
    if (c === '=' || c === '<' || c === '>' || c === '!') {
      const two = this.text.slice(this.i, this.i + 2)
      const op = two === '!=' || two === '<>' || two === '<=' || two === '>=' ? two : c
      if (op === '!') return undefined
      this.i += op.length
      return { t: 'op', value: op }
    }
    const code = this.text.charCodeAt(this.i)
    if (isDigit(code) || c === '-' || c === '+') {
      this.i++
      while (this.i < this.text.length && (isDigit(this.text.charCodeAt(this.i)) || this.text[this.i] === '.')) this.i++
      return { t: 'other' }
    }
    if (!isWordStart(code)) return undefined
    const word = this.word()
    if (this.text[this.i] === '\'' && (word === 'h' || word === 'b' || word === 't')) {
      // Hex, binary and timestamp literals are never indexed values.
      return this.quoted() === undefined ? undefined : { t: 'other' }
    }
    if (this.text[this.i] !== ':') return { t: 'word', value: word }
    this.i++
    const steps = this.pathSteps()
    return steps === undefined ? undefined : { t: 'path', objectType: word, steps }
  }
}

function tokenize (text: string): Token[] | undefined {
  const scanner = new Scanner(text)
  const tokens: Token[] = []
  let depth = 0
  while (scanner.i < text.length) {
    const c = text.charCodeAt(scanner.i)
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) { scanner.i++; continue }
    const token = scanner.next()
    if (token === undefined) return undefined
    if (token.t === 'punct' && (token.value === '[' || token.value === '(')) {
      if (++depth > MAX_NESTING) return undefined
    } else if (token.t === 'punct' && (token.value === ']' || token.value === ')')) {
      if (--depth < 0) return undefined
    }
    tokens.push(token)
  }
  return depth === 0 ? tokens : undefined
}

/**
 * Every `path = 'string'` comparison of a STIX pattern, in order. Comparisons
 * negated with NOT, and those with other operators (!=, <, LIKE, MATCHES, IN,
 * ISSUBSET…) are skipped: they do not state a value the indicator matches.
 * An unparseable pattern yields none.
 */
export function findEqualityComparisons (pattern: string): Comparison[] {
  const tokens = tokenize(pattern)
  if (tokens === undefined) return []
  const found: Comparison[] = []
  for (let i = 0; i + 2 < tokens.length; i++) {
    const path = tokens[i] as Token
    const op = tokens[i + 1] as Token
    const literal = tokens[i + 2] as Token
    if (path.t !== 'path' || op.t !== 'op' || op.value !== '=' || literal.t !== 'string') continue
    found.push({ objectType: path.objectType, steps: path.steps, value: literal.value })
  }
  return found
}
