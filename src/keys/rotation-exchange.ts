import { framed } from '../network/framing.js'
import { MAX_ROTATION_FRAME_BYTES, MAX_STATEMENTS_PER_FRAME, ROTATION_PROTOCOL, ROTATION_PUSH_TIMEOUT_MS } from './constants.js'
import { MalformedStatementError } from './errors.js'
import type { StatementWire } from './statement.js'
import type { Stream } from '@libp2p/interface'
import type { Logger } from 'pino'

/** The part of the network the exchange uses. */
export interface ExchangeNetwork {
  handle: (protocol: string, handler: (stream: Stream, peer: string) => void | Promise<void>, opts?: { maxInboundStreams?: number }) => Promise<void>
  openStream: (peer: string, protocol: string, opts?: { signal?: AbortSignal }) => Promise<Stream>
}

/** Collaborators of the rotation exchange. */
export interface RotationExchangeComponents {
  network: ExchangeNetwork
  logger: Logger
  /** Statements a peer passed us (unverified wire forms: the receiver checks each). */
  onStatements: (from: string, statements: unknown[]) => Promise<void>
}

/**
 * `/intelmesh/keys/1.0.0`: one length-prefixed frame holding a JSON array of rotation
 * statements, pushed by the sender, then both ends close. Members push what they know on
 * every new connection and when they learn something, so a member offline during a rotation
 * still hears of it from any peer. Only active members reach the handler (the gater and the
 * network's stream guard), and every statement is verified against the receiver's directory.
 */
export class RotationExchange {
  private readonly components: RotationExchangeComponents

  constructor (components: RotationExchangeComponents) {
    this.components = components
  }

  /** Registers the protocol handler. */
  async start (): Promise<void> {
    await this.components.network.handle(ROTATION_PROTOCOL, async (stream, peer) => { await this.serve(stream, peer) }, { maxInboundStreams: 4 })
  }

  /** Pushes `statements` to `peer`; resolves true once written, false when the peer could not be reached. */
  async push (peer: string, statements: readonly StatementWire[]): Promise<boolean> {
    if (statements.length === 0) return true
    const signal = AbortSignal.timeout(ROTATION_PUSH_TIMEOUT_MS)
    try {
      const stream = await this.components.network.openStream(peer, ROTATION_PROTOCOL, { signal })
      const frames = framed(stream, { maxFrameBytes: MAX_ROTATION_FRAME_BYTES })
      await frames.write(new TextEncoder().encode(JSON.stringify(statements.slice(0, MAX_STATEMENTS_PER_FRAME))), { signal })
      await frames.close({ signal })
      return true
    } catch (err) {
      this.components.logger.warn({ peer, err: (err as Error).message }, 'pushing rotation statements failed')
      return false
    }
  }

  private async serve (stream: Stream, peer: string): Promise<void> {
    const frames = framed(stream, { maxFrameBytes: MAX_ROTATION_FRAME_BYTES })
    const frame = await frames.read({ signal: AbortSignal.timeout(ROTATION_PUSH_TIMEOUT_MS) })
    await frames.close().catch(() => {})
    if (frame == null) return
    let list: unknown
    try {
      list = JSON.parse(new TextDecoder().decode(frame))
    } catch (err) {
      throw new MalformedStatementError('(frame)', 'is not JSON', { cause: err })
    }
    if (!Array.isArray(list) || list.length > MAX_STATEMENTS_PER_FRAME) {
      throw new MalformedStatementError('(frame)', `must be a JSON array of at most ${MAX_STATEMENTS_PER_FRAME} statements`)
    }
    await this.components.onStatements(peer, list)
  }
}
