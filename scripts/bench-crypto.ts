// Crypto and envelope throughput, printed as ONE JSON document:
// seal/s and open/s of a ~2 KiB STIX bundle for 5 and 100 recipients, and
// Ed25519 verify/s with node:crypto versus tweetnacl in the same run.
// Usage: npm run bench:crypto [-- --seconds 1]
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import nacl from 'tweetnacl'
import { ENVELOPE_SIGNATURE_DOMAIN, KeyWrapper, NodeIdentity, concatBytes, verifyDomain } from '../src/crypto/index.js'
import { openEnvelope, sealEnvelope } from '../src/envelope/index.js'
import type { SealInput } from '../src/envelope/index.js'

const STIX_FILE = resolve(process.cwd(), '../shared/data/stix-corpus/oasis-cti-documentation/indicator-for-malicious-url.json')
const secondsArg = process.argv.indexOf('--seconds')
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 1
const CREATED = 1_717_243_200_000

/** Runs `fn` for at least SECONDS (and `minRuns` times); returns operations per second. */
function rate (fn: () => void, minRuns = 20): number {
  for (let i = 0; i < Math.min(minRuns, 50); i++) fn() // warm-up: JIT and caches
  let runs = 0
  const start = process.hrtime.bigint()
  let elapsed = 0
  while (elapsed < SECONDS * 1e9 || runs < minRuns) {
    fn()
    runs++
    elapsed = Number(process.hrtime.bigint() - start)
  }
  return round(runs / (elapsed / 1e9))
}

function round (value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 10) / 10
}

function party (): { identity: NodeIdentity, wrapper: KeyWrapper } {
  const identity = NodeIdentity.generate()
  return { identity, wrapper: new KeyWrapper({ identity }) }
}

function envelopeBench (content: Uint8Array, recipientCount: number): Record<string, number> {
  const parties = Array.from({ length: recipientCount }, party)
  const origin = parties[0] as ReturnType<typeof party>
  const reader = parties[Math.floor(recipientCount / 2)] as ReturnType<typeof party>
  const input: SealInput = {
    identity: origin.identity,
    wrapper: origin.wrapper,
    kind: 'INTEL',
    policy: { tlp: 'AMBER', allow: ['DE', 'FR'], deny: [], groups: ['finance-isac'], members: [], authorities: true, personalData: false },
    recipients: parties.map((p, i) => ({ key: p.identity.memberKey, seq: i })),
    content,
    created: CREATED,
    expires: 0
  }
  const sealed = sealEnvelope(input)
  return {
    recipients: recipientCount,
    frameBytes: sealed.bytes.length,
    headerBytes: sealed.headerBytes.length,
    sealPerSecond: rate(() => { sealEnvelope(input) }),
    openPerSecond: rate(() => { openEnvelope(sealed.bytes, reader.identity, reader.wrapper, CREATED) })
  }
}

function verifyBench (): Record<string, number> {
  const seed = nacl.randomBytes(32)
  const identity = NodeIdentity.fromSeed(seed)
  const pair = nacl.sign.keyPair.fromSeed(seed)
  // A header-sized message: what the receive pipeline verifies.
  const message = nacl.randomBytes(600)
  const signature = identity.sign(ENVELOPE_SIGNATURE_DOMAIN, message)
  const signed = concatBytes(ENVELOPE_SIGNATURE_DOMAIN, message)
  if (!verifyDomain(identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, signature) || !nacl.sign.detached.verify(signed, signature, pair.publicKey)) {
    throw new Error('benchmark signatures do not verify')
  }
  const nodeCrypto = rate(() => { verifyDomain(identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, signature) })
  const tweetnacl = rate(() => { nacl.sign.detached.verify(signed, signature, pair.publicKey) }, 5)
  return { messageBytes: message.length, nodeCryptoPerSecond: nodeCrypto, tweetnaclPerSecond: tweetnacl, ratio: round(nodeCrypto / tweetnacl) }
}

const content = new Uint8Array(readFileSync(STIX_FILE))
const result = {
  node: process.version,
  secondsPerMeasure: SECONDS,
  content: { file: 'oasis-cti-documentation/indicator-for-malicious-url.json', bytes: content.length },
  envelope: [envelopeBench(content, 5), envelopeBench(content, 100)],
  ed25519Verify: verifyBench()
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
