import { PublishHeldError } from './errors.js'
import type { DirectoryView } from '../directory/types.js'
import type { Store } from '../store/store.js'
import type { RecoveryState } from '../store/types.js'
import type { Logger } from 'pino'

/** Collaborators of the recovery after a restore. */
export interface RecoveryComponents {
  store: Store
  directory: Pick<DirectoryView, 'get'>
  logger: Logger
  now: () => number
}

/**
 * Catching up after a restore from a backup (docs/backup.md). The restored
 * node lost what it received and published after the backup. What it
 * received comes back through its checkpoints, which match the restored data.
 * What it published comes back because it asks every member's feed for an
 * echo (entries it delivered itself; its peers skip those otherwise), and
 * every member's hello says the highest seq it saw from us. Both raise the
 * per-recipient counters, and publishing is held until every active member's
 * feed has been read to its end once, so no seq is handed out twice.
 */
export class Recovery {
  private readonly components: RecoveryComponents
  private state: RecoveryState | undefined
  private writes: Promise<void> = Promise.resolve()

  constructor (components: RecoveryComponents, state: RecoveryState | undefined) {
    this.components = components
    this.state = state
  }

  /** The catch-up state, or undefined once caught up (or when the node was never restored). */
  get current (): RecoveryState | undefined {
    return this.state === undefined ? undefined : { ...this.state, pending: this.waitingFor() }
  }

  /** Members still to catch up with: pending ones that are still active (a suspended or removed one is not waited for). */
  waitingFor (): string[] {
    const { directory } = this.components
    return (this.state?.pending ?? []).filter(key => directory.get(key)?.status === 'active')
  }

  /** Ask `peer` for an echo while we have not caught up with it. */
  echo (peer: string): boolean {
    return this.state?.pending.includes(peer) === true
  }

  /** `peer` saw seqs up to `seq` from us: our counter for it never goes back to them. */
  async seenFromYou (peer: string, seq: number): Promise<void> {
    if (!this.echo(peer) || seq <= 0 || !Number.isSafeInteger(seq)) return
    if (seq > await this.components.store.getCounter(peer)) {
      this.components.logger.info({ peer, seq }, 'restore: per-recipient counter raised to what the peer saw from us')
      await this.components.store.raiseCounters([{ recipient: peer, seq }])
    }
  }

  /** `peer`'s feed (with echo) was read to its end with nothing pending. */
  caughtUp (peer: string): void {
    const state = this.state
    if (state === undefined || !state.pending.includes(peer)) return
    state.pending = state.pending.filter(key => key !== peer)
    this.components.logger.info({ peer, left: this.waitingFor().length }, 'restore: caught up with a member')
    this.persist()
  }

  /** Throws PublishHeldError while some active member has not been caught up with. */
  checkMayPublish (): void {
    if (this.state === undefined) return
    const waiting = this.waitingFor()
    if (waiting.length === 0) { this.persist(); return }
    const names = waiting.map(key => this.components.directory.get(key)?.name ?? key)
    throw new PublishHeldError(`publishing is held after the restore of ${new Date(this.state.restoredAt).toISOString()} until this node has caught up with ${waiting.length} member(s): ${names.join(', ')} (a member that will not return can be suspended; see docs/backup.md)`)
  }

  /** Resolves when the last state change is on disk. */
  async settled (): Promise<void> {
    await this.writes
  }

  private persist (): void {
    const done = this.state !== undefined && this.waitingFor().length === 0
    if (done) {
      this.components.logger.info({ restoredAt: this.state?.restoredAt }, 'restore: caught up with every active member; publishing resumes')
      this.state = undefined
    }
    const value = this.state === undefined ? undefined : { ...this.state, pending: [...this.state.pending] }
    this.writes = this.writes.then(async () => this.components.store.setRecovery(value)).catch(err => {
      this.components.logger.warn({ err: (err as Error).message }, 'restore: saving the catch-up state failed')
    })
  }
}
