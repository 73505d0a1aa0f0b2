import { YamuxStream } from '@libp2p/yamux/stream'

/** YamuxStream's prototype, with the guard's marks (kept there: a module loaded twice shares them). */
type GuardedPrototype = { sendWindowUpdate: (...args: unknown[]) => void, guarded?: true, droppedWindowUpdates?: number }
const proto = YamuxStream.prototype as unknown as GuardedPrototype

/**
 * Guards a race in @libp2p/yamux 8.0.3 that crashed the process: a new
 * outbound stream sends its opening window update in a microtask
 * (`YamuxMuxer.onCreateStream`), and when the connection closes in between —
 * a prune or a peer hanging up while a stream is being opened, seen when
 * forming 128 in-process nodes — `sendWindowUpdate` throws StreamStateError
 * ("Cannot write to a stream that is closed") outside any promise: an
 * uncaught exception. A window update on a closed connection has nothing to
 * do, so it is dropped (and counted); every other error is thrown as before.
 * Applied once, when the network module loads.
 */
export function guardYamuxWindowUpdates (): void {
  if (proto.guarded === true) return
  const original = proto.sendWindowUpdate
  proto.sendWindowUpdate = function (this: unknown, ...args: unknown[]): void {
    try {
      original.apply(this, args)
    } catch (err) {
      if ((err as Error).name !== 'StreamStateError') throw err
      proto.droppedWindowUpdates = (proto.droppedWindowUpdates ?? 0) + 1
    }
  }
  proto.guarded = true
}

/** Window updates dropped because their connection had closed (tests, diagnostics). */
export function droppedWindowUpdates (): number {
  return proto.droppedWindowUpdates ?? 0
}
