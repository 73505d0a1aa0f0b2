// Crypto and envelope throughput per CPU-second, printed as ONE JSON document:
// seal/s and open/s of a ~2 KiB STIX bundle for 5 and 100 recipients, and
// Ed25519 verify/s and sign/s in libsodium (what we use) versus node:crypto
// (OpenSSL) and tweetnacl, XSalsa20-Poly1305
// (secretbox) in libsodium versus tweetnacl, and SHA-256 of short and
// bundle-sized inputs on each path, in the same run.
// Usage: npm run bench:crypto [-- --seconds 1]
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createHash, verify } from 'node:crypto'
import nacl from 'tweetnacl'
import { ENVELOPE_SIGNATURE_DOMAIN, KeyWrapper, NodeIdentity, concatBytes, ed25519PrivateKeyFromSeed, ed25519PublicKeyObject, sha256, signDomain, verifyDomain } from '../src/crypto/index.js'
import { secretboxOpen, secretboxSeal } from '../src/crypto/secretbox.js'
import { openEnvelope, sealEnvelope } from '../src/envelope/index.js'
import type { SealInput } from '../src/envelope/index.js'

const STIX_FILE = resolve(process.cwd(), '../shared/data/stix-corpus/oasis-cti-documentation/indicator-for-malicious-url.json')
const secondsArg = process.argv.indexOf('--seconds')
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 1
const CREATED = 1_717_243_200_000

/**
 * Runs `fn` for at least SECONDS of this process's CPU time (and `minRuns`
 * times); returns operations per CPU-second. CPU time, not wall time: the
 * figure stays meaningful when other processes share the cores.
 */
function rate (fn: () => void, minRuns = 20): number {
  for (let i = 0; i < Math.min(minRuns, 50); i++) fn() // warm-up: JIT and caches
  let runs = 0
  const start = process.cpuUsage()
  let elapsed = 0
  while (elapsed < SECONDS * 1e6 || runs < minRuns) {
    // The clock is read every 16 runs: reading it costs about as much as a short hash.
    for (let i = 0; i < 16; i++) fn()
    runs += 16
    const used = process.cpuUsage(start)
    elapsed = used.user + used.system
  }
  return round(runs / (elapsed / 1e6))
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
  const openssl = ed25519PublicKeyObject(identity.publicKey)
  const privateKey = ed25519PrivateKeyFromSeed(seed)
  const libsodium = rate(() => { verifyDomain(identity.publicKey, ENVELOPE_SIGNATURE_DOMAIN, message, signature) })
  const nodeCrypto = rate(() => { verify(null, signed, openssl, signature) })
  const tweetnacl = rate(() => { nacl.sign.detached.verify(signed, signature, pair.publicKey) }, 5)
  const signLibsodium = rate(() => { identity.sign(ENVELOPE_SIGNATURE_DOMAIN, message) })
  const signOpenssl = rate(() => { signDomain(privateKey, ENVELOPE_SIGNATURE_DOMAIN, message) })
  return {
    messageBytes: message.length,
    libsodiumPerSecond: libsodium,
    nodeCryptoPerSecond: nodeCrypto,
    tweetnaclPerSecond: tweetnacl,
    ratio: round(libsodium / nodeCrypto),
    signLibsodiumPerSecond: signLibsodium,
    signNodeCryptoPerSecond: signOpenssl,
    signRatio: round(signLibsodium / signOpenssl)
  }
}

/** secretbox seal and open of `message` (the bundle's content) in libsodium and in tweetnacl. */
function secretboxBench (message: Uint8Array): Record<string, number> {
  const nonce = nacl.randomBytes(24)
  const key = nacl.randomBytes(32)
  const box = secretboxSeal(message, nonce, key)
  if (Buffer.compare(box, nacl.secretbox(message, nonce, key)) !== 0) throw new Error('libsodium and tweetnacl secretbox differ')
  const sodiumSeal = rate(() => { secretboxSeal(message, nonce, key) })
  const tweetnaclSeal = rate(() => { nacl.secretbox(message, nonce, key) })
  const sodiumOpen = rate(() => { secretboxOpen(box, nonce, key) })
  const tweetnaclOpen = rate(() => { nacl.secretbox.open(box, nonce, key) })
  return { messageBytes: message.length, sodiumSealPerSecond: sodiumSeal, tweetnaclSealPerSecond: tweetnaclSeal, sealRatio: round(sodiumSeal / tweetnaclSeal), sodiumOpenPerSecond: sodiumOpen, tweetnaclOpenPerSecond: tweetnaclOpen, openRatio: round(sodiumOpen / tweetnaclOpen) }
}

/** sha256() (the path chosen by size) against a createHash object, for a 56-byte tagged nonce and a bundle-sized ciphertext. */
function sha256Bench (message: Uint8Array): Array<Record<string, number>> {
  return [nacl.randomBytes(56), message].map((input) => {
    const ours = rate(() => { sha256(input) })
    const hashObject = rate(() => { createHash('sha256').update(input).digest() })
    return { inputBytes: input.length, sha256PerSecond: ours, createHashPerSecond: hashObject, ratio: round(ours / hashObject) }
  })
}

const content = new Uint8Array(readFileSync(STIX_FILE))
const result = {
  node: process.version,
  secondsPerMeasure: SECONDS,
  content: { file: 'oasis-cti-documentation/indicator-for-malicious-url.json', bytes: content.length },
  envelope: [envelopeBench(content, 5), envelopeBench(content, 100)],
  ed25519Verify: verifyBench(),
  secretbox: secretboxBench(content),
  sha256: sha256Bench(content)
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
