import { StreamState, YamuxStream } from '@libp2p/yamux/stream'

/** YamuxStream's fields the patch reads. */
interface StreamFields { state: StreamState, recvWindow: number, recvWindowCapacity: number }
/** YamuxStream's prototype, with the patch's marks (kept there: a module loaded twice shares them). */
type PatchedPrototype = { sendWindowUpdate: (this: StreamFields, ...args: unknown[]) => void, patched?: true, droppedWindowUpdates?: number }
const proto = YamuxStream.prototype as unknown as PatchedPrototype

/**
 * Two changes to when @libp2p/yamux 8.0.3 (the latest release) sends a
 * stream's window update, in one wrapper of `sendWindowUpdate`. Applied once,
 * when the network module loads, before any connection exists.
 *
 * Credit at half a window. The library answers every data frame it reads
 * with a window update (`handleData` → `sendWindowUpdate`), whatever is left
 * of the window: for intelmesh's small frames that is one more frame, noise
 * record, TCP write and wake of the sending process per frame received — on
 * a 5-node federation the origin of a bundle is woken once by each
 * recipient's acknowledgement of credit it did not need. hashicorp/yamux
 * (the spec's reference) and rust-yamux (libp2p/rust-yamux#109) send an
 * update only once half or more of the receive window is used; this does the
 * same for an established stream. Every other update (the opening SYN/ACK, a
 * FIN or RST, a resume from pause with the window at most half left, window
 * growth) goes as before. The sender never stalls: its credit reaches 0 only
 * after the whole window was read, past the half where the update left.
 *
 * No throw on a closed connection. A new outbound stream sends its opening
 * window update in a microtask (`YamuxMuxer.onCreateStream`), and when the
 * connection closes in between — a prune or a peer hanging up while a stream
 * is being opened, seen when forming 128 in-process nodes — the library
 * throws StreamStateError ("Cannot write to a stream that is closed")
 * outside any promise: an uncaught exception that crashed the process. A
 * window update on a closed connection has nothing to do, so it is dropped
 * (and counted); every other error is thrown as before.
 */
export function patchYamuxWindowUpdates (): void {
  if (proto.patched === true) return
  const original = proto.sendWindowUpdate
  proto.sendWindowUpdate = function (this: StreamFields, ...args: unknown[]): void {
    if (this.state === StreamState.Established && this.recvWindowCapacity > this.recvWindow / 2) return
    try {
      original.apply(this, args)
    } catch (err) {
      if ((err as Error).name !== 'StreamStateError') throw err
      proto.droppedWindowUpdates = (proto.droppedWindowUpdates ?? 0) + 1
    }
  }
  proto.patched = true
}

/** Window updates dropped because their connection had closed (tests, diagnostics). */
export function droppedWindowUpdates (): number {
  return proto.droppedWindowUpdates ?? 0
}
