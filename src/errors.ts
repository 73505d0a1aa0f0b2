/**
 * The root of every error intelmesh throws on purpose.
 *
 * Each subclass carries a stable `code` (SCREAMING_SNAKE, never reworded) so
 * that callers, tests and the HTTP edge match on the code, never on message
 * text. Messages are for humans: they name the object and the field.
 */
export class IntelmeshError extends Error {
  static override name = 'IntelmeshError'
  /** Stable machine-readable code, e.g. `ENVELOPE_BAD_SIGNATURE`. */
  readonly code: string

  constructor (code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
    this.name = (this.constructor as { name: string }).name
  }
}

/** True when `err` is an intelmesh error with the given code. */
export function hasCode (err: unknown, code: string): boolean {
  return err instanceof IntelmeshError && err.code === code
}
