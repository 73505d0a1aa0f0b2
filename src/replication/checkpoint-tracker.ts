/**
 * Tracks which announced ids of a feed are still unresolved, batch by batch,
 * and yields the highest log position up to which everything is resolved:
 * the only position a checkpoint may advance to. Batches resolve in any
 * order; the checkpoint only moves over a prefix of them.
 */
export class CheckpointTracker {
  private readonly batches: Array<{ head: number, pending: Set<string> }> = []
  private readonly waiting = new Map<string, number>()
  private drainWaiters: Array<() => void> = []

  /** Ids announced and not yet resolved. */
  get pending (): number {
    return this.waiting.size
  }

  /** A batch up to `head` announced `ids` (ids already stored should not be passed). */
  add (head: number, ids: readonly string[]): void {
    const pending = new Set<string>()
    for (const id of ids) {
      pending.add(id)
      this.waiting.set(id, (this.waiting.get(id) ?? 0) + 1)
    }
    this.batches.push({ head, pending })
  }

  /** `id` is resolved; returns the new checkpoint position if it advanced. */
  resolve (id: string): number | undefined {
    const count = this.waiting.get(id)
    if (count == null) return undefined
    if (count <= 1) this.waiting.delete(id)
    else this.waiting.set(id, count - 1)
    for (const batch of this.batches) {
      if (batch.pending.delete(id)) break
    }
    this.wakeIfBelow()
    return this.advance()
  }

  /** Pops the fully resolved prefix of batches; returns the head of the last popped one. */
  advance (): number | undefined {
    let head: number | undefined
    while (this.batches.length > 0 && this.batches[0]!.pending.size === 0) {
      head = this.batches.shift()!.head
    }
    return head
  }

  /** Resolves once no more than `limit` ids are pending. */
  async below (limit: number): Promise<void> {
    while (this.waiting.size > limit) {
      await new Promise<void>(resolve => this.drainWaiters.push(resolve))
    }
  }

  private wakeIfBelow (): void {
    const waiters = this.drainWaiters
    this.drainWaiters = []
    for (const wake of waiters) wake()
  }
}
