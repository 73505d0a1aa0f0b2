import { ENVELOPE_SIGNATURE_DOMAIN, KeyWrapper, NodeIdentity } from '../../src/crypto/index.js'
import { Envelope } from '../../src/envelope/envelope.js'
import { parseFrame } from '../../src/envelope/frame.js'
import { DEFAULT_ENVELOPE_LIMITS, EnvelopeError, bundleId, decodeEnvelope, openEnvelope, sealEnvelope } from '../../src/envelope/index.js'
import { IntelmeshError } from '../../src/errors.js'
import { MAX_FETCH_IDS, RECEIPT_BATCH_MAX } from '../../src/replication/constants.js'
import { ProtocolViolationError } from '../../src/replication/errors.js'
import { FeedMessage, FeedRequest, FetchRequest, FetchResponse, ReceiptAck, ReceiptBatch } from '../../src/replication/messages.js'
import { verifyReceipt } from '../../src/replication/receipt.js'
import { decodeMessage } from '../../src/replication/violation.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { mutate, randomInput } from './mutate.js'
import type { Random } from './random.js'
import type { Policy } from '../../src/policy/types.js'

/** What one input did: decoded, or refused with an expected, typed error. */
export type Verdict = 'accepted' | 'rejected'

/** A decoder under fuzz: how to make inputs, and how to run one (throws only on a real fault). */
export interface FuzzTarget {
  name: string
  /** Share of the inputs this target gets. */
  weight: number
  input: (rng: Random) => Uint8Array
  run: (bytes: Uint8Array) => Verdict
}

/** A decoder threw something it should not have: the input and what it threw. */
export class FuzzFault extends Error {
  static override name = 'FuzzFault'
  constructor (readonly target: string, readonly bytes: Uint8Array, readonly thrown: unknown) {
    super(`${target}: ${(thrown as Error)?.name ?? typeof thrown}: ${(thrown as Error)?.message ?? String(thrown)}`)
  }
}

const NOW = 1_800_000_000_000

/** Runs `fn`; an error passing `expected` is a rejection, anything else is a fault. */
function guarded (target: string, bytes: Uint8Array, expected: (err: unknown) => boolean, fn: () => void): Verdict {
  try {
    fn()
    return 'accepted'
  } catch (err) {
    if (err instanceof FuzzFault) throw err
    if (expected(err)) return 'rejected'
    throw new FuzzFault(target, bytes, err)
  }
}

function check (condition: boolean, target: string, bytes: Uint8Array, what: string): void {
  if (!condition) throw new FuzzFault(target, bytes, new Error(`accepted input breaks an invariant: ${what}`))
}

/** Parties and genuine envelopes that mutations start from. */
function envelopeSeeds (): { origin: NodeIdentity, reader: { identity: NodeIdentity, wrapper: KeyWrapper }, seeds: Uint8Array[] } {
  const origin = NodeIdentity.fromSeed(new Uint8Array(32).fill(1))
  const readerId = NodeIdentity.fromSeed(new Uint8Array(32).fill(2))
  const others = Array.from({ length: 20 }, (_, i) => NodeIdentity.fromSeed(new Uint8Array(32).fill(10 + i)).memberKey)
  const wrapper = new KeyWrapper({ identity: origin })
  const policy: Policy = { tlp: 'AMBER', allow: ['EU', 'NO'], deny: ['RU'], groups: ['finance'], members: [], authorities: true, personalData: true }
  const stix = (n: number): Uint8Array => new TextEncoder().encode(JSON.stringify(indicatorBundle(n, { label: 'fuzz' }).stix))
  const seal = (recipients: string[], extra: Partial<Parameters<typeof sealEnvelope>[0]> = {}): Uint8Array => sealEnvelope({
    identity: origin,
    wrapper,
    kind: 'INTEL',
    policy,
    recipients: [origin.memberKey, readerId.memberKey, ...recipients].map((key, seq) => ({ key, seq })),
    content: stix(recipients.length),
    created: NOW - 1000,
    expires: 0,
    random: { nonce: new Uint8Array(24).fill(recipients.length), contentKey: new Uint8Array(32).fill(7) },
    ...extra
  }).bytes
  const seeds = [
    seal([]),
    seal(others.slice(0, 3)),
    seal(others),
    seal([], { expires: NOW + 60_000 }),
    seal([], { kind: 'RETRACTION', ref: 'ab'.repeat(32), content: new TextEncoder().encode('{"reason":"x"}') }),
    seal(others.slice(0, 1), { policy: { ...policy, tlp: 'RED', members: [readerId.memberKey] } })
  ]
  return { origin, reader: { identity: readerId, wrapper: new KeyWrapper({ identity: readerId }) }, seeds }
}

/** Re-signs a mutated header with the true origin key: the checks after the signature get exercised too. */
function resigned (seed: Uint8Array, origin: NodeIdentity, rng: Random): Uint8Array {
  const frame = parseFrame(seed)
  const header = mutate(frame.header, rng)
  const ciphertext = rng.chance(0.2) ? mutate(frame.ciphertext, rng) : frame.ciphertext
  return Envelope.encode({
    header: header as Uint8Array<ArrayBuffer>,
    signature: origin.sign(ENVELOPE_SIGNATURE_DOMAIN, header) as Uint8Array<ArrayBuffer>,
    ciphertext: ciphertext as Uint8Array<ArrayBuffer>
  })
}

const isEnvelopeError = (err: unknown): boolean => err instanceof EnvelopeError
const isTyped = (err: unknown): boolean => err instanceof IntelmeshError
const isViolation = (err: unknown): boolean => err instanceof ProtocolViolationError

/** Seeds of the replication protocol messages. */
function messageSeeds (envelope: Uint8Array): Record<string, Uint8Array[]> {
  const id = (n: number): Uint8Array<ArrayBuffer> => Uint8Array.from(new Uint8Array(32).fill(n))
  return {
    feedMessage: [
      FeedMessage.encode({ hello: { logId: 'a1b2c3d4', epoch: 'e'.repeat(64), since: 12n } }),
      FeedMessage.encode({ batch: { entries: Array.from({ length: 20 }, (_, i) => ({ pos: BigInt(i + 1), id: id(i) })), head: 20n, tail: true } }),
      FeedMessage.encode({ batch: { entries: [], head: 0n, tail: false } })
    ],
    feedRequest: [FeedRequest.encode({ logId: 'a1b2c3d4', epoch: 'e'.repeat(64), since: 99n }), FeedRequest.encode({ logId: '', epoch: '', since: 0n })],
    fetchRequest: [FetchRequest.encode({ ids: [id(1), id(2), id(3)] }), FetchRequest.encode({ ids: Array.from({ length: 64 }, (_, i) => id(i)) })],
    fetchResponse: [FetchResponse.encode({ id: id(5), envelope: envelope as Uint8Array<ArrayBuffer> }), FetchResponse.encode({ id: id(6), refused: 'not stored here' })],
    receiptBatch: [ReceiptBatch.encode({ receipts: Array.from({ length: 5 }, (_, i) => ({ id: id(i), storedAt: BigInt(NOW + i), signature: new Uint8Array(64).fill(i) })) })],
    receiptAck: [ReceiptAck.encode({ accepted: 3, refused: [{ id: id(1), code: 'RECEIPT_BAD_SIGNATURE' }] }), ReceiptAck.encode({ accepted: 0, refused: [] })]
  }
}

/** Random bytes or a mutated seed. */
function from (seeds: Uint8Array[], rng: Random): Uint8Array {
  return rng.chance(0.25) ? randomInput(rng) : mutate(rng.pick(seeds), rng, seeds)
}

/** Every decoder that reads bytes from a peer: the envelope (decode and full open) and the six protocol messages. */
export function fuzzTargets (): FuzzTarget[] {
  const { origin, reader, seeds } = envelopeSeeds()
  const messages = messageSeeds(seeds[1]!)
  const limits = DEFAULT_ENVELOPE_LIMITS
  return [
    {
      name: 'envelope.decodeEnvelope',
      weight: 30,
      input: rng => from(seeds, rng),
      run: bytes => guarded('envelope.decodeEnvelope', bytes, isEnvelopeError, () => {
        const decoded = decodeEnvelope(bytes, limits)
        check(decoded.bytes.byteLength === bytes.byteLength, 'envelope.decodeEnvelope', bytes, 'bytes kept as received')
        check(decoded.id === bundleId(decoded.headerBytes), 'envelope.decodeEnvelope', bytes, 'id is the hash of the header bytes')
        check(decoded.header.recipients.length <= limits.maxRecipients, 'envelope.decodeEnvelope', bytes, 'recipients within the limit')
      })
    },
    {
      name: 'envelope.openEnvelope',
      weight: 8,
      input: rng => rng.chance(0.5) ? resigned(rng.pick(seeds), origin, rng) : from(seeds, rng),
      run: bytes => guarded('envelope.openEnvelope', bytes, isTyped, () => {
        const opened = openEnvelope(bytes, reader.identity, reader.wrapper, NOW, limits)
        check(opened.content.byteLength <= limits.maxPlaintextBytes, 'envelope.openEnvelope', bytes, 'content within the limit')
      })
    },
    {
      name: 'replication.FeedMessage',
      weight: 16,
      input: rng => from(messages.feedMessage!, rng),
      run: bytes => guarded('replication.FeedMessage', bytes, isViolation, () => { decodeMessage('feed message', () => FeedMessage.decode(bytes)) })
    },
    {
      name: 'replication.FeedRequest',
      weight: 12,
      input: rng => from(messages.feedRequest!, rng),
      run: bytes => guarded('replication.FeedRequest', bytes, isViolation, () => { decodeMessage('feed request', () => FeedRequest.decode(bytes)) })
    },
    {
      name: 'replication.FetchRequest',
      weight: 16,
      input: rng => from(messages.fetchRequest!, rng),
      run: bytes => guarded('replication.FetchRequest', bytes, isViolation, () => {
        const request = decodeMessage('fetch request', () => FetchRequest.decode(bytes, { limits: { ids: MAX_FETCH_IDS } }))
        check(request.ids.length <= MAX_FETCH_IDS, 'replication.FetchRequest', bytes, 'ids within the limit')
      })
    },
    {
      name: 'replication.FetchResponse',
      weight: 18,
      input: rng => from(messages.fetchResponse!, rng),
      run: bytes => guarded('replication.FetchResponse', bytes, err => isViolation(err) || isEnvelopeError(err), () => {
        const response = decodeMessage('fetch response', () => FetchResponse.decode(bytes))
        // what the scheduler does next with the bytes: the pipeline's first stage
        if (response.envelope != null) decodeEnvelope(response.envelope, limits)
      })
    },
    {
      name: 'replication.ReceiptBatch',
      weight: 8,
      input: rng => from(messages.receiptBatch!, rng),
      run: bytes => guarded('replication.ReceiptBatch', bytes, isViolation, () => {
        const batch = decodeMessage('receipt batch', () => ReceiptBatch.decode(bytes, { limits: { receipts: RECEIPT_BATCH_MAX } }))
        check(batch.receipts.length <= RECEIPT_BATCH_MAX, 'replication.ReceiptBatch', bytes, 'receipts within the limit')
        // what the origin does next: verification answers true or false, it never throws
        for (const r of batch.receipts) verifyReceipt({ id: Buffer.from(r.id).toString('hex'), storedAt: Number(r.storedAt), signature: r.signature }, reader.identity.memberKey)
      })
    },
    {
      name: 'replication.ReceiptAck',
      weight: 6,
      input: rng => from(messages.receiptAck!, rng),
      run: bytes => guarded('replication.ReceiptAck', bytes, isViolation, () => { decodeMessage('receipt acknowledgement', () => ReceiptAck.decode(bytes, { limits: { refused: RECEIPT_BATCH_MAX } })) })
    }
  ]
}
