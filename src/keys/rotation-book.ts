import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileDurably } from '../fs/durable-file.js'
import { ROTATIONS_FILE_NAME } from './constants.js'
import { KeyringFileError } from './errors.js'
import { parseRotationStatement, statementToWire } from './statement.js'
import type { RotationStatement, StatementWire } from './statement.js'

/** Where a peer's rotation stands on this node. */
export type RotationStatus = 'pending' | 'accepted' | 'rejected'

/** A rotation statement this node received (or was given), and what its admin decided. */
export interface RotationEntry {
  statement: RotationStatement
  status: RotationStatus
  /** When it arrived (ms since epoch). */
  receivedAt: number
  /** The peer that passed it on, or `admin` when submitted through the API. */
  from: string
  /** When it was accepted or rejected. */
  decidedAt?: number
  /** `admin`, or `policy` for an automatic acceptance (keys.autoAcceptRotations). */
  decidedBy?: 'admin' | 'policy'
}

interface EntryFile extends Omit<RotationEntry, 'statement'> { statement: StatementWire }

/**
 * The rotation statements this node knows, one per old key (the newest), kept in
 * `<dataDir>/rotations.json`. Statements are public (signed claims, no secrets); every
 * entry is re-verified on load, so an edited file cannot smuggle one in.
 */
export class RotationBook {
  readonly #path: string
  readonly #entries = new Map<string, RotationEntry>()
  #tail: Promise<unknown> = Promise.resolve()

  private constructor (path: string) {
    this.#path = path
  }

  /** Reads the book of `dataDir` (none yet: empty). */
  static async open (dataDir: string): Promise<RotationBook> {
    const book = new RotationBook(join(dataDir, ROTATIONS_FILE_NAME))
    let text: string
    try {
      text = await readFile(book.#path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return book
      throw err
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (err) {
      throw new KeyringFileError(`rotations file ${book.#path} is not JSON`, { cause: err })
    }
    const list = (parsed as { rotations?: unknown })?.rotations
    if (!Array.isArray(list)) throw new KeyringFileError(`rotations file ${book.#path}: field "rotations" must be an array`)
    for (const entry of list as EntryFile[]) {
      const statement = parseRotationStatement(entry.statement)
      book.#entries.set(statement.oldKey, { ...entry, statement })
    }
    return book
  }

  /** The entry for this old key, if any. */
  get (oldKey: string): RotationEntry | undefined {
    return this.#entries.get(oldKey)
  }

  /** Every entry, newest statement first. */
  list (): RotationEntry[] {
    return [...this.#entries.values()].sort((a, b) => b.statement.issued - a.statement.issued)
  }

  /** Writes (inserts or replaces) the entry of its old key, durably. */
  async put (entry: RotationEntry): Promise<void> {
    this.#entries.set(entry.statement.oldKey, entry)
    await this.#save()
  }

  async #save (): Promise<void> {
    const run = this.#tail.then(async () => {
      const body = { rotations: [...this.#entries.values()].map(e => ({ ...e, statement: statementToWire(e.statement) })) }
      await writeFileDurably(this.#path, `${JSON.stringify(body, null, 2)}\n`)
    })
    this.#tail = run.catch(() => {})
    await run
  }
}
