/**
 * The network layer: a libp2p node that talks only to active directory
 * members. Events flow up (`peer:connected`, `peer:disconnected`), calls flow
 * down (`handle`, `openStream`, `membershipChanged`). It knows nothing about
 * bundles, policies or storage.
 */
export { Network } from './network.js'
export type { NetworkComponents, NetworkRefusals } from './network.js'
export { FramedStream, framed } from './framing.js'
export type { FramedStreamInit } from './framing.js'
export * from './errors.js'
export { MembershipGater, GATER_HOOKS } from './gater.js'
export type { GaterHook } from './gater.js'
export { MAX_FRAME_BYTES } from './constants.js'
export type {
  Membership, NetworkEvents, NetworkInit, ReconnectInit, ProtocolHandler,
  HandleOptions, OpenStreamOptions, NetworkStats
} from './types.js'
