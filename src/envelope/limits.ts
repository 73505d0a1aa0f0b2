import { MAX_FRAME_BYTES, MAX_HEADER_BYTES, MAX_PLAINTEXT_BYTES, MAX_RECIPIENTS } from './constants.js'

/** Size limits checked before any allocation or crypto (DESIGN.md "Limits"). */
export interface EnvelopeLimits {
  /** Largest whole frame, in bytes. */
  maxFrameBytes: number
  /** Largest encoded header, in bytes. */
  maxHeaderBytes: number
  /** Most recipients in one header. */
  maxRecipients: number
  /** Largest content (STIX JSON or retraction JSON), in bytes. */
  maxPlaintextBytes: number
}

/** The defaults: 4 MiB frame, 256 KiB header, 1,000 recipients, 3 MiB content. */
export const DEFAULT_ENVELOPE_LIMITS: Readonly<EnvelopeLimits> = Object.freeze({
  maxFrameBytes: MAX_FRAME_BYTES,
  maxHeaderBytes: MAX_HEADER_BYTES,
  maxRecipients: MAX_RECIPIENTS,
  maxPlaintextBytes: MAX_PLAINTEXT_BYTES
})
