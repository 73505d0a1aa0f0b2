import { StreamState, YamuxStream } from '@libp2p/yamux/stream'

/** YamuxStream's fields this patch reads, and its mark (kept on the prototype: a module loaded twice shares it). */
interface StreamFields { state: StreamState, recvWindow: number, recvWindowCapacity: number }
type PatchedPrototype = { sendWindowUpdate: (this: StreamFields, ...args: unknown[]) => void, halfWindowUpdates?: true }
const proto = YamuxStream.prototype as unknown as PatchedPrototype

/**
 * @libp2p/yamux 8.0.3 answers every data frame it reads with a window update
 * (`handleData` → `sendWindowUpdate`), whatever is left of the window: for
 * intelmesh's small frames that is one more frame, noise record, TCP write
 * and wake of the sending process per frame received — on a 5-node
 * federation the origin of a bundle is woken once by each recipient's
 * acknowledgement of credit it did not need. hashicorp/yamux (the spec's
 * reference) and rust-yamux (libp2p/rust-yamux#109) send an update only
 * once half or more of the receive window is used; this does the same for
 * an established stream. Every other update (the opening SYN/ACK, a FIN or
 * RST, a resume from pause with the window at most half left, window growth)
 * goes as before. The sender never stalls: its credit reaches 0 only after
 * the whole window was read, past the half where the update left.
 * Applied once, when the network module loads.
 */
export function sendWindowUpdatesAtHalf (): void {
  if (proto.halfWindowUpdates === true) return
  const original = proto.sendWindowUpdate
  proto.sendWindowUpdate = function (this: StreamFields, ...args: unknown[]): void {
    if (this.state === StreamState.Established && this.recvWindowCapacity > this.recvWindow / 2) return
    original.apply(this, args)
  }
  proto.halfWindowUpdates = true
}
