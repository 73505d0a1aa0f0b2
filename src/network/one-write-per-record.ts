import { AbstractMultiaddrConnection } from '@libp2p/utils'
import type { Uint8ArrayList } from 'uint8arraylist'

/** AbstractMultiaddrConnection's `send`, and the patch's mark (kept on the prototype: a module loaded twice shares it). */
type PatchedPrototype = { send: (this: unknown, data: Uint8Array | Uint8ArrayList) => boolean, patched?: true }
const proto = AbstractMultiaddrConnection.prototype as unknown as PatchedPrototype

/**
 * One socket write for each piece of data a connection is given, instead of
 * one per buffer in it.
 *
 * Noise hands the connection each record as a list of two buffers, its
 * 2-byte length and its ciphertext, and @libp2p/tcp 11.0.28 writes every
 * buffer of a list with its own `socket.write`. With TCP_NODELAY (libp2p's
 * default) every yamux frame thus cost two system calls and two TCP
 * segments, the first of 2 bytes, and could wake the receiving process twice.
 * Measured in one process (`npm run bench:scale -- --sizes 8 --mesh 0`):
 * 7.2 TCP writes per delivery for 3.2 yamux frames; 3.2 with this.
 *
 * The list is joined into one buffer (a copy of at most one yamux frame's
 * worth of records, bounded by the stream windows) before the connection
 * queues it. What reaches the wire is byte for byte the same, and so is
 * back-pressure: `send` still returns whether the socket accepts more. It
 * applies to every transport's connection (each is an
 * AbstractMultiaddrConnection), which all take the bytes in order however
 * they are split. Applied once, when libp2p-node.ts loads.
 */
export function patchOneWritePerRecord (): void {
  if (proto.patched === true) return
  const send = proto.send
  proto.send = function (this: unknown, data: Uint8Array | Uint8ArrayList): boolean {
    // A list's subarray() is its one buffer as it is, or all of them joined.
    return send.call(this, data instanceof Uint8Array ? data : data.subarray())
  }
  proto.patched = true
}
